import Connectors
import Foundation
import LLMCore
import LLMMedia
import Testing

@testable import LLMProviders

/// The Converse codec without sockets: request bodies (validated and re-serialized by botocore
/// against Bedrock Runtime's own service model), each family's fields, the checks before anything
/// is sent, answers, stream events, and exception frames.
@Suite struct BedrockCodecTests {
    static let claude = "us.anthropic.claude-haiku-4-5-20251001-v1:0"

    static func withModel(_ name: String = claude, _ body: (BedrockBaseLLM) async throws -> Void) async throws {
        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: .bedrock(region: "us-east-1", credentials: { BedrockAPITests.credentials })))
        do {
            let model = try #require(
                LLMFactory.make(metadata: ModelCatalog.metadata(named: name)!, connector: connector) as? BedrockBaseLLM)
            try await body(model)
        } catch {
            try await connector.shutdown()
            throw error
        }
        try await connector.shutdown()
    }

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 16))
    static let weather = ToolDefinition(
        name: "get_weather", description: "Weather",
        parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]])

    /// A tool round trip with Bedrock's signed reasoning, and another provider's reasoning that
    /// must not be sent.
    static let toolTurns: [ChatMessage] = [
        .system("Be brief."), .user("Weather in Oslo?"),
        ChatMessage(
            role: .assistant,
            content: [
                .reasoning(Reasoning(text: "Look it up.", signature: "c2ln", provider: .bedrock)),
                .reasoning(Reasoning(text: "other", signature: "x", provider: .anthropic)), .text("Checking."),
            ],
            toolCalls: [
                ToolCall(id: "tooluse_1", name: "get_weather", arguments: #"{"city":"Oslo"}"#),
                ToolCall(id: "tooluse_2", name: "get_weather", arguments: #"{"city":"Bergen"}"#),
            ]),
        .tool(callId: "tooluse_1", content: #"{"temp": 3}"#),
        .tool(callId: "tooluse_2", content: "boom", isError: true),
        .user("And tomorrow?"),
    ]

    static var conversations: [(name: String, model: String, messages: [ChatMessage], options: GenerationOptions)] {
        [
            ("plain", claude, [.system("Be brief."), .developer("Use metric."), .user("ping")], .init(maxTokens: 10)),
            (
                "media", claude,
                [
                    .user([
                        .text("see"), .image(.bytes(png)), .image(.url(URL(string: "s3://bucket/cat.JPG")!)),
                        .document(.bytes(Data("%PDF-1.7\n".utf8))), .document(.text("notes", title: "My notes.txt")),
                        .document(.url(URL(string: "s3://bucket/report.pdf")!)),
                    ])
                ], .init(temperature: 0.5, stop: ["END"])
            ),
            (
                "tools", claude, toolTurns,
                .init(
                    maxTokens: 2_048, tools: [weather], toolChoice: .function("get_weather"),
                    extraBody: [
                        "guardrailConfig": ["guardrailIdentifier": "g1", "guardrailVersion": "1"], "custom": 1,
                    ])
            ),
            ("thinking", claude, [.user("think")], .init(maxTokens: 4_000, topP: 0.97, reasoningBudget: 2_000)),
            (
                "schema", "global.anthropic.claude-sonnet-4-5-20250929-v1:0", [.user("json")],
                .init(
                    responseFormat: .jsonSchema(name: "answer", schema: ["type": "object"], description: "The answer"))
            ),
            (
                "cache", claude,
                [
                    ChatMessage(role: .system, content: [.text("long system")], cache: CacheBreakpoint()),
                    ChatMessage(
                        role: .user, content: [.text("long doc")], cache: CacheBreakpoint(ttl: .seconds(3_600))),
                ],
                .init(
                    tools: [
                        ToolDefinition(
                            name: "t", description: nil, parameters: nil, cache: CacheBreakpoint())
                    ])
            ),
            ("nova", "amazon.nova-lite-v1:0", toolTurns, .init(topK: 5, tools: [weather], toolChoice: .required)),
            ("llama", "us.meta.llama3-3-70b-instruct-v1:0", toolTurns, .init(topP: 0.9, tools: [weather])),
            (
                "mistral", "mistral.mistral-large-2407-v1:0", [.user("hi")],
                .init(tools: [weather], toolChoice: .required)
            ),
        ]
    }

    static func body(_ model: BedrockBaseLLM, _ messages: [ChatMessage], _ options: GenerationOptions) throws
        -> [String: JSONValue]
    {
        try model.buildBody(messages, options: model.mergeParameters(options))
    }

    @Test func botocoreAcceptsEveryBodyAndSerializesTheSameOne() async throws {
        var cases: [(name: String, body: Data)] = []
        var paths: [String] = []
        for (index, conversation) in Self.conversations.enumerated() {
            try await Self.withModel(conversation.model) { model in
                let body = try Self.body(model, conversation.messages, conversation.options)
                let stream = index.isMultiple(of: 2)
                let request: JSONValue = [
                    "modelId": .string(conversation.model), "stream": .bool(stream), "body": .object(body),
                ]
                cases.append((conversation.name, Data(request.jsonBytes)))
                paths.append("/" + BedrockPath.converse(conversation.model, stream: stream))
            }
        }
        let result = try await RequestValidator.run("botocore_oracle.py", ["converse"], bodies: cases)
        #expect(result.status == 0, "\(result.output)")
        let verdicts = try #require(try JSONValue(parsing: result.output).arrayValue)
        #expect(verdicts.count == cases.count)
        for (index, verdict) in verdicts.enumerated() {
            #expect(verdict["errors"] == "", "\(cases[index].name): \(verdict)")
            #expect(verdict["sameBody"] == true, "\(cases[index].name)")
            #expect(verdict["path"]?.stringValue == paths[index], "\(cases[index].name)")
        }
    }

    @Test func aToolConversationBecomesAlternatingTurnsOfBlocks() async throws {
        try await Self.withModel { model in
            let body = try Self.body(
                model, Self.toolTurns,
                GenerationOptions(
                    maxTokens: 2_048, temperature: 0.2, stop: ["END"], tools: [Self.weather], toolChoice: .required,
                    extraBody: ["serviceTier": ["type": "priority"], "anthropic_beta": ["x"]]))
            #expect(body["system"] == [["text": "Be brief."]])
            let turns = try #require(body["messages"]?.arrayValue)
            #expect(turns.map { $0["role"]?.stringValue } == ["user", "assistant", "user"])
            // Bedrock's reasoning first and unchanged; Anthropic's is not Bedrock's to receive.
            #expect(
                turns[1]["content"]
                    == [
                        ["reasoningContent": ["reasoningText": ["text": "Look it up.", "signature": "c2ln"]]],
                        ["text": "Checking."],
                        ["toolUse": ["toolUseId": "tooluse_1", "name": "get_weather", "input": ["city": "Oslo"]]],
                        ["toolUse": ["toolUseId": "tooluse_2", "name": "get_weather", "input": ["city": "Bergen"]]],
                    ])
            // Both tool results and the next question are one user turn (Claude takes the status).
            #expect(
                turns[2]["content"]
                    == [
                        [
                            "toolResult": [
                                "toolUseId": "tooluse_1", "content": [["text": #"{"temp": 3}"#]], "status": "success",
                            ]
                        ],
                        ["toolResult": ["toolUseId": "tooluse_2", "content": [["text": "boom"]], "status": "error"]],
                        ["text": "And tomorrow?"],
                    ])
            #expect(body["inferenceConfig"] == ["maxTokens": 2_048, "temperature": 0.2, "stopSequences": ["END"]])
            #expect(
                body["toolConfig"]
                    == [
                        "tools": [
                            [
                                "toolSpec": [
                                    "name": "get_weather", "description": "Weather",
                                    "inputSchema": ["json": Self.weather.parameters!],
                                ]
                            ]
                        ],
                        "toolChoice": ["any": [:]],
                    ])
            // A Converse field goes to the top, any other key to the model's own fields.
            #expect(body["serviceTier"] == ["type": "priority"])
            #expect(body["additionalModelRequestFields"] == ["anthropic_beta": ["x"]])
        }
    }

    @Test func eachFamilySendsItsOwnFields() async throws {
        try await Self.withModel { model in
            let body = try Self.body(model, [.user("x")], GenerationOptions(maxTokens: 4_000, reasoningEffort: .medium))
            #expect(body["additionalModelRequestFields"] == ["thinking": ["type": "enabled", "budget_tokens": 2_048]])
            let topK = try Self.body(model, [.user("x")], GenerationOptions(topK: 40))
            #expect(topK["additionalModelRequestFields"] == ["top_k": 40])
            // The catalog's default output limit.
            #expect(topK["inferenceConfig"] == ["maxTokens": 8_192])
        }
        try await Self.withModel("amazon.nova-pro-v1:0") { model in
            let body = try Self.body(model, [.user("x")], GenerationOptions(topK: 20))
            #expect(body["additionalModelRequestFields"] == ["inferenceConfig": ["topK": 20]])
        }
        try await Self.withModel("us.meta.llama4-maverick-17b-instruct-v1:0") { model in
            let body = try Self.body(model, Self.toolTurns, GenerationOptions(tools: [Self.weather]))
            let results = try #require(body["messages"]?.arrayValue?[2]["content"]?.arrayValue)
            // Llama takes no tool-result status and no cache points; its reasoning is not Bedrock-signed here.
            #expect(results[0] == ["toolResult": ["toolUseId": "tooluse_1", "content": [["text": #"{"temp": 3}"#]]]])
            let cached = try Self.body(
                model, [ChatMessage(role: .user, content: [.text("x")], cache: CacheBreakpoint())], GenerationOptions())
            #expect(cached["messages"] == [["role": "user", "content": [["text": "x"]]]])
        }
    }

    @Test func cacheBreakpointsBecomeCachePoints() async throws {
        let conversation = Self.conversations.first { $0.name == "cache" }!
        try await Self.withModel { model in
            let body = try Self.body(model, conversation.messages, conversation.options)
            #expect(body["system"] == [["text": "long system"], ["cachePoint": ["type": "default"]]])
            #expect(
                body["messages"]
                    == [
                        [
                            "role": "user",
                            "content": [["text": "long doc"], ["cachePoint": ["type": "default", "ttl": "1h"]]],
                        ]
                    ])
            #expect(body["toolConfig"]?["tools"]?.arrayValue?.last == ["cachePoint": ["type": "default"]])
        }
    }

    @Test func mediaBecomesBytesOrS3Locations() async throws {
        let conversation = Self.conversations.first { $0.name == "media" }!
        try await Self.withModel { model in
            let body = try Self.body(model, conversation.messages, conversation.options)
            let blocks = try #require(body["messages"]?.arrayValue?.first?["content"]?.arrayValue)
            #expect(
                blocks[1] == ["image": ["format": "png", "source": ["bytes": .string(Self.png.base64EncodedString())]]])
            #expect(
                blocks[2] == ["image": ["format": "jpeg", "source": ["s3Location": ["uri": "s3://bucket/cat.JPG"]]]])
            #expect(blocks[3]["document"]?["format"] == "pdf")
            #expect(blocks[3]["document"]?["name"] == "document-1")
            // A title made to fit the name rules (no dots).
            #expect(blocks[4] == ["document": ["format": "txt", "name": "My notes-txt", "source": ["text": "notes"]]])
            #expect(blocks[5]["document"]?["source"] == ["s3Location": ["uri": "s3://bucket/report.pdf"]])
        }
        #expect(BedrockBaseLLM.documentName("  a  b\u{1F600}[c](d)  ", number: 2) == "a b-[c](d)")
        #expect(BedrockBaseLLM.documentName("...", number: 3) == "---")
        #expect(BedrockBaseLLM.documentName(nil, number: 3) == "document-3")
        #expect(BedrockBaseLLM.documentName(String(repeating: "x", count: 300), number: 1).count == 200)
    }

    @Test func whatConverseCannotCarryFailsBeforeSending() async throws {
        try await Self.withModel { model in
            func error(_ messages: [ChatMessage], _ options: GenerationOptions = GenerationOptions()) -> LLMError? {
                capture {
                    let merged = try model.mergeParameters(options)
                    try model.validateModelOptions(model.acceptedOptions(merged, context: RequestContext()))
                    _ = try model.buildBody(messages, options: merged)
                }
            }
            let http = error([.user("x", images: [ImageInput(source: .url(URL(string: "https://e.com/a.png")!))])])
            #expect(http?.parameter == "messages[0].content[1]")
            #expect(http?.message.contains("s3://") == true)
            #expect(error([.assistant("hi"), .user("x")])?.parameter == "messages")
            let onlyOthersReasoning = ChatMessage(
                role: .assistant, content: [.reasoning(Reasoning(text: "t", signature: "s", provider: .anthropic))])
            #expect(error([.user("x"), onlyOthersReasoning])?.parameter == "messages[1]")
            #expect(error(Self.toolTurns)?.parameter == "tools")
            #expect(error([.user("x")], GenerationOptions(temperature: 1.5))?.parameter == "temperature")
            #expect(error([.user("x")], GenerationOptions(responseFormat: .jsonObject))?.parameter == "responseFormat")
            #expect(
                error([.user("x")], GenerationOptions(tools: [Self.weather], toolChoice: ToolChoice.none))?.parameter
                    == "toolChoice")
            // Claude's own rules hold on Bedrock too.
            #expect(error([.user("x")], GenerationOptions(temperature: 0.5, topP: 0.9))?.parameter == "topP")
            #expect(
                error([.user("x")], GenerationOptions(maxTokens: 1_500, reasoningBudget: 2_000))?.parameter
                    == "reasoningBudget")
            let badArguments = ChatMessage(
                role: .assistant, content: [], toolCalls: [ToolCall(id: "t", name: "f", arguments: "[1]")])
            #expect(
                error([.user("x"), badArguments], GenerationOptions(tools: [Self.weather]))?.parameter
                    == "messages[1].toolCalls[0]")
            #expect(
                error([.user([.audio(AudioInput(data: Data([1]), mimeType: .wav))])])?.code == .unsupportedOperation)
        }
        try await Self.withModel("us.meta.llama3-3-70b-instruct-v1:0") { model in
            let forced = capture {
                try model.validateModelOptions(GenerationOptions(tools: [Self.weather], toolChoice: .required))
            }
            #expect(forced?.parameter == "toolChoice")
            #expect(forced?.hint?.contains("Claude") == true)
        }
    }

    // MARK: - Parsing

    static let info = ResponseInfo(
        status: 200, endpoint: "https://bedrock-runtime.us-east-1.amazonaws.com", endpointName: "b", attempts: 1,
        requestId: "req-1")

    @Test func anAnswerWithReasoningToolCallsUsageAndLatency() async throws {
        try await Self.withModel { model in
            let response = try model.parseResponse(
                Data(
                    """
                    {"output": {"message": {"role": "assistant", "content": [
                        {"reasoningContent": {"reasoningText": {"text": "hmm", "signature": "sig"}}},
                        {"reasoningContent": {"redactedContent": "cmVk"}},
                        {"text": "Hel"}, {"text": "lo"},
                        {"toolUse": {"toolUseId": "tooluse_9", "name": "get_weather", "input": {"city": "Oslo"}}},
                        {"citationsContent": {"content": []}}]}},
                     "stopReason": "tool_use",
                     "usage": {"inputTokens": 10, "outputTokens": 5, "totalTokens": 45, "cacheReadInputTokens": 20,
                       "cacheWriteInputTokens": 10},
                     "metrics": {"latencyMs": 321}, "additionalModelResponseFields": {"stop_sequence": null}}
                    """.utf8), info: Self.info)
            #expect(response.content == "Hello")
            #expect(
                response.toolCalls == [ToolCall(id: "tooluse_9", name: "get_weather", arguments: #"{"city":"Oslo"}"#)])
            #expect(
                response.reasoning == [
                    Reasoning(text: "hmm", signature: "sig", provider: .bedrock),
                    Reasoning(text: "", redactedData: "cmVk", provider: .bedrock),
                ])
            #expect(response.finishReason == .toolCalls)
            #expect(
                response.usage
                    == Usage(
                        promptTokens: 40, completionTokens: 5, totalTokens: 45, cachedTokens: 20,
                        cacheCreationTokens: 10))
            #expect(response.bedrock?.latencyMs == 321)
            #expect(response.bedrock?.stopReason == "tool_use")
            #expect(response.bedrock?.additionalModelResponseFields == ["stop_sequence": nil])
            #expect(response.id == "req-1")
            // 10 uncached at $1.10, 20 read at $0.11, 10 written at $1.375, 5 out at $5.50 per million.
            let cost = try #require(response.costUSD)
            #expect(abs(cost - (10 * 1.10 + 20 * 0.11 + 10 * 1.375 + 5 * 5.50) / 1e6) < 1e-12)
        }
    }

    @Test(arguments: [
        ("end_turn", FinishReason.stop), ("stop_sequence", .stop), ("max_tokens", .length),
        ("model_context_window_exceeded", .length), ("tool_use", .toolCalls), ("guardrail_intervened", .contentFilter),
        ("content_filtered", .contentFilter), ("malformed_tool_use", .other("malformed_tool_use")),
    ])
    func stopReasons(_ wire: String, _ reason: FinishReason) {
        #expect(BedrockMapping.finishReason(wire) == reason)
    }

    @Test func whatIsNotAConverseResponseIsADecodingError() async throws {
        try await Self.withModel { model in
            for body in [
                #"{"output": {}}"#, "[1]",
                #"{"output": {"message": {"content": [{"text": "x"}]}}, "usage": {"inputTokens": -1}}"#,
            ] {
                let error = capture { _ = try model.parseResponse(Data(body.utf8), info: Self.info) }
                #expect(error?.code == .decoding, "\(body)")
                #expect(error?.requestId == "req-1")
            }
        }
    }

    // MARK: - Streams

    static func event(_ type: String, _ json: String) -> ServerSentEvent {
        ServerSentEvent(event: type, data: json)
    }

    static func decode(_ events: [ServerSentEvent]) throws(LLMError) -> StreamAccumulator {
        var decoder = BedrockStreamDecoder()
        var accumulator = StreamAccumulator()
        for event in events {
            if let chunk = try decoder.decode(event) { accumulator.add(chunk) }
        }
        try decoder.finish()
        return accumulator
    }

    @Test func aStreamOfTextReasoningAndAToolCallInFragments() throws {
        let accumulator = try Self.decode([
            Self.event("messageStart", #"{"role":"assistant","p":"abcdefgh"}"#),
            Self.event(
                "contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"Let me "}}}"#),
            Self.event("contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"see."}}}"#),
            Self.event(
                "contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"reasoningContent":{"signature":"SIG"}}}"#),
            Self.event("contentBlockStop", #"{"contentBlockIndex":0}"#),
            Self.event("contentBlockDelta", #"{"contentBlockIndex":1,"delta":{"text":"Hi "}}"#),
            Self.event("contentBlockDelta", #"{"contentBlockIndex":1,"delta":{"text":"there"}}"#),
            Self.event("contentBlockStop", #"{"contentBlockIndex":1}"#),
            Self.event(
                "contentBlockStart",
                #"{"contentBlockIndex":2,"start":{"toolUse":{"toolUseId":"tooluse_1","name":"get_weather"}}}"#),
            Self.event("contentBlockDelta", #"{"contentBlockIndex":2,"delta":{"toolUse":{"input":"{\"city\":"}}}"#),
            Self.event("contentBlockDelta", #"{"contentBlockIndex":2,"delta":{"toolUse":{"input":"\"Oslo\"}"}}}"#),
            Self.event("contentBlockStop", #"{"contentBlockIndex":2}"#),
            Self.event("messageStop", #"{"stopReason":"tool_use"}"#),
            Self.event(
                "metadata",
                #"{"usage":{"inputTokens":12,"outputTokens":7,"totalTokens":19},"metrics":{"latencyMs":250},"p":"xy"}"#),
        ])
        let response = accumulator.response
        #expect(response.content == "Hi there")
        #expect(response.reasoning == [Reasoning(text: "Let me see.", signature: "SIG", provider: .bedrock)])
        #expect(response.toolCalls == [ToolCall(id: "tooluse_1", name: "get_weather", arguments: #"{"city":"Oslo"}"#)])
        #expect(response.finishReason == .toolCalls)
        #expect(response.usage == Usage(promptTokens: 12, completionTokens: 7, totalTokens: 19))
        // The stop reason (before the metadata) and the latency (in it) both survive.
        #expect(response.bedrock == BedrockExtras(stopReason: "tool_use", latencyMs: 250))
    }

    @Test func aToolCallWithoutInputHasEmptyArgumentsAndRedactedReasoningIsKept() throws {
        let accumulator = try Self.decode([
            Self.event(
                "contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"reasoningContent":{"redactedContent":"cmVk"}}}"#
            ),
            Self.event("contentBlockStop", #"{"contentBlockIndex":0}"#),
            Self.event(
                "contentBlockStart", #"{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t","name":"now"}}}"#),
            Self.event("contentBlockStop", #"{"contentBlockIndex":1}"#),
            Self.event("messageStop", #"{"stopReason":"tool_use"}"#),
        ])
        let response = accumulator.response
        #expect(response.toolCalls == [ToolCall(id: "t", name: "now", arguments: "{}")])
        #expect(response.reasoning == [Reasoning(text: "", redactedData: "cmVk", provider: .bedrock)])
    }

    @Test func brokenStreamsAreTypedErrors() {
        func failure(_ events: [ServerSentEvent]) -> LLMError? {
            do {
                _ = try Self.decode(events)
                return nil
            } catch { return error }
        }
        let text = Self.event("contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"text":"partial"}}"#)
        // No messageStop: the stream was cut.
        let cut = failure([text])
        #expect(cut?.code == .streamInterrupted)
        let notJSON = failure([text, Self.event("contentBlockDelta", "{nope")])
        #expect(notJSON?.code == .decoding)
        #expect(notJSON?.message.contains("not a ConverseStream event") == true)
        #expect(
            failure([Self.event("contentBlockDelta", #"{"contentBlockIndex":3,"delta":{"toolUse":{"input":"{"}}}"#)])?
                .code == .decoding)
        let badArguments = failure([
            Self.event(
                "contentBlockStart", #"{"contentBlockIndex":0,"start":{"toolUse":{"toolUseId":"t","name":"f"}}}"#),
            Self.event("contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"toolUse":{"input":"{\"a\":"}}}"#),
            Self.event("contentBlockStop", #"{"contentBlockIndex":0}"#),
        ])
        #expect(badArguments?.code == .decoding)
        #expect(badArguments?.message.contains("not a JSON object") == true)
        let badUsage = failure([
            Self.event("messageStop", #"{"stopReason":"end_turn"}"#),
            Self.event("metadata", #"{"usage":{"inputTokens":1e400}}"#),
        ])
        #expect(badUsage?.code == .decoding)
    }

    @Test(arguments: [
        ("exception:throttlingException", LLMErrorCode.rateLimited),
        ("exception:serviceUnavailableException", .serviceUnavailable),
        ("exception:internalServerException", .server), ("exception:modelStreamErrorException", .invalidRequest),
        ("exception:validationException", .invalidRequest), ("error:InternalFailure", .server),
    ])
    func exceptionFramesAreFailuresByTheirType(_ name: String, _ code: LLMErrorCode) {
        let framing = BedrockFraming()
        guard case .failure(let error) = framing.role(of: ServerSentEvent(event: name, data: #"{"message":"busy"}"#))
        else {
            Issue.record("\(name) is not a failure")
            return
        }
        #expect(error.code == code)
        #expect(error.providerMessage == "busy")
        #expect(framing.encoding == .awsEventStream)
        if case .preamble = framing.role(of: Self.event("messageStart", "{}")) {} else { Issue.record("messageStart") }
        if case .content = framing.role(of: Self.event("metadata", "{}")) {} else { Issue.record("metadata") }
        // An error frame carries its message as text, not JSON.
        guard
            case .failure(let plain) = framing.role(
                of: ServerSentEvent(event: "error:InternalFailure", data: "it broke"))
        else { return }
        #expect(plain.providerMessage == "it broke")
    }
}
