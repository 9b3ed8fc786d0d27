import Connectors
import Foundation
import LLMCore
import LLMMedia
import Testing

@testable import LLMProviders

/// The Responses API codec without sockets: request bodies (goldens, validated against the
/// official schema), the affinity of provider state per endpoint, response and stream parsing.
@Suite struct ResponsesCodecTests {
    static let weather = ToolDefinition(
        name: "get_weather", description: "Weather in a city",
        parameters: ["type": "object", "properties": ["city": ["type": "string"]]], strict: true)

    /// A model over an OpenAI-style connector with a backup on another host.
    static func withModel(
        _ name: String = "gpt-4.1-mini", api: OpenAIWireAPI = .responses, _ body: (OpenAIBaseLLM) throws -> Void
    ) async throws {
        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(baseURL: URL(string: "https://a.example/v1")!, style: .openAI, apiKey: "k"),
                backups: [BackupEndpoint(baseURL: URL(string: "https://b.example/v1")!)]))
        defer { Task { try? await connector.shutdown() } }
        let model = try #require(
            try LLMFactory.make(metadata: ModelCatalog.metadata(named: name)!, connector: connector, api: api)
                as? OpenAIBaseLLM)
        try body(model)
    }

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 16))

    /// The conversations of the goldens.
    static var conversations: [(String, [ChatMessage], GenerationOptions)] {
        let call = ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Oslo"}"#)
        return [
            ("plain", [.system("Be brief."), .user("ping")], GenerationOptions(maxTokens: 50, temperature: 0.2)),
            (
                "tools", [.user("Oslo?"), .assistant(nil, toolCalls: [call]), .tool(callId: "call_1", content: "3C")],
                GenerationOptions(tools: [weather], toolChoice: .function("get_weather"), parallelToolCalls: false)
            ),
            (
                "schema", [.user("json please")],
                GenerationOptions(
                    responseFormat: .jsonSchema(
                        name: "answer", schema: ["type": "object", "properties": [:], "additionalProperties": false],
                        strict: true), user: "user-1")
            ),
            (
                "media",
                [.user([.text("look"), .image(.bytes(png)), .document(.bytes(Data("%PDF-1.7\n".utf8), title: "r"))])],
                GenerationOptions(topP: 0.9)
            ),
        ]
    }

    @Test func bodiesAreTheDocumentedShape() async throws {
        try await Self.withModel { model in
            let plain = try model.buildResponsesBody(
                [.system("Be brief."), .user("ping")], options: GenerationOptions(maxTokens: 50), stream: true)
            #expect(
                JSONValue.object(plain)
                    == [
                        "model": "gpt-4.1-mini", "instructions": "Be brief.", "store": false, "stream": true,
                        "max_output_tokens": 50,
                        "input": [
                            ["type": "message", "role": "user", "content": [["type": "input_text", "text": "ping"]]]
                        ],
                    ])
            let (_, messages, options) = Self.conversations[1]
            let tools = try model.buildResponsesBody(messages, options: options, stream: false)
            #expect(tools["tool_choice"] == ["type": "function", "name": "get_weather"])
            #expect(tools["parallel_tool_calls"] == false)
            #expect(
                tools["tools"]
                    == [
                        [
                            "type": "function", "name": "get_weather", "description": "Weather in a city",
                            "parameters": ["type": "object", "properties": ["city": ["type": "string"]]],
                            "strict": true,
                        ]
                    ])
            #expect(
                tools["input"]
                    == [
                        ["type": "message", "role": "user", "content": [["type": "input_text", "text": "Oslo?"]]],
                        [
                            "type": "function_call", "call_id": "call_1", "name": "get_weather",
                            "arguments": #"{"city":"Oslo"}"#,
                        ],
                        ["type": "function_call_output", "call_id": "call_1", "output": "3C"],
                    ])
            let schema = try model.buildResponsesBody(
                Self.conversations[2].1, options: Self.conversations[2].2, stream: false)
            #expect(schema["text"]?["format"]?["type"] == "json_schema")
            #expect(schema["text"]?["format"]?["strict"] == true)
            #expect(schema["safety_identifier"] == "user-1")
            let media = try model.buildResponsesBody(
                Self.conversations[3].1, options: Self.conversations[3].2, stream: false)
            let parts = media["input"]?.arrayValue?.first?["content"]?.arrayValue
            #expect(parts?[1]["type"] == "input_image" && parts?[1]["detail"] == "auto")
            #expect(parts?[2]["type"] == "input_file" && parts?[2]["filename"] == "r.pdf")
        }
    }

    @Test func everyBodyValidatesAgainstTheOfficialSchema() async throws {
        var bodies: [(name: String, body: Data)] = []
        for name in ["gpt-4.1-mini", "gpt-5", "o3"] {
            try await Self.withModel(name) { model in
                for (label, messages, options) in Self.conversations {
                    var options = options
                    if model.metadata.capabilities.reasoning {
                        options.temperature = nil
                        options.topP = nil
                        options.reasoningEffort = .high
                    }
                    for stream in [false, true] {
                        let body = try model.buildResponsesBody(messages, options: options, stream: stream)
                        bodies.append(("\(name)-\(label)-\(stream)", Data(JSONValue.object(body).jsonBytes)))
                    }
                }
            }
        }
        let result = try await RequestValidator.openAI(
            schema: "openai-responses-schemas.json", root: "CreateResponse", bodies: bodies)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("\(result.count) bodies valid"), "\(result.output)")
    }

    @Test func stateGoesOnlyToTheEndpointThatIssuedIt() async throws {
        try await Self.withModel("gpt-5", api: .responses(store: true)) { model in
            let primary = model.connector.endpoints[0]
            let backup = model.connector.endpoints[1]
            let issuer = primary.redactedURL(for: "responses")
            var answer = ChatMessage.assistant("four")
            answer.content.insert(
                .reasoning(Reasoning(text: "sum", redactedData: "enc", provider: .openAI, id: "rs_1", origin: issuer)),
                at: 0)
            answer.issuedResponse = IssuedResponse(id: "resp_1", endpoint: issuer)
            let messages: [ChatMessage] = [.system("Sum."), .user("2+2"), answer, .user("and 3+3")]
            let atPrimary = try model.buildResponsesBody(
                messages, options: GenerationOptions(), stream: false, at: primary)
            #expect(atPrimary["previous_response_id"] == "resp_1")
            #expect(atPrimary["instructions"] == "Sum.")
            #expect(atPrimary["input"]?.arrayValue?.count == 1)
            let atBackup = try model.buildResponsesBody(
                messages, options: GenerationOptions(), stream: false, at: backup)
            #expect(atBackup["previous_response_id"] == nil)
            #expect(atBackup["input"]?.arrayValue?.map { $0["type"] } == ["message", "message", "message"])
            // Stateless at the issuer: the visible history with the reasoning item.
            try Self.withStateless(model) { stateless in
                let body = try stateless.buildResponsesBody(
                    messages, options: GenerationOptions(), stream: false, at: primary)
                #expect(body["previous_response_id"] == nil)
                #expect(body["include"] == ["reasoning.encrypted_content"])
                #expect(
                    body["input"]?.arrayValue?[1]
                        == [
                            "type": "reasoning", "id": "rs_1", "summary": [["type": "summary_text", "text": "sum"]],
                            "encrypted_content": "enc",
                        ])
                let wire = try stateless.wireRequest(
                    messages, options: GenerationOptions(), stream: false, context: RequestContext())
                let backupBody = try JSONValue(parsing: #require(wire.body(for: backup)))
                #expect(backupBody["input"]?.arrayValue?.contains { $0["type"] == "reasoning" } == false)
                #expect(backupBody["model"] == "gpt-5")
            }
        }
    }

    static func withStateless(_ model: OpenAIBaseLLM, _ body: (OpenAIBaseLLM) throws -> Void) throws {
        try body(OpenAIReasoningLLM(metadata: model.metadata, connector: model.connector, api: .responses))
    }

    @Test func optionsTheAPILacksAreRejected() async throws {
        try await Self.withModel("gpt-4o") { model in
            for options in [
                GenerationOptions(stop: ["x"]), GenerationOptions(seed: 1), GenerationOptions(n: 2),
                GenerationOptions(frequencyPenalty: 0.1),
            ] {
                #expect(capture { try model.validateModelOptions(options) }?.code == .invalidRequest)
            }
            #expect(throws: LLMError.self) {
                _ = try model.buildResponsesBody(
                    [.user([.audio(AudioInput(data: Data([1]), mimeType: .wav))])], options: GenerationOptions(),
                    stream: false)
            }
        }
    }

    // MARK: - Parsing

    static let info = ResponseInfo(
        status: 200, endpoint: "https://a.example/v1/responses", endpointName: "a", attempts: 1, requestId: "req_1")

    @Test func outputItemsAreReadInOrderNeverAssumingTheTextIsFirst() async throws {
        try await Self.withModel("gpt-5") { model in
            let response = try model.parseResponse(
                Data(
                    """
                    {"id": "resp_9", "object": "response", "status": "completed", "model": "gpt-5-2025",
                     "output": [{"type": "reasoning", "id": "rs_9", "summary": [{"type": "summary_text", "text": "a"},
                                 {"type": "summary_text", "text": "b"}], "encrypted_content": "E"},
                                {"type": "web_search_call", "id": "ws_1", "status": "completed"},
                                {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Hel"},
                                 {"type": "output_text", "text": "lo"}, {"type": "refusal", "refusal": "no"}]},
                                {"type": "function_call", "id": "fc_1", "call_id": "call_9", "name": "f", "arguments": "{}"}],
                     "usage": {"input_tokens": 10, "input_tokens_details": {"cached_tokens": 4}, "output_tokens": 7,
                               "output_tokens_details": {"reasoning_tokens": 3}, "total_tokens": 17}}
                    """.utf8), info: Self.info)
            #expect(response.content == "Hello")
            #expect(response.refusal == "no")
            #expect(response.toolCalls == [ToolCall(id: "call_9", name: "f", arguments: "{}")])
            #expect(response.finishReason == .toolCalls)
            #expect(response.reasoning == [Reasoning(text: "a\n\nb", redactedData: "E", provider: .openAI, id: "rs_9")])
            #expect(
                response.usage
                    == Usage(
                        promptTokens: 10, completionTokens: 7, totalTokens: 17, cachedTokens: 4, reasoningTokens: 3))
            #expect(response.costUSD != nil)
        }
    }

    @Test func incompleteAndFailedResponses() async throws {
        try await Self.withModel { model in
            let incomplete = try model.parseResponse(
                Data(
                    #"{"id": "r", "status": "incomplete", "incomplete_details": {"reason": "max_output_tokens"}, "output": []}"#
                        .utf8),
                info: Self.info)
            #expect(incomplete.finishReason == .length)
            let failed = capture {
                _ = try model.parseResponse(
                    Data(
                        #"{"id": "r", "status": "failed", "error": {"code": "rate_limit_exceeded", "message": "slow"}, "output": []}"#
                            .utf8),
                    info: Self.info)
            }
            #expect(failed?.code == .rateLimited)
            #expect(capture { _ = try model.parseResponse(Data("[1]".utf8), info: Self.info) }?.code == .decoding)
            let negative = capture {
                _ = try model.parseResponse(
                    Data(#"{"id": "r", "status": "completed", "output": [], "usage": {"input_tokens": -1}}"#.utf8),
                    info: Self.info)
            }
            #expect(negative?.code == .decoding)
        }
    }

    static func event(_ type: String, _ json: String) -> ServerSentEvent {
        ServerSentEvent(event: type, data: json)
    }

    @Test func streamEventsBecomeChunks() throws {
        var decoder = ResponsesStreamDecoder()
        func decode(_ type: String, _ json: String) throws -> LLMStreamChunk? {
            try decoder.decode(Self.event(type, json))
        }
        #expect(
            try decode(
                "response.created",
                #"{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","model":"m"}}"#)?.id
                == "resp_1")
        #expect(
            try decode(
                "response.output_text.delta", #"{"type":"response.output_text.delta","sequence_number":1,"delta":"Hi"}"#
            )?.textDelta == "Hi")
        // A repeated sequence number is a duplicate: dropped.
        #expect(
            try decode(
                "response.output_text.delta", #"{"type":"response.output_text.delta","sequence_number":1,"delta":"Hi"}"#
            ) == nil)
        let added = try decode(
            "response.output_item.added",
            #"{"type":"response.output_item.added","sequence_number":2,"output_index":1,"item":{"type":"function_call","id":"fc","call_id":"call_1","name":"f","arguments":""}}"#
        )
        #expect(added?.toolCallDeltas == [ToolCallDelta(index: 0, id: "call_1", name: "f")])
        let fragment = try decode(
            "response.function_call_arguments.delta",
            #"{"type":"response.function_call_arguments.delta","sequence_number":3,"output_index":1,"delta":"{\"a\":"}"#
        )
        #expect(fragment?.toolCallDeltas == [ToolCallDelta(index: 0, arguments: #"{"a":"#)])
        #expect(throws: LLMError.self) {
            _ = try decode(
                "response.function_call_arguments.done",
                #"{"type":"response.function_call_arguments.done","sequence_number":4,"output_index":1,"arguments":"{\"a\":"}"#
            )
        }
        #expect(throws: LLMError.self) { try decoder.finish() }
        let done = try decode(
            "response.completed",
            #"{"type":"response.completed","sequence_number":5,"response":{"id":"resp_1","status":"completed","usage":{"input_tokens":1,"output_tokens":2}}}"#
        )
        #expect(done?.finishReason == .toolCalls)
        #expect(done?.usage?.totalTokens == 3)
        try decoder.finish()
    }

    /// Error events are classified once, by the framing, by their code (the connector makes them
    /// `streamInterrupted` after the first event).
    @Test func errorEventsAreTheFramingsFailuresByTheirCode() throws {
        let framing = ResponsesFraming()
        guard
            case .failure(let early) = framing.role(
                of: Self.event(
                    "error", #"{"type":"error","code":"rate_limit_exceeded","message":"slow","sequence_number":1}"#))
        else {
            Issue.record("an error event is a failure")
            return
        }
        #expect(early.code == .rateLimited)
        guard
            case .failure(let failed) = framing.role(
                of: Self.event(
                    "response.failed",
                    #"{"type":"response.failed","sequence_number":2,"response":{"status":"failed","error":{"code":"server_error","message":"x"}}}"#
                ))
        else {
            Issue.record("response.failed is a failure")
            return
        }
        #expect(failed.code == .server && failed.providerCode == "server_error")
        guard case .preamble = framing.role(of: Self.event("response.created", "{}")) else {
            Issue.record("response.created is before the content")
            return
        }
        guard
            case .failure(let failure) = framing.role(
                of: Self.event("error", #"{"type":"error","code":"server_error","message":"m"}"#))
        else {
            Issue.record("an error event is a failure")
            return
        }
        #expect(failure.code == .server)
        #expect(!framing.requiresTerminal)
    }
}
