import Foundation
import SwiftLLM
import Testing

/// A gateway that ignores `stream: true` and answers with one whole JSON body (LiteLLM's mocked
/// answers on its Messages route do): the stream yields that answer as one chunk, parsed by the
/// API's own parser, instead of failing as a stream that closed before its first event.
@Suite struct WholeAnswerStreamTests {
    static func server(_ body: String) -> HostileServer {
        HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.json(body)
        }
    }

    @Test func aChatCompletionAnsweringAStreamIsOneChunk() async throws {
        let server = Self.server(
            #"{"id":"c1","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"whole answer","tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}"#
        )
        _ = try await server.start()
        let chunks = try await withConnector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(baseURL: server.baseURL, style: .vLLM, apiKey: "k"), retry: RetryPolicy(maxRetries: 0)
            )
        ) { connector in
            var chunks: [LLMStreamChunk] = []
            for try await chunk in try LLMFactory.make(model: "m", connector: connector).streamAnswer("hi") {
                chunks.append(chunk)
            }
            return chunks
        }
        #expect(chunks.count == 1)
        var accumulator = StreamAccumulator()
        for chunk in chunks { accumulator.add(chunk) }
        let response = accumulator.response
        #expect(response.content == "whole answer" && response.finishReason == .toolCalls)
        #expect(response.toolCalls == [ToolCall(id: "call_1", name: "f", arguments: #"{"x":1}"#)])
        #expect(response.usage?.totalTokens == 5 && chunks[0].endpoint != nil)
        await server.shutdown()
    }

    @Test func aMessagesAnswerAnsweringAStreamIsOneChunk() async throws {
        let server = Self.server(
            #"{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"whole message"}],"stop_reason":"stop_sequence","stop_sequence":"END","usage":{"input_tokens":3,"output_tokens":2}}"#
        )
        _ = try await server.start()
        let response = try await withConnector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(baseURL: server.baseURL, style: .anthropic, apiKey: "k"),
                retry: RetryPolicy(maxRetries: 0))
        ) { connector in
            var accumulator = StreamAccumulator()
            for try await chunk in ClaudeLLM(model: "m", connector: connector).streamAnswer("hi") {
                accumulator.add(chunk)
            }
            return accumulator.response
        }
        #expect(response.content == "whole message" && response.stopSequence == "END")
        await server.shutdown()
    }
}
