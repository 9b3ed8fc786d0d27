import Connectors
import Foundation
import LLMCore
import LLMProviders

/// Times the hot paths per operation (best of five runs): the SSE decoder over a 1,000-event
/// stream fed in 1 KB network chunks, decoding one chat chunk, and encoding a request body.
/// Prints one JSON object; compare runs of the same machine, commit to commit.
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
        let event =
            #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"hello "},"finish_reason":null}]}"#
        var stream = Data()
        for _ in 0..<1_000 { stream.append(Data("data: \(event)\n\n".utf8)) }
        stream.append(Data("data: [DONE]\n\n".utf8))
        let pieces = stride(from: 0, to: stream.count, by: 1_024).map { stream[$0..<min($0 + 1_024, stream.count)] }

        let ssePerStream = time(50) {
            var decoder = SSEDecoder()
            var count = 0
            for piece in pieces { count += decoder.feed(piece).count }
            precondition(count == 1_001)
        }
        let chunkDecoder = ChunkDecoder()
        let decodePerChunk = try time(20_000) { _ = try chunkDecoder.decode(event, deliveredText: "") }

        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(baseURL: URL(string: "https://bench.openai.azure.com")!, deployment: "d", apiKey: "k")
            ))
        let model = GPT4oLLM(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
        let messages: [ChatMessage] = [.system("You are terse."), .user("Summarise the following text in one line.")]
        let options = GenerationOptions(maxTokens: 200, temperature: 0.2)
        let encodePerBody = try time(20_000) { _ = try model.buildBody(messages, options: options, stream: true).data }
        try await connector.shutdown()
        print(
            #"{"sse_ns_per_event": \#(ssePerStream / 1_001), "chunk_decode_ns": \#(decodePerChunk), "sse_plus_decode_us_per_chunk": \#((ssePerStream / 1_001 + decodePerChunk) / 1_000), "body_encode_ns": \#(encodePerBody)}"#
        )
    }
}
