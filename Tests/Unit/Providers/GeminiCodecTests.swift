import Connectors
import Foundation
import LLMCore
import LLMMedia
import Testing

@testable import LLMProviders

/// The Gemini codec without sockets: request bodies (validated with google-genai's own types),
/// thought signatures in place, answers, stream events, and `google.rpc.Status` errors.
@Suite struct GeminiCodecTests {
    static func withModel(_ name: String = "gemini-2.5-flash", _ body: (GeminiBaseLLM) throws -> Void) async throws {
        try await ProviderFixtures.withConnector(style: .gemini) { connector in
            let model = try #require(
                try LLMFactory.make(metadata: ModelCatalog.metadata(named: name)!, connector: connector)
                    as? GeminiBaseLLM)
            try body(model)
        }
    }

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 16))
    static let weather = ToolDefinition(
        name: "get_weather", description: "Weather",
        parameters: ["type": "object", "properties": ["city": ["type": "string"]]])

    /// A signed Gemini 3 turn: thoughts, a text signature, a signed call.
    static var signedTurn: ChatMessage {
        ChatMessage(
            role: .assistant,
            content: [
                .reasoning(Reasoning(text: "I think", signature: "c2lnMQ==", provider: .gemini)),
                .reasoning(Reasoning(text: "", signature: "c2lnMg==", provider: .gemini)),
                .reasoning(Reasoning(text: "other", signature: "x", provider: .anthropic)), .text("Checking."),
            ],
            toolCalls: [
                ToolCall(
                    id: "gemini-call-r-0", name: "get_weather", arguments: #"{"city":"Oslo"}"#, signature: "c2lnMw=="),
                ToolCall(id: "call_api", name: "get_weather", arguments: "", signature: nil),
            ])
    }

    static var conversations: [(String, [ChatMessage], GenerationOptions)] {
        [
            (
                "plain", [.system("Be brief."), .developer("Use metric."), .user("ping")],
                GenerationOptions(maxTokens: 10)
            ),
            (
                "media",
                [
                    .user([
                        .text("see"), .image(.bytes(png)), .image(.url(URL(string: "https://e.com/a.webp")!)),
                        .audio(AudioInput(data: Data([1, 2]), mimeType: .wav)),
                        .document(.bytes(Data("%PDF-1.7\n".utf8))), .document(.text("notes", title: "N")),
                        .document(.url(URL(string: "gs://b/r.pdf")!)),
                    ])
                ], GenerationOptions(temperature: 0.5, topP: 0.9, topK: 3, stop: ["END"], seed: 7, n: 2)
            ),
            (
                "tools",
                [
                    .user("Oslo?"), signedTurn, .tool(callId: "gemini-call-r-0", content: #"{"temp": 3}"#),
                    .tool(callId: "call_api", content: "boom", isError: true),
                ], GenerationOptions(tools: [weather], toolChoice: .function("get_weather"))
            ),
            (
                "thinking", [.user("think")],
                GenerationOptions(
                    responseFormat: .jsonSchema(name: "a", schema: ["type": "object"]), reasoningBudget: 512)
            ),
        ]
    }

    @Test func bodiesAreTheDocumentedShapeWithSignaturesInPlace() async throws {
        try await Self.withModel { model in
            let plain = try model.buildBody(Self.conversations[0].1, options: Self.conversations[0].2)
            #expect(
                JSONValue.object(plain)
                    == [
                        "systemInstruction": ["parts": [["text": "Be brief."], ["text": "Use metric."]]],
                        "contents": [["role": "user", "parts": [["text": "ping"]]]],
                        "generationConfig": ["maxOutputTokens": 10],
                    ])
            let media = try model.buildBody(Self.conversations[1].1, options: Self.conversations[1].2)
            let parts = media["contents"]?.arrayValue?.first?["parts"]?.arrayValue ?? []
            #expect(
                parts[1] == ["inlineData": ["mimeType": "image/png", "data": .string(Self.png.base64EncodedString())]])
            #expect(parts[2] == ["fileData": ["mimeType": "image/webp", "fileUri": "https://e.com/a.webp"]])
            #expect(parts[3]["inlineData"]?["mimeType"] == "audio/wav")
            #expect(parts[4]["inlineData"]?["mimeType"] == "application/pdf")
            #expect(parts[5] == ["text": "N\n\nnotes"])
            #expect(parts[6] == ["fileData": ["mimeType": "application/pdf", "fileUri": "gs://b/r.pdf"]])
            #expect(
                media["generationConfig"]
                    == [
                        "temperature": 0.5, "topP": 0.9, "topK": 3, "stopSequences": ["END"], "seed": 7,
                        "candidateCount": 2,
                    ])
            let tools = try model.buildBody(Self.conversations[2].1, options: Self.conversations[2].2)
            let turns = tools["contents"]?.arrayValue ?? []
            #expect(
                turns[1]
                    == [
                        "role": "model",
                        "parts": [
                            ["text": "I think", "thought": true, "thoughtSignature": "c2lnMQ=="],
                            ["text": "Checking.", "thoughtSignature": "c2lnMg=="],
                            [
                                "functionCall": ["name": "get_weather", "args": ["city": "Oslo"]],
                                "thoughtSignature": "c2lnMw==",
                            ],
                            ["functionCall": ["name": "get_weather", "args": [:], "id": "call_api"]],
                        ],
                    ])
            #expect(
                turns[2]
                    == [
                        "role": "user",
                        "parts": [
                            ["functionResponse": ["name": "get_weather", "response": ["temp": 3]]],
                            [
                                "functionResponse": [
                                    "name": "get_weather", "response": ["error": "boom"], "id": "call_api",
                                ]
                            ],
                        ],
                    ])
            #expect(
                tools["toolConfig"] == [
                    "functionCallingConfig": ["mode": "ANY", "allowedFunctionNames": ["get_weather"]]
                ])
            #expect(
                tools["tools"]
                    == [
                        [
                            "functionDeclarations": [
                                [
                                    "name": "get_weather", "description": "Weather",
                                    "parametersJsonSchema": Self.weather.parameters!,
                                ]
                            ]
                        ]
                    ])
            let thinking = try model.buildBody(Self.conversations[3].1, options: Self.conversations[3].2)
            #expect(
                thinking["generationConfig"]
                    == [
                        "responseMimeType": "application/json", "responseJsonSchema": ["type": "object"],
                        "thinkingConfig": ["thinkingBudget": 512, "includeThoughts": true],
                    ])
            let wire = try model.wireRequest(
                Self.conversations[0].1, options: GenerationOptions(), stream: true, context: RequestContext())
            let backup = Endpoint(
                baseURL: URL(string: "https://g.example")!, style: .gemini, deployment: "gemini-2.5-pro")
            #expect(
                wire.url?(model.connector.endpoints[0]).hasSuffix("/models/my-deployment:streamGenerateContent?alt=sse")
                    == true)
            #expect(wire.url?(backup).hasSuffix("/models/gemini-2.5-pro:streamGenerateContent?alt=sse") == true)
        }
    }

    @Test func everyBodyValidatesWithTheOfficialSDKsTypes() async throws {
        var bodies: [(name: String, body: Data)] = []
        for name in ["gemini-2.5-flash", "gemini-3-pro-preview"] {
            try await Self.withModel(name) { model in
                for (label, messages, options) in Self.conversations {
                    var options = options
                    if name.hasPrefix("gemini-3") {
                        options.reasoningBudget = nil
                        options.reasoningEffort = .high
                    }
                    bodies.append(
                        (
                            "\(name)-\(label)",
                            Data(JSONValue.object(try model.buildBody(messages, options: options)).jsonBytes)
                        ))
                }
            }
        }
        let result = try await RequestValidator.run("validate_gemini_requests.py", ["generate"], bodies: bodies)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("\(result.count) bodies valid"), "\(result.output)")
    }

    @Test func thinkingIsCheckedPerModel() async throws {
        try await Self.withModel("gemini-2.5-pro") { model in
            #expect(
                capture { try model.validateModelOptions(GenerationOptions(reasoningBudget: 0)) }?.parameter
                    == "reasoningBudget")
            try model.validateModelOptions(GenerationOptions(reasoningBudget: 128))
            #expect(model.thinkingBudget(for: .minimal) == 128)
        }
        try await Self.withModel("gemini-2.5-flash") { model in
            try model.validateModelOptions(GenerationOptions(reasoningBudget: 0))
            #expect(
                capture { try model.validateModelOptions(GenerationOptions(temperature: 2.5)) }?.parameter
                    == "temperature")
            #expect(
                capture { try model.validateModelOptions(GenerationOptions(stop: ["1", "2", "3", "4", "5", "6"])) }
                    != nil)
            let body = try model.buildBody([.user("x")], options: GenerationOptions(reasoningEffort: .minimal))
            #expect(body["generationConfig"]?["thinkingConfig"] == ["thinkingBudget": 0])
        }
        try await Self.withModel("gemini-3-pro-preview") { model in
            #expect(
                capture { try model.validateModelOptions(GenerationOptions(reasoningEffort: .medium)) }?.parameter
                    == "reasoningEffort")
            try model.validateModelOptions(GenerationOptions(reasoningEffort: .high))
        }
    }

    @Test func aToolResultWithoutItsCallIsATypedError() async throws {
        try await Self.withModel { model in
            let error = capture {
                _ = try model.buildBody(
                    [.user("x"), .tool(callId: "nope", content: "1")], options: GenerationOptions())
            }
            #expect(error?.code == .invalidRequest)
            #expect(error?.parameter == "messages[1]")
        }
    }

    // MARK: - Parsing

    static let info = ResponseInfo(
        status: 200, endpoint: "https://g.example/v1beta/models/m:generateContent", endpointName: "g", attempts: 1)

    @Test func anAnswerWithThoughtsSignaturesCallsAndUsage() async throws {
        try await Self.withModel { model in
            let response = try model.parseResponse(
                Data(
                    """
                    {"candidates": [{"content": {"role": "model", "parts": [
                        {"text": "hmm", "thought": true, "thoughtSignature": "t1"},
                        {"text": "Hel"}, {"text": "lo", "thoughtSignature": "t2"},
                        {"functionCall": {"name": "f", "args": {"a": 1}}, "thoughtSignature": "t3"},
                        {"functionCall": {"id": "api-id", "name": "g", "args": {}}}]},
                      "finishReason": "STOP", "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT", "probability": "LOW"}]},
                      {"content": {"parts": [{"text": "second"}]}, "finishReason": "STOP"}],
                     "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 5, "thoughtsTokenCount": 7,
                       "cachedContentTokenCount": 4, "totalTokenCount": 22},
                     "modelVersion": "gemini-2.5-flash-001", "responseId": "R1"}
                    """.utf8), info: Self.info)
            #expect(response.content == "Hello")
            #expect(response.id == "R1" && response.model == "gemini-2.5-flash-001")
            #expect(
                response.toolCalls == [
                    ToolCall(id: "gemini-call-R1-0", name: "f", arguments: #"{"a":1}"#, signature: "t3"),
                    ToolCall(id: "api-id", name: "g", arguments: "{}"),
                ])
            #expect(
                response.reasoning == [
                    Reasoning(text: "hmm", signature: "t1", provider: .gemini),
                    Reasoning(text: "", signature: "t2", provider: .gemini),
                ])
            #expect(response.finishReason == .toolCalls)
            #expect(response.additionalChoices == ["second"])
            #expect(
                response.usage
                    == Usage(
                        promptTokens: 10, completionTokens: 12, totalTokens: 22, cachedTokens: 4, reasoningTokens: 7))
            #expect(
                response.contentFilterResults["HARM_CATEGORY_HARASSMENT"]
                    == ContentFilterResult(filtered: false, severity: "LOW"))
            // Sent back, the parts are where they were.
            let body = try model.buildBody([.user("x"), .assistant(response)], options: GenerationOptions())
            let parts = body["contents"]?.arrayValue?[1]["parts"]?.arrayValue ?? []
            #expect(parts.map { $0["thoughtSignature"] } == ["t1", "t2", "t3", nil])
            #expect(parts[3]["functionCall"]?["id"] == "api-id")
        }
    }

    @Test(arguments: [
        ("MAX_TOKENS", FinishReason.length), ("RECITATION", .contentFilter),
        ("MALFORMED_FUNCTION_CALL", .other("MALFORMED_FUNCTION_CALL")),
        ("OTHER", .other("OTHER")),
    ])
    func finishReasonsMapToNeutralOnes(wire: String, reason: FinishReason) async throws {
        try await Self.withModel { model in
            let response = try model.parseResponse(
                Data(#"{"candidates": [{"content": {"parts": [{"text": "x"}]}, "finishReason": "\#(wire)"}]}"#.utf8),
                info: Self.info)
            #expect(response.finishReason == reason)
            #expect(response.gemini?.finishReason == wire)
        }
    }

    @Test func blockedPromptsAndAnswersAreContentFiltered() async throws {
        try await Self.withModel { model in
            let prompt = capture {
                _ = try model.parseResponse(
                    Data(
                        #"{"promptFeedback": {"blockReason": "PROHIBITED_CONTENT", "safetyRatings": [{"category": "C", "probability": "HIGH", "blocked": true}]}}"#
                            .utf8),
                    info: Self.info)
            }
            #expect(prompt?.code == .contentFiltered && prompt?.providerCode == "PROHIBITED_CONTENT")
            #expect(prompt?.contentFilterResults["C"]?.filtered == true)
            let answer = capture {
                _ = try model.parseResponse(
                    Data(#"{"candidates": [{"finishReason": "SAFETY"}]}"#.utf8), info: Self.info)
            }
            #expect(answer?.code == .contentFiltered)
            let counts = capture {
                _ = try model.parseResponse(
                    Data(
                        #"{"candidates": [{"content": {"parts": [{"text": "x"}]}}], "usageMetadata": {"promptTokenCount": 1.5}}"#
                            .utf8),
                    info: Self.info)
            }
            #expect(counts?.code == .decoding)
        }
    }

    @Test func streamEventsAccumulateAndAStreamWithoutFinishIsInterrupted() throws {
        var decoder = GeminiStreamDecoder()
        func decode(_ json: String) throws -> LLMStreamChunk? {
            try decoder.decode(ServerSentEvent(data: json))
        }
        let thought = try decode(
            #"{"candidates": [{"content": {"parts": [{"text": "hm", "thought": true}]}}], "responseId": "S"}"#)
        #expect(thought?.reasoningDelta == "hm" && thought?.textDelta == nil)
        #expect(try decode(#"{"candidates": [{"content": {"parts": [{"text": "Hi"}]}}]}"#)?.textDelta == "Hi")
        let call = try decode(
            #"{"candidates": [{"content": {"parts": [{"functionCall": {"name": "f", "args": {}}, "thoughtSignature": "s"}]}}]}"#
        )
        #expect(
            call?.toolCallDeltas == [
                ToolCallDelta(index: 0, id: "gemini-call-S-0", name: "f", arguments: "{}", signature: "s")
            ])
        #expect(throws: LLMError.self) { try decoder.finish() }
        let last = try decode(
            #"{"candidates": [{"content": {"parts": [{"text": "", "thoughtSignature": "ts"}]}, "finishReason": "STOP"}], "usageMetadata": {"promptTokenCount": 3, "candidatesTokenCount": 2}}"#
        )
        #expect(last?.finishReason == .toolCalls)
        #expect(
            last?.reasoning == [
                Reasoning(text: "hm", provider: .gemini), Reasoning(text: "", signature: "ts", provider: .gemini),
            ])
        #expect(last?.usage?.totalTokens == 5)
        try decoder.finish()
        var blocked = GeminiStreamDecoder()
        let error = capture {
            _ = try blocked.decode(
                ServerSentEvent(data: #"{"promptFeedback": {"blockReason": "SAFETY"}}"#))
        }
        #expect(error?.code == .contentFiltered)
    }

    @Test func theFramingFindsErrorEventsByTheirFirstMember() {
        let framing = GeminiFraming()
        guard
            case .failure(let error) = framing.role(
                of: ServerSentEvent(data: #" { "error": {"code": 503, "status": "UNAVAILABLE", "message": "busy"}}"#))
        else {
            Issue.record("an error event is a failure")
            return
        }
        #expect(error.code == .serviceUnavailable)
        guard case .content = framing.role(of: ServerSentEvent(data: #"{"candidates": [], "error_like": 1}"#)) else {
            Issue.record("a response is content")
            return
        }
        #expect(!framing.requiresTerminal)
    }

    // MARK: - Errors

    static func failure(_ status: Int, _ body: String) -> LLMError {
        GeminiErrorMapper.error(FailedResponse(status: status, body: Data(body.utf8), endpoint: "https://g.example/x"))
    }

    @Test func statusBodiesMapToTheirOutcome() {
        let limited = Self.failure(
            429,
            #"{"error": {"code": 429, "message": "Resource has been exhausted", "status": "RESOURCE_EXHAUSTED", "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "17.5s"}, {"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{"quotaId": "GenerateRequestsPerMinutePerProjectPerModel"}]}]}}"#
        )
        #expect(limited.code == .rateLimited && limited.retryAfter == .milliseconds(17_500))
        #expect(limited.isRetryable && !limited.triggersFailover)
        let daily = Self.failure(
            429,
            #"{"error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "message": "quota", "details": [{"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{"quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]}]}}"#
        )
        #expect(daily.code == .quotaExceeded && !daily.isRetryable)
        #expect(
            Self.failure(503, #"{"error": {"code": 503, "status": "UNAVAILABLE", "message": "overloaded"}}"#)
                .triggersFailover)
        #expect(
            Self.failure(504, #"{"error": {"code": 504, "status": "DEADLINE_EXCEEDED", "message": "slow"}}"#)
                .triggersFailover)
        let serverError = Self.failure(500, #"{"error": {"code": 500, "status": "INTERNAL", "message": "oops"}}"#)
        #expect(serverError.code == .server && serverError.isRetryable)
        let key = Self.failure(
            400,
            #"{"error": {"code": 400, "status": "INVALID_ARGUMENT", "message": "API key not valid.", "details": [{"reason": "API_KEY_INVALID"}]}}"#
        )
        #expect(key.code == .authentication)
        let long = Self.failure(
            400,
            #"{"error": {"code": 400, "status": "INVALID_ARGUMENT", "message": "The input token count (2000000) exceeds the maximum number of tokens allowed (1048576)."}}"#
        )
        #expect(long.code == .contextLengthExceeded)
        let precondition = Self.failure(
            400,
            #"{"error": {"code": 400, "status": "FAILED_PRECONDITION", "message": "User location is not supported."}}"#)
        #expect(
            precondition.code == .invalidRequest && precondition.providerMessage == "User location is not supported.")
        #expect(
            Self.failure(403, #"{"error": {"code": 403, "status": "PERMISSION_DENIED", "message": "no"}}"#).code
                == .permissionDenied)
        #expect(
            Self.failure(404, #"{"error": {"code": 404, "status": "NOT_FOUND", "message": "models/x is not found"}}"#)
                .code == .notFound)
        #expect(Self.failure(502, "<html>bad gateway</html>").triggersFailover)
        #expect(GeminiStatusWire.duration("1e9s") == .seconds(86_400))
        #expect(GeminiStatusWire.duration("-3s") == nil && GeminiStatusWire.duration("3m") == nil)
    }
}
