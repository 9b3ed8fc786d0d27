import Foundation
import SwiftLLM
import Testing

/// The real servers `.ci/run` starts (Scripts/llama-server.sh, Scripts/litellm.sh), found through
/// the environment. A suite whose server is not running is skipped with a message saying how to
/// start it; it never passes silently.
enum RealServers {
    static let environment = ProcessInfo.processInfo.environment

    /// llama.cpp's llama-server (chat, Responses, Messages): `LLM_TEST_LLAMA_URL`.
    static let llama = environment["LLM_TEST_LLAMA_URL"].flatMap(URL.init(string:))
    /// A second llama-server with `--embeddings`: `LLM_TEST_LLAMA_EMBEDDINGS_URL`.
    static let llamaEmbeddings = environment["LLM_TEST_LLAMA_EMBEDDINGS_URL"].flatMap(URL.init(string:))
    /// The key both llama-servers were started with.
    static let llamaKey = environment["LLM_TEST_LLAMA_KEY"] ?? ""
    /// The LiteLLM proxy: `LLM_TEST_LITELLM_URL`, with `LLM_TEST_LITELLM_KEY`.
    static let litellm = environment["LLM_TEST_LITELLM_URL"].flatMap(URL.init(string:))
    static let litellmKey = environment["LLM_TEST_LITELLM_KEY"] ?? ""

    static let llamaMissing: Comment =
        "LLM_TEST_LLAMA_URL is not set: start llama-server with `Scripts/llama-server.sh start DIR` and export the variables it prints (.ci/run does)"
    static let litellmMissing: Comment =
        "LLM_TEST_LITELLM_URL is not set: start the LiteLLM proxy with `Scripts/litellm.sh start DIR` and export the variables it prints (.ci/run does)"

    /// A connector to `url` as `style`, with `key`, without retries (a real server's answer is the
    /// answer) and with deadlines of seconds, not milliseconds.
    static func connector(_ url: URL, style: EndpointStyle, key: String) throws -> Connector {
        try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(baseURL: url, style: style, apiKey: APIKey(key), name: "real"),
                retry: RetryPolicy(maxRetries: 0), timeouts: Timeouts(attempt: .seconds(120), total: .seconds(180))))
    }

    /// Runs `body` with a connector, shut down on every path.
    static func with<T>(
        _ url: URL, style: EndpointStyle, key: String, _ body: (Connector) async throws -> T
    ) async throws -> T {
        let connector = try connector(url, style: style, key: key)
        do {
            let value = try await body(connector)
            try await connector.shutdown()
            return value
        } catch {
            try? await connector.shutdown()
            throw error
        }
    }

    /// The streamed answer of `model`, folded, with how many chunks carried text.
    static func streamed(_ model: any LLM, _ messages: [ChatMessage], options: GenerationOptions) async throws
        -> (response: LLMResponse, textChunks: Int)
    {
        var accumulator = StreamAccumulator()
        var textChunks = 0
        for try await chunk in model.streamAnswer(messages, options: options) {
            if chunk.textDelta?.isEmpty == false { textChunks += 1 }
            accumulator.add(chunk)
        }
        return (accumulator.response, textChunks)
    }
}
