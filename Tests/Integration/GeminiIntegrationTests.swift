import Foundation
import LLMSimulator
import SwiftLLM
import Testing

/// Gemini over the Gemini API and Vertex AI, over real sockets against LLMSimulator: answers,
/// streams, tools with synthesized call ids and thought signatures, thinking, structured output,
/// safety blocks, and every failure class of `google.rpc.Status` with its outcome.
@Suite(.serialized) struct GeminiIntegrationTests {
    static func with(
        model name: String = "gemini-2.5-flash", style: EndpointStyle = .gemini, withBackup: Bool = true,
        tokenProvider: ConnectorConfiguration.TokenProvider? = nil,
        _ body: (SimulatorPair, any LLM) async throws -> Void
    ) async throws {
        try await SimulatorPair.with(
            withBackup: withBackup, style: style, deployment: name, tokenProvider: tokenProvider
        ) { pair in
            let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: name)!, connector: pair.connector)
            try await body(pair, model)
        }
    }

    static let weather = ToolDefinition(
        name: "get_weather", description: "Weather in a city",
        parameters: ["type": "object", "properties": ["input": ["type": "string"]], "required": ["input"]])

    @Test func answersWithTheKeyHeaderTheModelInThePathAndUsage() async throws {
        try await Self.with { pair, model in
            let response = try await model.getAnswer("ping", system: "Be brief.")
            #expect(response.content == "primary says: ping")
            #expect(response.finishReason == .stop)
            #expect(response.id == "sim-gemini-1")
            #expect(response.gemini?.finishReason == "STOP")
            #expect(response.contentFilterResults["HARM_CATEGORY_HATE_SPEECH"]?.severity == "NEGLIGIBLE")
            let usage = try #require(response.usage)
            #expect(usage.promptTokens > 0 && usage.completionTokens == 3)
            #expect(response.costUSD == ModelCatalog.metadata(named: "gemini-2.5-flash")?.pricing?.cost(of: usage))
            #expect(response.endpoint?.hasSuffix("/v1beta/models/gemini-2.5-flash:generateContent") == true)
            let sent = try #require(pair.primary.requests.first)
            #expect(sent.uri == "/v1beta/models/gemini-2.5-flash:generateContent")
            #expect(sent.headers["x-goog-api-key"] == SimulatorPair.key)
            #expect(sent.headers["authorization"] == nil)
            let body = try #require(sent.json)
            #expect(
                (body["systemInstruction"] as? [String: Any]).flatMap { $0["parts"] as? [[String: String]] } == [
                    ["text": "Be brief."]
                ])
            #expect(body["contents"] != nil)
            #expect(try JSONValue(parsing: sent.body)["contents"] == [["role": "user", "parts": [["text": "ping"]]]])
        }
    }

    @Test func vertexAIIsTheSameCodecWithABearerTokenAndTheProjectPath() async throws {
        let token: ConnectorConfiguration.TokenProvider = { SimulatorPair.key }
        try await Self.with(style: .vertexAI, tokenProvider: token) { pair, model in
            let response = try await model.getAnswer("ping")
            #expect(response.content == "primary says: ping")
            let sent = try #require(pair.primary.requests.first)
            #expect(
                sent.uri
                    == "/v1/projects/sim-project/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent"
            )
            #expect(sent.headers["authorization"] == "Bearer \(SimulatorPair.key)")
            var text = ""
            for try await chunk in model.streamAnswer("one two") { text += chunk.textDelta ?? "" }
            #expect(text == "primary says: one two")
            #expect(pair.primary.requests.last?.uri.hasSuffix(":streamGenerateContent?alt=sse") == true)
        }
    }

    @Test func streamsTextThoughtsAndUsageAndEndsAtTheBodysEnd() async throws {
        try await Self.with { pair, model in
            var accumulator = StreamAccumulator()
            var first: LLMStreamChunk?
            var thoughts = ""
            for try await chunk in model.streamAnswer(
                [.user("one two three")], options: GenerationOptions(reasoningEffort: .low))
            {
                if first == nil { first = chunk }
                thoughts += chunk.reasoningDelta ?? ""
                accumulator.add(chunk)
            }
            let response = accumulator.response
            #expect(response.content == "primary says: one two three")
            #expect(response.finishReason == .stop)
            #expect(thoughts == "I consider: one two three")
            #expect(response.reasoning.first?.text == thoughts)
            #expect(response.reasoning.first?.provider == .gemini)
            #expect(response.reasoning.contains { $0.text.isEmpty && $0.signature != nil })  // the text's signature
            #expect(response.usage?.reasoningTokens == 5)
            #expect(first?.endpoint?.hasSuffix(":streamGenerateContent") == true)
            let body = try JSONValue(parsing: try #require(pair.primary.requests.first).body)
            #expect(body["generationConfig"]?["thinkingConfig"] == ["thinkingBudget": 1_024, "includeThoughts": true])
        }
    }

    @Test func aToolRoundTripSynthesizesCallIdsAndPairsResultsByName() async throws {
        try await Self.with { pair, model in
            let options = GenerationOptions(tools: [Self.weather], toolChoice: .required)
            let first = try await model.getAnswer([.user("Oslo")], options: options)
            #expect(first.finishReason == .toolCalls)
            let call = try #require(first.toolCalls.first)
            #expect(call.name == "get_weather")
            #expect(call.id == "gemini-call-sim-gemini-1-0")
            #expect(try JSONValue(parsing: call.arguments) == ["input": "Oslo"])
            let final = try await model.getAnswer(
                [.user("Oslo"), .assistant(first), .tool(callId: call.id, content: "3C")], options: options)
            #expect(final.content == "primary says: the tool returned 3C")
            let sent = try #require(pair.primary.requests.last?.json)
            let contents = try #require(sent["contents"] as? [[String: Any]])
            let response = try #require(
                (contents[2]["parts"] as? [[String: Any]])?.first?["functionResponse"] as? [String: Any])
            #expect(response["name"] as? String == "get_weather")
            #expect(response["id"] == nil)  // a synthesized id is never sent
            #expect(response["response"] as? [String: String] == ["output": "3C"])
            let config = try #require(pair.primary.requests.first?.json?["toolConfig"] as? [String: Any])
            #expect(config["functionCallingConfig"] as? [String: String] == ["mode": "ANY"])
        }
    }

    @Test func gemini3ThoughtSignaturesGoBackUnchangedAndATurnWithoutThemIsRejected() async throws {
        try await Self.with(model: "gemini-3-pro-preview") { pair, model in
            let options = GenerationOptions(tools: [Self.weather])
            let first = try await model.getAnswer([.user("Oslo")], options: options)
            let call = try #require(first.toolCalls.first)
            #expect(call.signature != nil)
            let final = try await model.getAnswer(
                [.user("Oslo"), .assistant(first), .tool(callId: call.id, content: "3C")], options: options)
            #expect(final.content == "primary says: the tool returned 3C")
            let parts =
                (pair.primary.requests.last?.json?["contents"] as? [[String: Any]])?[1]["parts"] as? [[String: Any]]
            #expect(parts?.first?["thoughtSignature"] as? String == call.signature)
            // The same turn with the signature dropped is what Gemini 3 rejects.
            var unsigned = ChatMessage.assistant(first)
            unsigned.toolCalls[0].signature = nil
            let error = await captureError {
                _ = try await model.getAnswer(
                    [.user("Oslo"), unsigned, .tool(callId: call.id, content: "3C")], options: options)
            }
            #expect(error?.code == .invalidRequest)
            #expect(error?.providerCode == "INVALID_ARGUMENT")
            #expect(error?.providerMessage?.contains("thought_signature") == true)
            #expect(pair.backup.requests.isEmpty)
        }
    }

    @Test func structuredOutputCandidatesAndLevelsGoInTheGenerationConfig() async throws {
        try await Self.with(model: "gemini-3-flash-preview") { pair, model in
            let schema: JSONValue = ["type": "object", "properties": ["answer": ["type": "string"]]]
            let response = try await model.getAnswer(
                [.user("hi")],
                options: GenerationOptions(
                    maxTokens: 100, temperature: 0.5, topK: 4, stop: ["END"], n: 2,
                    responseFormat: .jsonSchema(name: "a", schema: schema), reasoningEffort: .medium))
            // Both candidates are JSON that matches the schema, as a real model's are.
            #expect(response.content == #"{"answer":"primary says: hi"}"#)
            #expect(response.additionalChoices == [response.content])
            let config = try #require(pair.primary.requests.first?.json?["generationConfig"] as? [String: Any])
            #expect(config["maxOutputTokens"] as? Int == 100)
            #expect(config["topK"] as? Int == 4)
            #expect(config["stopSequences"] as? [String] == ["END"])
            #expect(config["candidateCount"] as? Int == 2)
            #expect(config["responseMimeType"] as? String == "application/json")
            #expect((config["responseJsonSchema"] as? [String: Any])?["type"] as? String == "object")
            let sent = try JSONValue(parsing: try #require(pair.primary.requests.first).body)
            #expect(
                sent["generationConfig"]?["thinkingConfig"] == ["thinkingLevel": "medium", "includeThoughts": true])
        }
    }

    // MARK: - Safety

    @Test func aBlockedPromptIsContentFilteredWithTheRatings() async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.contentFilter)
            let error = await captureError { _ = try await model.getAnswer("bad") }
            #expect(error?.code == .contentFiltered)
            #expect(error?.providerCode == "SAFETY")
            #expect(error?.contentFilterResults["HARM_CATEGORY_DANGEROUS_CONTENT"]?.filtered == true)
            pair.primary.enqueue(.contentFilterFinish)
            let blocked = await captureError { _ = try await model.getAnswer("bad") }
            #expect(blocked?.code == .contentFiltered)
            #expect(blocked?.contentFilterResults["HARM_CATEGORY_DANGEROUS_CONTENT"]?.severity == "HIGH")
            // Streamed, the same answer is the same error (not a success with no text).
            pair.primary.enqueue(.contentFilterFinish)
            let streamed = await captureError { for try await _ in model.streamAnswer("bad") {} }
            #expect(streamed?.code == .contentFiltered)
            #expect(streamed?.message == blocked?.message)
            #expect(streamed?.providerCode == "SAFETY")
            #expect(streamed?.contentFilterResults["HARM_CATEGORY_DANGEROUS_CONTENT"]?.filtered == true)
            #expect(pair.backup.requests.isEmpty)
        }
    }

    // MARK: - Failures

    @Test func resourceExhaustedRetriesInPlaceAfterTheRetryInfoDelay() async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.status(429, retryAfterMs: 50))
            let start = ContinuousClock.now
            let response = try await model.getAnswer("ping")
            #expect(response.content == "primary says: ping")
            #expect(response.attempts == 2)
            #expect(ContinuousClock.now - start >= .milliseconds(50))
            #expect(pair.primary.requests.count == 2 && pair.backup.requests.isEmpty)
        }
    }

    @Test func aDailyQuotaIsSurfacedNotRetried() async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.quotaExhausted)
            let error = await captureError { _ = try await model.getAnswer("ping") }
            #expect(error?.code == .quotaExceeded)
            #expect(error?.httpStatus == 429)
            #expect(error?.retryAfter == .seconds(41))
            #expect(pair.primary.requests.count == 1 && pair.backup.requests.isEmpty)
        }
    }

    @Test(arguments: [503, 504]) func unavailableAndDeadlineExceededFailOver(status: Int) async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.status(status))
            let response = try await model.getAnswer("ping")
            #expect(response.content == "backup says: ping")
            #expect(pair.primary.requests.count == 1)
        }
    }

    @Test func internalRetriesAndCallerErrorsSurfaceAtOnceWithTheMessage() async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.status(500))
            let retried = try await model.getAnswer("ping")
            #expect(retried.content == "primary says: ping")
            #expect(pair.primary.requests.count == 2)
            for (status, code) in [(400, LLMErrorCode.invalidRequest), (403, .permissionDenied), (404, .notFound)] {
                pair.primary.reset()
                pair.primary.enqueue(.status(status))
                let error = await captureError { _ = try await model.getAnswer("ping") }
                #expect(error?.code == code)
                #expect(error?.providerCode == GeminiStatusName.of(status))
                #expect(pair.primary.requests.count == 1)
            }
            #expect(pair.backup.requests.isEmpty)
        }
    }

    @Test func anInvalidKeyIsAnAuthenticationError() async throws {
        let simulator = LLMSimulator(configuration: SimulatorConfiguration(apiKey: "right"))
        try await simulator.start()
        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(baseURL: simulator.baseURL, style: .gemini, apiKey: "wrong-key-4242")))
        let model = try LLMFactory.make(
            metadata: ModelCatalog.metadata(named: "gemini-2.5-flash")!, connector: connector)
        let error = await captureError { _ = try await model.getAnswer("ping") }
        try await connector.shutdown()
        try await simulator.shutdown()
        #expect(error?.code == .authentication)
        #expect(error?.description.contains("wrong-key-4242") == false)
    }

    @Test func aStreamWithoutAFinishReasonIsInterruptedWithThePartialText() async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.missingTerminator)
            let (text, error) = await streamedText(model, "one two")
            #expect(error?.code == .streamInterrupted)
            #expect(error?.partialContent == "primary says: one two")
            #expect(text == "primary says: one two")
        }
    }

    @Test func aStreamErrorBeforeContentFailsOverAndAfterItInterrupts() async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.streamError(afterEvents: 0))
            var text = ""
            for try await chunk in model.streamAnswer("one two") { text += chunk.textDelta ?? "" }
            #expect(text == "backup says: one two")
            pair.backup.enqueue(.errorInStream)
            pair.primary.enqueue(.errorInStream)
            let error = await captureError { for try await _ in model.streamAnswer("one two three four") {} }
            #expect(error?.code == .streamInterrupted || error?.code == .serviceUnavailable)
            #expect(error?.partialContent?.isEmpty == false)
        }
    }

    @Test func aMalformedAnswerIsADecodingError() async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.malformedJSON)
            let error = await captureError { _ = try await model.getAnswer("ping") }
            #expect(error?.code == .decoding)
            pair.primary.enqueue(.malformedJSON)
            let streamed = await captureError { for try await _ in model.streamAnswer("ping") {} }
            #expect(streamed?.code == .decoding)
        }
    }
}

/// The `google.rpc.Code` name of an HTTP status, as the simulator sends it.
enum GeminiStatusName {
    static func of(_ status: Int) -> String {
        [400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 404: "NOT_FOUND"][status] ?? ""
    }
}
