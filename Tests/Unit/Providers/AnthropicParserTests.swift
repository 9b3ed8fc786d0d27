import Connectors
import Foundation
import LLMCore
import Testing

@testable import LLMProviders

/// Anthropic's answers, stream events and errors read into the neutral types.
@Suite struct AnthropicParserTests {
    static let info = ResponseInfo(
        status: 200, endpoint: "https://api.anthropic.com/v1/messages", endpointName: "a", attempts: 1,
        requestId: "req_1")

    static func parse(_ json: String) async throws -> LLMResponse {
        var result: LLMResponse?
        try await AnthropicPayloadTests.withModel { model in
            result = try model.parseResponse(Data(json.utf8), info: Self.info)
        }
        return try #require(result)
    }

    @Test func aMessageWithThinkingToolUseAndCacheUsage() async throws {
        let response = try await Self.parse(
            """
            {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
             "content": [{"type": "thinking", "thinking": "hmm", "signature": "sig"},
                         {"type": "redacted_thinking", "data": "opaque"},
                         {"type": "text", "text": "Let me check. "}, {"type": "text", "text": "One moment."},
                         {"type": "tool_use", "id": "toolu_1", "name": "weather", "input": {"city": "Oslo"}},
                         {"type": "server_tool_use", "id": "x", "name": "web_search", "input": {}}],
             "stop_reason": "tool_use", "stop_sequence": null,
             "usage": {"input_tokens": 10, "output_tokens": 20, "cache_creation_input_tokens": 100,
                       "cache_read_input_tokens": 1000, "cache_creation": {"ephemeral_5m_input_tokens": 40,
                       "ephemeral_1h_input_tokens": 60}, "output_tokens_details": {"thinking_tokens": 7},
                       "service_tier": "standard"}}
            """)
        #expect(response.id == "msg_1" && response.model == "claude-sonnet-4-5")
        #expect(response.content == "Let me check. One moment.")
        #expect(response.toolCalls == [ToolCall(id: "toolu_1", name: "weather", arguments: #"{"city":"Oslo"}"#)])
        #expect(
            response.reasoning == [
                Reasoning(text: "hmm", signature: "sig", provider: .anthropic),
                Reasoning(text: "", redactedData: "opaque", provider: .anthropic),
            ])
        #expect(response.finishReason == .toolCalls)
        #expect(
            response.usage
                == Usage(
                    promptTokens: 1_110, completionTokens: 20, cachedTokens: 1_000, cacheCreationTokens: 100,
                    extendedCacheCreationTokens: 60, reasoningTokens: 7))
        #expect(response.anthropic?.serviceTier == "standard")
        #expect(response.requestId == "req_1")
        // Sonnet 4.5: $3 input, $0.30 cache reads, $3.75 5-minute and $6 1-hour writes, $15 output.
        let expected = (10 * 3.0 + 1_000 * 0.30 + 40 * 3.75 + 60 * 6.0 + 20 * 15.0) / 1_000_000
        #expect(abs((response.costUSD ?? 0) - expected) < 1e-12)
    }

    @Test(arguments: [
        ("end_turn", FinishReason.stop), ("stop_sequence", .stop), ("max_tokens", .length),
        ("model_context_window_exceeded", .length), ("tool_use", .toolCalls), ("refusal", .contentFilter),
        ("pause_turn", .other("pause_turn")),
    ])
    func stopReasonsMapToNeutralFinishReasons(value: String, reason: FinishReason) {
        #expect(AnthropicMapping.finishReason(value) == reason)
    }

    @Test func theMatchedStopSequenceAndRefusalDetailsAreExtras() async throws {
        let stopped = try await Self.parse(
            #"{"type":"message","content":[{"type":"text","text":"a"}],"stop_reason":"stop_sequence","stop_sequence":"END","usage":{"input_tokens":1,"output_tokens":1}}"#
        )
        #expect(stopped.anthropic?.stopSequence == "END")
        let refused = try await Self.parse(
            #"{"type":"message","content":[],"stop_reason":"refusal","stop_details":{"type":"refusal","category":"bio","explanation":"no"},"usage":{"input_tokens":1,"output_tokens":1}}"#
        )
        #expect(refused.finishReason == .contentFilter)
        #expect(refused.anthropic?.refusalCategory == "bio" && refused.anthropic?.refusalExplanation == "no")
    }

    @Test(arguments: [
        ("{", "the response is not a message"), ("[1]", "the response is not a message"),
        (#"{"type":"message","id":"x"}"#, "the response has no content"),
        (
            #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
            "the service reported an error"
        ),
    ])
    func malformedAnswersAreTypedErrors(body: String, message: String) async throws {
        await #expect(throws: LLMError.self) { _ = try await Self.parse(body) }
        let error = await captureAsync { _ = try await Self.parse(body) }
        #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "")")
        #expect(error?.requestId == "req_1")
    }

    /// Token counts that are no counts are decoding errors that name the field, never a trap or a
    /// negative cost.
    @Test(arguments: [
        (#""input_tokens":-1,"output_tokens":2"#, "input_tokens is -1"),
        (#""input_tokens":1e20,"output_tokens":2"#, "input_tokens is 1e+20"),
        (#""input_tokens":1,"output_tokens":9223372036854775807"#, "output_tokens is 9223372036854775807"),
        (
            #""input_tokens":1,"output_tokens":2,"cache_read_input_tokens":-9223372036854775808"#,
            "cache_read_input_tokens"
        ),
    ])
    func outOfRangeTokenCountsAreDecodingErrors(usage: String, named: String) async throws {
        let body =
            #"{"type":"message","id":"m","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"hi"}],"stop_reason":"end_turn","usage":{"#
            + usage + "}}"
        let error = await captureAsync { _ = try await Self.parse(body) }
        #expect(error?.code == .decoding)
        #expect(error?.message.contains(named) == true, "\(error?.message ?? "")")
    }

    // MARK: - Streams

    static func event(_ type: String, _ data: String) -> ServerSentEvent {
        ServerSentEvent(event: type, data: data)
    }

    /// A stream with a thinking block, a text block and a tool call, as the API sends it.
    static let stream: [ServerSentEvent] = [
        event(
            "message_start",
            #"{"type":"message_start","message":{"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"usage":{"input_tokens":30,"output_tokens":1,"cache_read_input_tokens":5}}}"#
        ),
        event(
            "content_block_start",
            #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"#
        ),
        event("ping", #"{"type":"ping"}"#),
        event(
            "content_block_delta",
            #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me "}}"#),
        event(
            "content_block_delta",
            #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"think."}}"#),
        event(
            "content_block_delta",
            #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig=="}}"#),
        event("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
        event(
            "content_block_start",
            #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#),
        event(
            "content_block_delta",
            #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hi "}}"#),
        event(
            "content_block_delta",
            #"{"type":"content_block_delta","index":1,"delta":{"type":"citations_delta","citation":{}}}"#),
        event("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
        event(
            "content_block_start",
            #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_9","name":"weather","input":{}}}"#
        ),
        event(
            "content_block_delta",
            #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Os"}}"#
        ),
        event(
            "content_block_delta",
            #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"lo\"}"}}"#),
        event("content_block_stop", #"{"type":"content_block_stop","index":2}"#),
        event("something_new", #"{"type":"something_new","whatever":[1,2]}"#),
        event(
            "message_delta",
            #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":42}}"#
        ),
    ]

    @Test func aStreamFoldsIntoTheSameAnswerAsTheWholeMessage() throws {
        var decoder = AnthropicStreamDecoder()
        var accumulator = StreamAccumulator()
        var reasoningDeltas = ""
        for event in Self.stream {
            guard let chunk = try decoder.decode(event) else { continue }
            reasoningDeltas += chunk.reasoningDelta ?? ""
            accumulator.add(chunk)
        }
        let response = accumulator.response
        #expect(response.id == "msg_2")
        #expect(response.content == "Hi ")
        #expect(reasoningDeltas == "Let me think.")
        #expect(response.reasoning == [Reasoning(text: "Let me think.", signature: "sig==", provider: .anthropic)])
        #expect(response.toolCalls == [ToolCall(id: "toolu_9", name: "weather", arguments: #"{"city": "Oslo"}"#)])
        #expect(response.finishReason == .toolCalls)
        // Cumulative usage: the final output count over message_start's input counts.
        #expect(response.usage == Usage(promptTokens: 35, completionTokens: 42, cachedTokens: 5))
        #expect(response.anthropic?.stopReason == "tool_use")
    }

    @Test func aToolCallWithoutFragmentsHasEmptyObjectArguments() throws {
        var decoder = AnthropicStreamDecoder()
        _ = try decoder.decode(
            Self.event(
                "content_block_start",
                #"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"now","input":{}}}"#
            ))
        let stop = try decoder.decode(
            Self.event("content_block_stop", #"{"type":"content_block_stop","index":0}"#))
        #expect(stop?.toolCallDeltas == [ToolCallDelta(index: 0, arguments: "{}")])
    }

    @Test func brokenToolArgumentsUnknownBlocksAndBadJSONAreDecodingErrors() throws {
        var decoder = AnthropicStreamDecoder()
        _ = try decoder.decode(
            Self.event(
                "content_block_start",
                #"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"f","input":{}}}"#
            ))
        _ = try decoder.decode(
            Self.event(
                "content_block_delta",
                #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"a\":"}}"#
            ))
        let broken = capture {
            _ = try decoder.decode(
                Self.event("content_block_stop", #"{"type":"content_block_stop","index":0}"#))
        }
        #expect(broken?.code == .decoding && broken?.message.contains("not a JSON object") == true)
        let unknown = capture {
            _ = try decoder.decode(
                Self.event(
                    "content_block_delta",
                    #"{"type":"content_block_delta","index":7,"delta":{"type":"text_delta","text":"x"}}"#))
        }
        #expect(unknown?.message == "a content_block_delta event names content block 7, which never started")
        let notJSON = capture { _ = try decoder.decode(Self.event("message_delta", "{oops")) }
        #expect(notJSON?.code == .decoding)
    }

    @Test func theFramingHoldsThePreambleEndsAtMessageStopAndFailsOnErrorEvents() {
        let framing = AnthropicFraming()
        func role(_ event: ServerSentEvent) -> String {
            switch framing.role(of: event) {
            case .preamble: "preamble"
            case .content: "content"
            case .terminal: "terminal"
            case .failure(let error): "failure \(error.code) \(error.providerCode ?? "")"
            }
        }
        #expect(Self.stream.prefix(3).map(role) == ["preamble", "preamble", "preamble"])
        #expect(role(Self.stream[3]) == "content")
        #expect(role(Self.event("message_stop", #"{"type":"message_stop"}"#)) == "terminal")
        #expect(role(ServerSentEvent(data: #"{"type":"message_stop"}"#)) == "terminal")  // no event: line
        #expect(
            role(Self.event("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#))
                == "failure serviceUnavailable overloaded_error")
        #expect(
            role(Self.event("error", #"{"type":"error","error":{"type":"api_error","message":"boom"}}"#))
                == "failure server api_error")
        #expect(framing.requiresTerminal && framing.terminalName == "message_stop")
    }

    // MARK: - Errors

    static func failure(_ status: Int, _ type: String, _ message: String = "m", code: String? = nil) -> LLMError {
        let details = code.map { #","details":{"error_code":"\#($0)"}"# } ?? ""
        let body =
            #"{"type":"error","error":{"type":"\#(type)","message":"\#(message)"\#(details)},"request_id":"req_b"}"#
        return AnthropicAPI().failure(
            FailedResponse(status: status, body: Data(body.utf8), endpoint: "https://api.anthropic.com/v1/messages"))
    }

    @Test(arguments: [
        (529, "overloaded_error", LLMErrorCode.serviceUnavailable), (503, "api_error", .serviceUnavailable),
        (500, "api_error", .server), (429, "rate_limit_error", .rateLimited),
        (400, "invalid_request_error", .invalidRequest),
        (401, "authentication_error", .authentication), (402, "billing_error", .quotaExceeded),
        (403, "permission_error", .permissionDenied), (404, "not_found_error", .notFound),
        (413, "request_too_large", .invalidRequest),
    ])
    func errorBodiesMapToCodes(status: Int, type: String, code: LLMErrorCode) {
        let error = Self.failure(status, type)
        #expect(error.code == code)
        #expect(error.providerCode == type && error.providerMessage == "m")
        #expect(error.httpStatus == status)
        #expect(error.requestId == "req_b")  // from the body when no header carried one
    }

    @Test func aSpendLimitAndALongPromptAreTheirOwnCodes() {
        let spend = Self.failure(429, "rate_limit_error", "limit", code: "enforced_spend_limit_reached")
        #expect(spend.code == .quotaExceeded && !spend.isRetryable)
        let long = Self.failure(400, "invalid_request_error", "prompt is too long: 250000 tokens > 200000 maximum")
        #expect(long.code == .contextLengthExceeded)
        let overloaded = Self.failure(529, "overloaded_error")
        #expect(overloaded.triggersFailover)
        let plain = AnthropicAPI().failure(FailedResponse(status: 502, body: Data("<html>".utf8)))
        #expect(plain.code == .serviceUnavailable && plain.providerCode == nil)
    }
}
