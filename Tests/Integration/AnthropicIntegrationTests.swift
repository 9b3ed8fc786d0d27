import Foundation
import LLMSimulator
import SwiftLLM
import Testing

/// Claude over Anthropic's Messages API, over real sockets against LLMSimulator: answers, streams,
/// tools, thinking with signatures, prompt caching, and every failure class with its outcome.
@Suite(.serialized) struct AnthropicIntegrationTests {
    static func with(
        withBackup: Bool = true,
        timeouts: Timeouts = Timeouts(
            connect: .seconds(5), attempt: .seconds(20), idle: .seconds(20), total: .seconds(60)),
        tokenProvider: ConnectorConfiguration.TokenProvider? = nil,
        _ body: (SimulatorPair, any LLM) async throws -> Void
    ) async throws {
        try await SimulatorPair.with(
            timeouts: timeouts, withBackup: withBackup, style: .anthropic, deployment: "claude-sonnet-4-5",
            tokenProvider: tokenProvider
        ) { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "claude-sonnet-4-5")!, connector: pair.connector)
            try await body(pair, model)
        }
    }

    static let weather = ToolDefinition(
        name: "get_weather", description: "Weather in a city",
        parameters: ["type": "object", "properties": ["input": ["type": "string"]], "required": ["input"]])

    // MARK: - Answers and streams

    @Test func answersWithTheDocumentedHeadersAndBody() async throws {
        try await Self.with { pair, model in
            let response = try await model.getAnswer("ping", system: "Be brief.")
            #expect(response.content == "primary says: ping")
            #expect(response.finishReason == .stop)
            #expect(response.anthropic?.stopReason == "end_turn")
            #expect(response.id == "msg_sim1")
            #expect(response.requestId == "req_sim1")
            #expect(response.endpoint?.hasSuffix("/v1/messages") == true)
            let usage = try #require(response.usage)
            #expect(usage.promptTokens > 0 && usage.completionTokens == 4)
            #expect(response.costUSD == ModelCatalog.metadata(named: "claude-sonnet-4-5")?.pricing?.cost(of: usage))
            let sent = try #require(pair.primary.requests.first)
            #expect(sent.uri == "/v1/messages")
            #expect(sent.headers["x-api-key"] == SimulatorPair.key)
            #expect(sent.headers["authorization"] == nil)
            #expect(sent.headers["anthropic-version"] == "2023-06-01")
            let body = try #require(sent.json)
            #expect(body["model"] as? String == "claude-sonnet-4-5")
            #expect(body["max_tokens"] as? Int == 8_192)  // the catalog's default: the API requires one
            #expect(body["system"] as? String == "Be brief.")
            #expect(body["messages"] as? [[String: String]] == [["role": "user", "content": "ping"]])
        }
    }

    @Test func rateLimitHeadersAndTheRequestIdReachTheResponseInfo() async throws {
        try await Self.with { pair, _ in
            let request = ConnectorRequest(
                path: "v1/messages",
                body: Data(#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"#.utf8))
            let response = try await pair.connector.send(request, context: RequestContext())
            #expect(response.info.requestId == "req_sim1")
            #expect(
                response.info.rateLimit
                    == RateLimitInfo(
                        remainingRequests: 3999, remainingTokens: 399000, limitRequests: 4000, limitTokens: 400000))
        }
    }

    @Test func streamsTextWithTheEndpointAndRequestIdOnTheFirstChunk() async throws {
        try await Self.with { _, model in
            var accumulator = StreamAccumulator()
            var first: LLMStreamChunk?
            for try await chunk in model.streamAnswer("one two three") {
                if first == nil { first = chunk }
                accumulator.add(chunk)
            }
            let response = accumulator.response
            #expect(response.content == "primary says: one two three")
            #expect(response.finishReason == .stop)
            #expect(response.id == "msg_sim1")
            #expect(response.usage?.completionTokens == 6)
            #expect((response.usage?.promptTokens ?? 0) > 0)
            #expect(first?.requestId == "req_sim1")
            #expect(first?.endpoint?.hasSuffix("/v1/messages") == true)
        }
    }

    @Test func aBearerTokenIsSentAsAuthorizationWithTheVersion() async throws {
        let token: ConnectorConfiguration.TokenProvider = { SimulatorPair.key }
        try await Self.with(tokenProvider: token) { pair, model in
            _ = try await model.getAnswer("hi")
            let sent = try #require(pair.primary.requests.first)
            #expect(sent.headers["authorization"] == "Bearer \(SimulatorPair.key)")
            #expect(sent.headers["x-api-key"] == nil)
            #expect(sent.headers["anthropic-version"] == "2023-06-01")
        }
    }

    // MARK: - Tools, thinking, caching, documents

    @Test func aToolCallRoundTripPairsTheResultWithItsCall() async throws {
        try await Self.with { pair, model in
            let options = GenerationOptions(tools: [Self.weather])
            var conversation: [ChatMessage] = [.user("Oslo")]
            let first = try await model.getAnswer(conversation, options: options)
            #expect(first.finishReason == .toolCalls)
            let call = try #require(first.toolCalls.first)
            #expect(call.name == "get_weather" && call.id == "toolu_sim_1")
            #expect(try JSONValue(parsing: call.arguments) == ["input": "Oslo"])
            conversation += [.assistant(first), .tool(callId: call.id, content: "3C")]
            let second = try await model.getAnswer(conversation, options: options)
            #expect(second.content == "primary says: the tool returned 3C")
            let sent = try #require(pair.primary.requests.last?.json?["messages"] as? [[String: Any]])
            let result = try #require((sent.last?["content"] as? [[String: Any]])?.first)
            #expect(result["type"] as? String == "tool_result" && result["tool_use_id"] as? String == "toolu_sim_1")
            let use = try #require((sent[1]["content"] as? [[String: Any]])?.first)
            #expect(use["type"] as? String == "tool_use" && (use["input"] as? [String: String]) == ["input": "Oslo"])
        }
    }

    @Test func streamedToolArgumentsAreJoinedPerCall() async throws {
        try await Self.with { pair, model in
            var accumulator = StreamAccumulator()
            for try await chunk in model.streamAnswer(
                [.user("Bergen")], options: GenerationOptions(tools: [Self.weather], toolChoice: .required))
            {
                accumulator.add(chunk)
            }
            let response = accumulator.response
            #expect(response.finishReason == .toolCalls)
            #expect(response.toolCalls.count == 1)
            #expect(try JSONValue(parsing: response.toolCalls[0].arguments) == ["input": "Bergen"])
            #expect((pair.primary.requests.first?.json?["tool_choice"] as? [String: String]) == ["type": "any"])
        }
    }

    @Test func thinkingIsKeptWithItsSignatureAndSentBackUnchangedWithTheToolResult() async throws {
        try await Self.with { pair, model in
            let options = GenerationOptions(maxTokens: 4_096, tools: [Self.weather], reasoningBudget: 2_048)
            var conversation: [ChatMessage] = [.user("Rome")]
            let first = try await model.getAnswer(conversation, options: options)
            let thinking = try #require(first.reasoning.first)
            #expect(thinking.text == "I consider: Rome")
            #expect(thinking.signature?.hasPrefix("simsig_") == true)
            #expect(thinking.provider == .anthropic)
            conversation += [.assistant(first), .tool(callId: first.toolCalls[0].id, content: "21C")]
            let second = try await model.getAnswer(conversation, options: options)
            #expect(second.content == "primary says: the tool returned 21C")
            let sent = try #require(pair.primary.requests.last?.json)
            let config = try #require(sent["thinking"] as? [String: Any])
            #expect(config["type"] as? String == "enabled" && config["budget_tokens"] as? Int == 2_048)
            let blocks = try #require((sent["messages"] as? [[String: Any]])?[1]["content"] as? [[String: Any]])
            #expect(blocks.first?["type"] as? String == "thinking")
            #expect(blocks.first?["signature"] as? String == thinking.signature)

            // Dropping the thinking block is what the API refuses: the error surfaces, unretried.
            let dropped = ChatMessage.assistant(nil, toolCalls: first.toolCalls)
            let error = await captureError {
                _ = try await model.getAnswer(
                    [.user("Rome"), dropped, .tool(callId: first.toolCalls[0].id, content: "21C")], options: options)
            }
            #expect(error?.code == .invalidRequest)
            #expect(error?.providerMessage?.contains("must start with a thinking block") == true)
        }
    }

    @Test func streamedThinkingArrivesAsDeltasThenAsOneSignedPart() async throws {
        try await Self.with { _, model in
            var accumulator = StreamAccumulator()
            var reasoningText = ""
            for try await chunk in model.streamAnswer(
                [.user("think")], options: GenerationOptions(maxTokens: 4_096, reasoningEffort: .medium))
            {
                reasoningText += chunk.reasoningDelta ?? ""
                accumulator.add(chunk)
            }
            let response = accumulator.response
            #expect(reasoningText == "I consider: think")
            #expect(response.reasoning.count == 1)
            #expect(response.reasoning.first?.signature?.hasPrefix("simsig_") == true)
            #expect(response.content == "primary says: think")
            #expect(response.usage?.reasoningTokens == 3)
        }
    }

    @Test func promptCachingWritesThenReadsThePrefixAndTheCostFollows() async throws {
        try await Self.with { _, model in
            var system = ChatMessage.system(String(repeating: "You are a careful assistant. ", count: 40))
            system.cache = .standard
            let first = try await model.getAnswer([system, .user("one")])
            let second = try await model.getAnswer([system, .user("two")])
            let written = try #require(first.usage?.cacheCreationTokens)
            #expect(written > 0 && first.usage?.cachedTokens == 0)
            #expect(second.usage?.cachedTokens == written && second.usage?.cacheCreationTokens == 0)
            #expect(second.usage?.promptTokens == first.usage?.promptTokens)
            // A cache read costs a tenth of the input price, a write 1.25 times it.
            #expect((second.costUSD ?? 1) < (first.costUSD ?? 0))

            var longLived = ChatMessage.system("Long-lived instructions. " + String(repeating: "x ", count: 50))
            longLived.cache = .extended
            let extended = try await model.getAnswer([longLived, .user("three")])
            #expect(extended.usage?.extendedCacheCreationTokens == extended.usage?.cacheCreationTokens)
        }
    }

    @Test func documentsImagesAndAJSONSchemaAreSentAsTheAPIExpects() async throws {
        try await Self.with { pair, model in
            let pdf = Data("%PDF-1.7\n1 0 obj\n".utf8)
            let schema: JSONValue = ["type": "object", "properties": ["answer": ["type": "string"]]]
            _ = try await model.getAnswer(
                [
                    .user([
                        .document(.bytes(pdf, title: "report")), .document(.text("notes")),
                        .image(.bytes(SimulatorMedia.png)), .image(.url(URL(string: "https://e.com/a.png")!)),
                        .text("summarise"),
                    ])
                ], options: GenerationOptions(responseFormat: .jsonSchema(name: "answer", schema: schema)))
            let sent = try #require(pair.primary.requests.first?.json)
            let blocks = try #require((sent["messages"] as? [[String: Any]])?.first?["content"] as? [[String: Any]])
            #expect(blocks.map { $0["type"] as? String } == ["document", "document", "image", "image", "text"])
            let pdfSource = try #require(blocks[0]["source"] as? [String: String])
            #expect(
                pdfSource == ["type": "base64", "media_type": "application/pdf", "data": pdf.base64EncodedString()])
            #expect(blocks[0]["title"] as? String == "report")
            #expect((blocks[1]["source"] as? [String: String])?["type"] == "text")
            #expect((blocks[2]["source"] as? [String: String])?["media_type"] == "image/png")
            #expect((blocks[3]["source"] as? [String: String]) == ["type": "url", "url": "https://e.com/a.png"])
            let format = (sent["output_config"] as? [String: Any])?["format"] as? [String: Any]
            #expect(format?["type"] as? String == "json_schema")
        }
    }

    @Test func badOptionsAreRefusedBeforeAnythingIsSent() async throws {
        try await Self.with { pair, model in
            let cases: [(GenerationOptions, String)] = [
                (GenerationOptions(temperature: 1.5), "temperature"),
                (GenerationOptions(temperature: 0.5, topP: 0.9), "topP"),
                (GenerationOptions(maxTokens: 2_000, reasoningBudget: 500), "reasoningBudget"),
                (GenerationOptions(maxTokens: 2_000, reasoningBudget: 2_000), "reasoningBudget"),
                (GenerationOptions(maxTokens: 4_000, temperature: 0.2, reasoningBudget: 2_000), "temperature"),
                (GenerationOptions(responseFormat: .jsonObject), "responseFormat"),
                (GenerationOptions(maxTokens: 100_000), "maxTokens"),
            ]
            for (options, parameter) in cases {
                let error = await captureError { _ = try await model.getAnswer([.user("x")], options: options) }
                #expect(error?.code == .invalidRequest, "\(parameter)")
                #expect(error?.parameter == parameter, "\(error?.message ?? "")")
            }
            let audio = await captureError {
                _ = try await model.getAnswer([.user([.audio(AudioInput(data: SimulatorMedia.wav, mimeType: .wav))])])
            }
            #expect(audio?.code == .unsupportedOperation)
            #expect(pair.primary.requests.isEmpty)
        }
    }

    // MARK: - Failures

    @Test(arguments: [529, 503])
    func overloadAndUnavailabilityFailOverAtOnceAndCoolThePrimary(status: Int) async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.status(status))
            let response = try await model.getAnswer("x")
            #expect(response.content == "backup says: x")
            #expect(response.attempts == 2)
            _ = try await model.getAnswer("y")
            #expect(pair.primary.requests.count == 1)  // cooling down: straight to the backup
            // The backup inherited the key and the version.
            #expect(pair.backup.requests.first?.headers["x-api-key"] == SimulatorPair.key)
            #expect(pair.backup.requests.first?.headers["anthropic-version"] == "2023-06-01")
        }
    }

    @Test func aRateLimitIsRetriedInPlaceAfterItsRetryAfter() async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.status(429, retryAfter: "1"))
            let response = try await model.getAnswer("x")
            #expect(response.attempts == 2)
            #expect(pair.backup.requests.isEmpty)
            let gap = pair.primary.requests[1].receivedAt - pair.primary.requests[0].receivedAt
            #expect(gap >= .seconds(1))
        }
    }

    @Test func anAPIErrorIsRetriedInPlace() async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.status(500))
            let response = try await model.getAnswer("x")
            #expect(response.content == "primary says: x")
            #expect(pair.primary.requests.count == 2)
        }
    }

    @Test(arguments: [
        (400, LLMErrorCode.invalidRequest, "invalid_request_error"), (401, .authentication, "authentication_error"),
        (403, .permissionDenied, "permission_error"), (404, .notFound, "not_found_error"),
        (413, .invalidRequest, "request_too_large"),
    ])
    func callerErrorsSurfaceAtOnceWithTheProvidersWords(status: Int, code: LLMErrorCode, type: String) async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.status(status))
            let error = await captureError { _ = try await model.getAnswer("x") }
            #expect(error?.code == code)
            #expect(error?.httpStatus == status)
            #expect(error?.providerCode == type)
            #expect(error?.requestId == "req_sim1")
            #expect(pair.primary.requests.count == 1 && pair.backup.requests.isEmpty)
        }
    }

    @Test func aSpendLimitIsSurfacedAsQuotaExceededAndNotRetried() async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.quotaExhausted)
            let error = await captureError { _ = try await model.getAnswer("x") }
            #expect(error?.code == .quotaExceeded)
            #expect(error?.httpStatus == 429)
            #expect(error?.providerMessage?.contains("usage limits") == true)
            #expect(pair.primary.requests.count == 1 && pair.backup.requests.isEmpty)
        }
    }

    @Test func aWrongKeyIsAnAuthenticationError() async throws {
        let simulator = LLMSimulator(configuration: SimulatorConfiguration(apiKey: "right-key"))
        try await simulator.start()
        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(baseURL: simulator.baseURL, style: .anthropic, apiKey: "wrong-key")))
        let model = try LLMFactory.make(
            metadata: ModelCatalog.metadata(named: "claude-haiku-4-5")!, connector: connector)
        let error = await captureError { _ = try await model.getAnswer("x") }
        #expect(error?.code == .authentication)
        #expect(error?.providerMessage == "invalid x-api-key")
        #expect(error.map { "\($0)" }?.contains("wrong-key") == false)
        try await connector.shutdown()
        try await simulator.shutdown()
    }

    @Test func anOverloadedEventBeforeAnyTextFailsTheStreamOverToTheBackup() async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.streamError(afterEvents: 2))  // after message_start, a block start and a ping
            var accumulator = StreamAccumulator()
            for try await chunk in model.streamAnswer("failover") { accumulator.add(chunk) }
            #expect(accumulator.response.content == "backup says: failover")
            #expect(pair.primary.requests.count == 1 && pair.backup.requests.count == 1)
        }
    }

    @Test func anErrorEventAfterTextEndsTheStreamWithThePartialText() async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.errorInStream)
            var text = ""
            let error = await captureError {
                for try await chunk in model.streamAnswer("a b c") { text += chunk.textDelta ?? "" }
            }
            #expect(error?.code == .streamInterrupted)
            #expect(error?.providerCode == "overloaded_error")
            #expect(error?.partialContent == text)
            #expect(text == "primary ")
            #expect(pair.backup.requests.isEmpty)
        }
    }

    @Test func aStreamWithoutMessageStopIsInterrupted() async throws {
        try await Self.with { _, model in
            let error = await captureError { for try await _ in model.streamAnswer("a b") {} }
            #expect(error == nil)
        }
        try await Self.with { pair, model in
            pair.primary.enqueue(.missingTerminator)
            var text = ""
            let error = await captureError {
                for try await chunk in model.streamAnswer("a b") { text += chunk.textDelta ?? "" }
            }
            #expect(error?.code == .streamInterrupted)
            #expect(error?.message.contains("without its message_stop terminator") == true)
            #expect(error?.partialContent == "primary says: a b")
        }
    }

    @Test func aRefusalEndsWithTheContentFilterReasonAndItsDetails() async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.contentFilter)
            let response = try await model.getAnswer("x")
            #expect(response.finishReason == .contentFilter)
            #expect(response.anthropic?.refusalCategory == "cyber")
            pair.primary.enqueue(.contentFilterFinish)
            var accumulator = StreamAccumulator()
            for try await chunk in model.streamAnswer("one two three four") { accumulator.add(chunk) }
            #expect(accumulator.response.finishReason == .contentFilter)
            #expect(accumulator.response.anthropic?.stopReason == "refusal")
        }
    }

    @Test func aMalformedEventIsADecodingError() async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.malformedJSON)
            let error = await captureError { for try await _ in model.streamAnswer("x") {} }
            #expect(error?.code == .decoding)
            pair.primary.enqueue(.malformedJSON)
            let answer = await captureError { _ = try await model.getAnswer("x") }
            #expect(answer?.code == .decoding)
        }
    }
}
