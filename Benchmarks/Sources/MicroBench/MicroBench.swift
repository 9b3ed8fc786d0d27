import Connectors
import Foundation
import LLMCore
import LLMProviders

/// Times the hot paths per operation (best of five runs): the SSE decoder over a 1,000-event
/// stream fed in 1 KB network chunks, and each event's framing (what the connector asks of every
/// event) plus decoding, for each streaming API (OpenAI's `chat.completion.chunk`, Anthropic's
/// `content_block_delta`, Gemini's `GenerateContentResponse` with its usage, the Responses API's
/// `response.output_text.delta` in sequence), and for Bedrock the AWS event-stream frames of a
/// 1,000-frame ConverseStream fed in 1 KB chunks plus each `contentBlockDelta`'s framing and
/// decoding; parsing one chat completion, making a request context, and encoding a request body.
/// Prints one JSON object; compare runs of the same machine, commit to commit.
/// `MicroBench sse|decode|anthropic|gemini|responses|bedrock|response|context|encode` runs one of
/// them alone (for a profiler).
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

    /// Nanoseconds per event of decoding a stream of 1,000 `event`s and its terminal, fed in 1 KB
    /// network chunks.
    static func sse(_ event: String, terminal: String) -> Double {
        var stream = Data()
        for _ in 0..<1_000 { stream.append(Data(event.utf8)) }
        stream.append(Data(terminal.utf8))
        let pieces = stride(from: 0, to: stream.count, by: 1_024).map { stream[$0..<min($0 + 1_024, stream.count)] }
        let perStream = time(CommandLine.arguments.count > 1 ? 2_000 : 50) {
            var decoder = SSEDecoder()
            var count = 0
            for piece in pieces { count += decoder.feed(piece).count }
            precondition(count == 1_001)
        }
        return perStream / 1_001
    }

    static func main() async throws {
        let only = CommandLine.arguments.dropFirst().first
        func wanted(_ name: String) -> Bool { only == nil || only == name }
        let event =
            #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"hello "},"finish_reason":null}]}"#
        var figures: [(String, Double)] = []

        let anthropicEvent =
            #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hello "}}"#
        if wanted("sse") {
            figures.append(("sse_ns_per_event", sse("data: \(event)\n\n", terminal: "data: [DONE]\n\n")))
            figures.append(
                (
                    "sse_anthropic_ns_per_event",
                    sse(
                        "event: content_block_delta\ndata: \(anthropicEvent)\n\n",
                        terminal: "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")
                ))
        }
        if wanted("decode") {
            let framing = OpenAIChatFraming()
            let sent = ServerSentEvent(data: event)
            let decoder = ChunkDecoder()
            figures.append(
                (
                    "chunk_decode_ns",
                    try time(only == nil ? 20_000 : 2_000_000) {
                        guard case .content = framing.role(of: sent) else { preconditionFailure("not content") }
                        _ = try decoder.decode(sent, )
                    }
                ))
        }
        if wanted("anthropic") {
            let framing = AnthropicFraming()
            let start = ServerSentEvent(
                event: "content_block_start",
                data: #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
            let sent = ServerSentEvent(event: "content_block_delta", data: anthropicEvent)
            var decoder = AnthropicStreamDecoder()
            _ = try decoder.decode(start, )
            figures.append(
                (
                    "anthropic_decode_ns",
                    try time(only == nil ? 20_000 : 2_000_000) {
                        guard case .content = framing.role(of: sent) else { preconditionFailure("not content") }
                        _ = try decoder.decode(sent, )
                    }
                ))
        }

        let geminiEvent =
            #"{"candidates": [{"content": {"parts": [{"text": "hello "}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 8,"candidatesTokenCount": 12,"totalTokenCount": 20},"modelVersion": "gemini-2.5-flash","responseId": "bench-1"}"#
        if wanted("gemini") {
            figures.append(
                (
                    "sse_gemini_ns_per_event",
                    sse("data: \(geminiEvent)\r\n\r\n", terminal: "data: \(geminiEvent)\r\n\r\n")
                ))
            let framing = GeminiFraming()
            let sent = ServerSentEvent(data: geminiEvent)
            var decoder = GeminiStreamDecoder()
            figures.append(
                (
                    "gemini_decode_ns",
                    try time(only == nil ? 20_000 : 2_000_000) {
                        guard case .content = framing.role(of: sent) else { preconditionFailure("not content") }
                        _ = try decoder.decode(sent, )
                    }
                ))
        }
        if wanted("responses") {
            func delta(_ sequence: Int) -> String {
                #"{"type":"response.output_text.delta","item_id":"msg_bench","output_index":0,"content_index":0,"delta":"hello ","logprobs":[],"sequence_number":\#(sequence)}"#
            }
            figures.append(
                (
                    "sse_responses_ns_per_event",
                    sse(
                        "event: response.output_text.delta\ndata: \(delta(5))\n\n",
                        terminal: "event: response.completed\ndata: {\"type\":\"response.completed\"}\n\n")
                ))
            // Every event a new sequence number, as a stream has them (a repeated one is dropped).
            let events = (0..<1_000).map {
                ServerSentEvent(event: "response.output_text.delta", data: delta($0))
            }
            let framing = ResponsesFraming()
            let perBatch = try time(only == nil ? 20 : 2_000) {
                var decoder = ResponsesStreamDecoder()
                for event in events {
                    guard case .content = framing.role(of: event) else { preconditionFailure("not content") }
                    guard try decoder.decode(event, ) != nil else { preconditionFailure("dropped") }
                }
            }
            figures.append(("responses_decode_ns", perBatch / 1_000))
        }

        if wanted("bedrock") {
            let payload = #"{"contentBlockIndex":0,"delta":{"text":"hello "},"p":"abcdefghijkl"}"#
            let frame = EventStreamMessage(
                headers: [
                    (":event-type", .string("contentBlockDelta")), (":content-type", .string("application/json")),
                    (":message-type", .string("event")),
                ], payload: Array(payload.utf8)
            ).encoded()
            let stream = Array((0..<1_000).map { _ in frame }.joined())
            let pieces = stride(from: 0, to: stream.count, by: 1_024).map {
                Array(stream[$0..<min($0 + 1_024, stream.count)])
            }
            let perStream = try time(only == nil ? 50 : 2_000) {
                var decoder = EventStreamDecoder()
                var count = 0
                for piece in pieces { count += try decoder.feedEvents(piece).count }
                precondition(count == 1_000)
            }
            figures.append(("eventstream_ns_per_frame", perStream / 1_000))
            let framing = BedrockFraming()
            let sent = ServerSentEvent(event: "contentBlockDelta", data: payload)
            var decoder = BedrockStreamDecoder()
            figures.append(
                (
                    "bedrock_decode_ns",
                    try time(only == nil ? 20_000 : 2_000_000) {
                        guard case .content = framing.role(of: sent) else { preconditionFailure("not content") }
                        _ = try decoder.decode(sent, )
                    }
                ))
        }

        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(baseURL: URL(string: "https://bench.openai.azure.com")!, deployment: "d", apiKey: "k")
            ))
        let model = OpenAILLM(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
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
        func figure(_ name: String) -> Double? { figures.first { $0.0 == name }?.1 }
        if let sse = figure("sse_ns_per_event"), let decode = figure("chunk_decode_ns") {
            figures.append(("sse_plus_decode_us_per_chunk", (sse + decode) / 1_000))
        }
        if let sse = figure("sse_anthropic_ns_per_event"), let decode = figure("anthropic_decode_ns") {
            figures.append(("anthropic_sse_plus_decode_us_per_chunk", (sse + decode) / 1_000))
        }
        if let sse = figure("sse_gemini_ns_per_event"), let decode = figure("gemini_decode_ns") {
            figures.append(("gemini_sse_plus_decode_us_per_chunk", (sse + decode) / 1_000))
        }
        if let sse = figure("sse_responses_ns_per_event"), let decode = figure("responses_decode_ns") {
            figures.append(("responses_sse_plus_decode_us_per_chunk", (sse + decode) / 1_000))
        }
        if let frames = figure("eventstream_ns_per_frame"), let decode = figure("bedrock_decode_ns") {
            figures.append(("bedrock_frames_plus_decode_us_per_chunk", (frames + decode) / 1_000))
        }
        print("{" + figures.map { #""\#($0.0)": \#($0.1)"# }.joined(separator: ", ") + "}")
    }
}
