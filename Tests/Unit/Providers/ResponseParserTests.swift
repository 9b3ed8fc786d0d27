import Connectors
import Foundation
import LLMCore
import Testing

@testable import LLMProviders

@Suite struct ResponseParserTests {
    static let info = ResponseInfo(
        status: 200, endpoint: "https://unit.openai.azure.com/openai/deployments/d/chat/completions",
        endpointName: "unit", attempts: 2, requestId: "apim-1")

    /// A recorded Azure answer: prompt and content filter results, usage details, explicit nulls.
    static let azureCompletion = #"""
        {"choices":[{"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},
          "protected_material_code":{"filtered":false,"detected":false},
          "self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},
          "violence":{"filtered":false,"severity":"safe"}},
          "finish_reason":"stop","index":0,"logprobs":null,
          "message":{"annotations":[],"content":"Hello there.","refusal":null,"role":"assistant","tool_calls":null}}],
         "created":1745000000,"id":"chatcmpl-Azure1","model":"gpt-4.1-mini-2025-04-14","object":"chat.completion",
         "prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},
          "jailbreak":{"filtered":false,"detected":false}}}],
         "system_fingerprint":"fp_abc",
         "usage":{"completion_tokens":3,"completion_tokens_details":{"accepted_prediction_tokens":0,"audio_tokens":0,
          "reasoning_tokens":0,"rejected_prediction_tokens":0},"prompt_tokens":1000000,
          "prompt_tokens_details":{"audio_tokens":0,"cached_tokens":200000},"total_tokens":1000003}}
        """#

    /// A recorded OpenAI answer with tool calls and no content.
    static let openAIToolCalls = #"""
        {"id":"chatcmpl-OA1","object":"chat.completion","created":1745000000,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,
           "tool_calls":[{"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Oslo\"}"}},
                         {"id":"call_b","type":"function","function":{"name":"time","arguments":"{}"}}]},
           "logprobs":null,"finish_reason":"tool_calls"}],
         "usage":{"prompt_tokens":50,"completion_tokens":20,"total_tokens":70},"system_fingerprint":null}
        """#

    @Test func parsesAnAzureAnswerWithFiltersUsageAndCost() async throws {
        try await ProviderFixtures.withConnector { connector in
            let model = GPT41MiniLLM(metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!, connector: connector)
            let response = try model.parseResponse(Data(Self.azureCompletion.utf8), info: Self.info)
            #expect(response.id == "chatcmpl-Azure1")
            #expect(response.model == "gpt-4.1-mini-2025-04-14")
            #expect(response.content == "Hello there.")
            #expect(response.refusal == nil)
            #expect(response.toolCalls.isEmpty)
            #expect(response.finishReason == .stop)
            #expect(
                response.usage
                    == Usage(
                        promptTokens: 1_000_000, completionTokens: 3, totalTokens: 1_000_003, cachedTokens: 200_000,
                        reasoningTokens: 0, audioPromptTokens: 0, audioCompletionTokens: 0))
            #expect(response.contentFilterResults["violence"] == ContentFilterResult(filtered: false, severity: "safe"))
            #expect(response.contentFilterResults["protected_material_code"]?.detected == false)
            #expect(response.promptFilterResults["jailbreak"]?.detected == false)
            #expect(response.openAI?.systemFingerprint == "fp_abc")
            #expect(response.endpoint == Self.info.endpoint)
            #expect(response.attempts == 2)
            #expect(response.requestId == "apim-1")
            // 800k uncached x 0.40 + 200k cached x 0.10 + 3 x 1.60, per million.
            #expect(abs((response.costUSD ?? 0) - (0.32 + 0.02 + 3 * 1.6 / 1_000_000)) < 1e-9)
        }
    }

    @Test func parsesToolCallsWithNullContent() async throws {
        try await ProviderFixtures.withConnector { connector in
            let model = OpenAILLM(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
            let response = try model.parseResponse(Data(Self.openAIToolCalls.utf8), info: Self.info)
            #expect(response.content == "")
            #expect(response.finishReason == .toolCalls)
            #expect(
                response.toolCalls == [
                    ToolCall(id: "call_a", name: "weather", arguments: "{\"city\":\"Oslo\"}"),
                    ToolCall(id: "call_b", name: "time", arguments: "{}"),
                ])
            #expect(response.openAI == nil)
        }
    }

    @Test(arguments: [
        ("not json", "the response is not a chat completion: not json", LLMErrorCode.decoding),
        (#"{"id":"x","choices":[]}"#, #"the response has no choices: {"id":"x","choices":[]}"#, .decoding),
        (#"{"error":{"message":"boom","code":"server_error"}}"#, "the service reported an error: boom", .server),
    ])
    func malformedAnswersAreTypedErrors(body: String, message: String, code: LLMErrorCode) async throws {
        try await ProviderFixtures.withConnector { connector in
            let model = OpenAILLM(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
            #expect(
                throws: LLMError(
                    code: code, message: message, providerCode: code == .server ? "server_error" : nil,
                    providerMessage: code == .server ? "boom" : nil, endpoint: Self.info.endpoint, requestId: "apim-1")
            ) {
                _ = try model.parseResponse(Data(body.utf8), info: Self.info)
            }
        }
    }

    /// Token counts that are no counts are decoding errors that name the field, never a trap or a
    /// negative cost.
    @Test(arguments: [
        (#"{"prompt_tokens":9223372036854775807,"completion_tokens":1}"#, "prompt_tokens is 9223372036854775807"),
        (#"{"prompt_tokens":1,"completion_tokens":-4}"#, "completion_tokens is -4"),
        (
            #"{"prompt_tokens":1,"completion_tokens":1,"prompt_tokens_details":{"cached_tokens":2.5}}"#,
            "cached_tokens is 2.5"
        ),
        (#"{"prompt_tokens":"7","completion_tokens":1}"#, "prompt_tokens is \"7\""),
    ])
    func outOfRangeTokenCountsAreDecodingErrors(usage: String, named: String) async throws {
        let body =
            #"{"id":"c","object":"chat.completion","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":"#
            + usage + "}"
        try await ProviderFixtures.withConnector { connector in
            let model = OpenAILLM(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
            let error = capture { _ = try model.parseResponse(Data(body.utf8), info: Self.info) }
            #expect(error?.code == .decoding)
            #expect(error?.message.contains(named) == true, "\(error?.message ?? "")")
        }
    }
}

@Suite struct StreamParserTests {
    /// A recorded Azure stream, with its quirks.
    static let azureStream = [
        #"{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]}"#,
        #"{"choices":[{"content_filter_results":{},"delta":{"content":"","refusal":null,"role":"assistant"},"finish_reason":null,"index":0,"logprobs":null}],"created":1745000000,"id":"chatcmpl-S1","model":"gpt-4.1-mini","object":"chat.completion.chunk","system_fingerprint":"fp_x"}"#,
        #"{"choices":[{"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}},"delta":{"content":"Hel"},"finish_reason":null,"index":0,"logprobs":null}],"created":1745000000,"id":"chatcmpl-S1","model":"gpt-4.1-mini","object":"chat.completion.chunk"}"#,
        #"{"choices":[{"content_filter_offsets":{"check_offset":0,"start_offset":0,"end_offset":3},"content_filter_results":{"violence":{"filtered":false,"severity":"safe"}},"finish_reason":null,"index":0}],"created":1745000000,"id":"chatcmpl-S1","model":"gpt-4.1-mini","object":"chat.completion.chunk"}"#,
        #"{"choices":[{"content_filter_results":{},"delta":{"content":"lo"},"finish_reason":null,"index":0,"logprobs":null}],"id":"chatcmpl-S1","model":"gpt-4.1-mini","object":"chat.completion.chunk"}"#,
        #"{"choices":[{"content_filter_results":{"violence":{"filtered":true,"severity":"high"}},"delta":{},"finish_reason":"content_filter","index":0,"logprobs":null}],"id":"chatcmpl-S1","model":"gpt-4.1-mini","object":"chat.completion.chunk"}"#,
        #"{"choices":[],"id":"chatcmpl-S1","model":"gpt-4.1-mini","object":"chat.completion.chunk","usage":{"completion_tokens":2,"prompt_tokens":9,"total_tokens":11,"completion_tokens_details":{"reasoning_tokens":0},"prompt_tokens_details":{"cached_tokens":0}}}"#,
    ]

    /// A recorded OpenAI stream of two parallel tool calls in fragments.
    static let toolStream = [
        #"{"id":"c2","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":""}}]},"finish_reason":null}]}"#,
        #"{"id":"c2","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"ci"}}]},"finish_reason":null}]}"#,
        #"{"id":"c2","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"time","arguments":"{}"}}]},"finish_reason":null}]}"#,
        #"{"id":"c2","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\":\"Oslo\"}"}}]},"finish_reason":null}]}"#,
        #"{"id":"c2","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
    ]

    static func fold(_ events: [String]) throws -> LLMResponse {
        let decoder = ChunkDecoder()
        var accumulator = StreamAccumulator()
        for event in events { accumulator.add(try decoder.decode(event)) }
        return accumulator.response
    }

    @Test func azureStreamQuirksDecode() throws {
        let decoder = ChunkDecoder()
        let first = try decoder.decode(Self.azureStream[0])
        #expect(first.textDelta == nil)
        #expect(first.promptFilterResults["hate"]?.severity == "safe")
        let annotation = try decoder.decode(Self.azureStream[3])
        #expect(annotation.textDelta == nil)
        #expect(annotation.contentFilterResults["violence"]?.filtered == false)
        let response = try Self.fold(Self.azureStream)
        #expect(response.id == "chatcmpl-S1")
        #expect(response.content == "Hello")
        #expect(response.finishReason == .contentFilter)
        #expect(response.contentFilterResults.filteredCategories == ["violence"])
        #expect(response.usage == Usage(promptTokens: 9, completionTokens: 2, cachedTokens: 0, reasoningTokens: 0))
    }

    @Test func toolCallFragmentsJoinPerIndex() throws {
        let response = try Self.fold(Self.toolStream)
        #expect(response.finishReason == .toolCalls)
        #expect(
            response.toolCalls == [
                ToolCall(id: "call_a", name: "weather", arguments: "{\"city\":\"Oslo\"}"),
                ToolCall(id: "call_b", name: "time", arguments: "{}"),
            ])
    }

    /// An error object in the stream is classified once, by the framing (the connector makes it
    /// `streamInterrupted` after the first event and the lifecycle attaches the partial text).
    @Test func anErrorObjectInTheStreamIsTheFramingsFailure() {
        let event = #"{"error":{"message":"The server had an error","type":"server_error","code":null}}"#
        guard case .failure(let error) = OpenAIChatFraming().role(of: ServerSentEvent(data: event)) else {
            Issue.record("an error object is a failure event")
            return
        }
        #expect(error.code == .server)
        #expect(error.providerCode == "server_error")
        #expect(error.partialContent == nil)
        let limited = #"{"error":{"message":"slow down","code":"rate_limit_exceeded"}}"#
        guard case .failure(let rateLimited) = OpenAIChatFraming().role(of: ServerSentEvent(data: limited)) else {
            Issue.record("an error object is a failure event")
            return
        }
        #expect(rateLimited.code == .rateLimited)
        guard case .content = OpenAIChatFraming().role(of: ServerSentEvent(data: Self.azureStream[1])) else {
            Issue.record("a chunk is content")
            return
        }
    }

    @Test func aNonJSONEventIsADecodingErrorNotASilentDrop() {
        do {
            _ = try ChunkDecoder().decode("{not json")
            Issue.record("expected a decoding error")
        } catch {
            #expect(error.code == .decoding)
            #expect(error.message.contains("not a chat completion chunk"))
        }
    }

    @Test func wrongTypesReadAsAbsentAndUnknownMembersAreSkipped() throws {
        // An escaped member name, a wrong-typed id, and unknown members nested at every level.
        let event =
            #"{"id":7,"model":"gpt-4o","extra":{"a":[1,{"b":null}],"s":"x\"y"},"choi\u0063es":[{"index":0,"delta":{"content":"hi","unknown":[true,false]},"finish_reason":null}]}"#
        let chunk = try ChunkDecoder().decode(event)
        #expect(chunk.id == nil)
        #expect(chunk.model == "gpt-4o")
        #expect(chunk.textDelta == "hi")
        #expect(chunk.finishReason == nil)
    }

    @Test(arguments: [
        #"{"id":"a","extra":[1,]}"#, #"{"id":"a","extra":{"b" 1}}"#, #"{"id":"a"} trailing"#, #"[1,2]"#,
        #"{"id":"a","extra":"\x"}"#,
    ])
    func invalidJSONAnywhereIsADecodingError(event: String) {
        #expect(throws: LLMError.self) { try ChunkDecoder().decode(event) }
    }

    @Test func azurePromptAnnotationsReadAsPromptFilterResults() throws {
        let event =
            #"{"id":"","choices":[],"prompt_annotations":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]}"#
        let chunk = try ChunkDecoder().decode(event)
        #expect(chunk.promptFilterResults["hate"]?.severity == "safe")
    }

    @Test func finishReasonsMapFromTheWireStrings() {
        #expect(WireMapping.finishReason("stop") == .stop)
        #expect(WireMapping.finishReason("length") == .length)
        #expect(WireMapping.finishReason("tool_calls") == .toolCalls)
        #expect(WireMapping.finishReason("content_filter") == .contentFilter)
        #expect(WireMapping.finishReason("function_call") == .functionCall)
        #expect(WireMapping.finishReason("eos") == .other("eos"))
    }

    @Test func videoJobStatusesMapFromBothAPIs() {
        #expect(SoraLLM.status(serviceValue: "succeeded") == .completed)
        #expect(SoraLLM.status(serviceValue: "in_progress") == .inProgress)
        #expect(SoraLLM.status(serviceValue: "running") == .inProgress)
        #expect(SoraLLM.status(serviceValue: "preprocessing") == .queued)
        #expect(SoraLLM.status(serviceValue: "canceled") == .cancelled)
        #expect(SoraLLM.status(serviceValue: "weird") == nil)
    }
}
