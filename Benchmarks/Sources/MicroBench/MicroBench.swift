import Connectors
import Foundation
import LLMCore
import LLMProviders

/// Times the hot paths per operation (best of five runs): the SSE decoder over a 1,000-event
/// stream fed in 1 KB network chunks, decoding one chat chunk, parsing one chat completion, making a
/// request context, and encoding a request body. Prints one JSON object; compare runs of the same machine, commit to
/// commit. `MicroBench sse|decode|response|context|encode` runs one of them alone (for a profiler).
@main
struct MicroBench {
    static func time(_ iterations: Int, _ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<5 {
            let start = ContinuousClock.now
            for _ in 0..<iterations { try body() }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            best = min(best, seconds / Double(iterations))
        }
        return best * 1e9
    }

    static func main() async throws {
        let only = CommandLine.arguments.dropFirst().first
        func wanted(_ name: String) -> Bool { only == nil || only == name }
        let event =
            #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"hello "},"finish_reason":null}]}"#
        var figures: [(String, Double)] = []

        if wanted("sse") {
            var stream = Data()
            for _ in 0..<1_000 { stream.append(Data("data: \(event)\n\n".utf8)) }
            stream.append(Data("data: [DONE]\n\n".utf8))
            let pieces = stride(from: 0, to: stream.count, by: 1_024).map { stream[$0..<min($0 + 1_024, stream.count)] }
            let perStream = time(only == nil ? 50 : 2_000) {
                var decoder = SSEDecoder()
                var count = 0
                for piece in pieces { count += decoder.feed(piece).count }
                precondition(count == 1_001)
            }
            figures.append(("sse_ns_per_event", perStream / 1_001))
        }
        if wanted("decode") {
            let decoder = ChunkDecoder()
            figures.append(
                (
                    "chunk_decode_ns",
                    try time(only == nil ? 20_000 : 2_000_000) { _ = try decoder.decode(event, deliveredText: "") }
                ))
        }

        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(baseURL: URL(string: "https://bench.openai.azure.com")!, deployment: "d", apiKey: "k")
            ))
        let model = GPT4oLLM(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
        if wanted("response") {
            let body = Data(
                #"{"id":"chatcmpl-bench","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"The quick brown fox jumps over the lazy dog."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":10,"total_tokens":22}}"#
                    .utf8)
            let info = ResponseInfo(
                status: 200, endpoint: "https://bench.openai.azure.com", endpointName: "primary", attempts: 1)
            figures.append(
                (
                    "response_parse_ns",
                    try time(only == nil ? 20_000 : 2_000_000) { _ = try model.parseResponse(body, info: info) }
                ))
        }
        if wanted("context") {
            figures.append(("request_context_ns", time(only == nil ? 20_000 : 2_000_000) { _ = RequestContext() }))
        }
        if wanted("encode") {
            let messages: [ChatMessage] = [
                .system("You are terse."), .user("Summarise the following text in one line."),
            ]
            let options = GenerationOptions(maxTokens: 200, temperature: 0.2)
            let context = RequestContext(requestId: "bench")
            figures.append(
                (
                    "body_encode_ns",
                    try time(only == nil ? 20_000 : 2_000_000) {
                        _ = try model.buildBody(messages, options: options, stream: true, context: context).data
                    }
                ))
        }
        try await connector.shutdown()
        if let sse = figures.first(where: { $0.0 == "sse_ns_per_event" })?.1,
            let decode = figures.first(where: { $0.0 == "chunk_decode_ns" })?.1
        {
            figures.append(("sse_plus_decode_us_per_chunk", (sse + decode) / 1_000))
        }
        print("{" + figures.map { #""\#($0.0)": \#($0.1)"# }.joined(separator: ", ") + "}")
    }
}
