import Foundation
import LLMSimulator
import SwiftLLM
import Testing

/// The OpenAI Responses API as the second codec of the OpenAI family, over real sockets against
/// LLMSimulator: answers, streams, function-call round trips, stateless reasoning, chaining with
/// `previous_response_id`, and affinity — state never sent to an endpoint that did not issue it.
@Suite(.serialized) struct ResponsesIntegrationTests {
    static func with(
        model name: String = "gpt-4.1-mini", api: OpenAIWireAPI = .responses, style: EndpointStyle = .openAI,
        _ body: (SimulatorPair, any LLM) async throws -> Void
    ) async throws {
        try await SimulatorPair.with(style: style, deployment: name) { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: name)!, connector: pair.connector, api: api)
            try await body(pair, model)
        }
    }

    static let weather = ToolDefinition(
        name: "get_weather", description: "Weather in a city",
        parameters: ["type": "object", "properties": ["input": ["type": "string"]], "required": ["input"]],
        strict: false)

    @Test func answersFromTheOutputItemsWithInstructionsAndStoreOff() async throws {
        try await Self.with { pair, model in
            let response = try await model.getAnswer("ping", system: "Be brief.")
            #expect(response.content == "primary says: ping")
            #expect(response.finishReason == .stop)
            #expect(response.id == "resp_sim1")
            #expect(response.endpoint?.hasSuffix("/v1/responses") == true)
            let usage = try #require(response.usage)
            #expect(response.costUSD == ModelCatalog.metadata(named: "gpt-4.1-mini")?.pricing?.cost(of: usage))
            let sent = try #require(pair.primary.requests.first)
            #expect(sent.uri == "/v1/responses")
            #expect(sent.headers["authorization"] == "Bearer \(SimulatorPair.key)")
            let body = try JSONValue(parsing: sent.body)
            #expect(body["model"] == "gpt-4.1-mini")
            #expect(body["instructions"] == "Be brief.")
            #expect(body["store"] == false)
            #expect(
                body["input"] == [
                    ["type": "message", "role": "user", "content": [["type": "input_text", "text": "ping"]]]
                ])
        }
    }

    /// Azure serves the Responses API at its v1 route, for v1 and classic endpoints alike.
    @Test(arguments: [EndpointStyle.azureV1, .azure]) func azureServesTheResponsesRouteAtV1(style: EndpointStyle)
        async throws
    {
        try await Self.with(style: style) { pair, model in
            let response = try await model.getAnswer("ping")
            #expect(response.content == "primary says: ping")
            #expect(pair.primary.requests.first?.uri == "/openai/v1/responses")
            #expect(pair.primary.requests.first?.headers["api-key"] == SimulatorPair.key)
        }
    }

    @Test func streamsTextAndUsageUntilResponseCompleted() async throws {
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
            #expect(response.usage?.completionTokens == 5)
            #expect(response.id == "resp_sim1")
            #expect(first?.endpoint?.hasSuffix("/v1/responses") == true)
        }
    }

    @Test(arguments: [false, true]) func aFunctionCallRoundTripPairsTheOutputByCallId(stream: Bool) async throws {
        try await Self.with { pair, model in
            let options = GenerationOptions(tools: [Self.weather])
            let first = try await Self.answer(model, [.user("Oslo")], options: options, stream: stream)
            #expect(first.finishReason == .toolCalls)
            let call = try #require(first.toolCalls.first)
            #expect(call.name == "get_weather")
            #expect(try JSONValue(parsing: call.arguments) == ["input": "Oslo"])
            let final = try await Self.answer(
                model, [.user("Oslo"), .assistant(first), .tool(callId: call.id, content: "3C")], options: options,
                stream: stream)
            #expect(final.content == "primary says: the tool returned 3C")
            let input = try JSONValue(parsing: try #require(pair.primary.requests.last).body)["input"]
            #expect(
                input?.arrayValue?[1] == [
                    "type": "function_call", "call_id": .string(call.id), "name": "get_weather",
                    "arguments": .string(call.arguments),
                ])
            #expect(
                input?.arrayValue?[2] == ["type": "function_call_output", "call_id": .string(call.id), "output": "3C"])
            let tools = try JSONValue(parsing: try #require(pair.primary.requests.first).body)["tools"]
            #expect(
                tools?.arrayValue?.first?["type"] == "function" && tools?.arrayValue?.first?["name"] == "get_weather")
        }
    }

    @Test func statelessReasoningTravelsEncryptedToTheEndpointThatIssuedIt() async throws {
        try await Self.with(model: "gpt-5") { pair, model in
            let options = GenerationOptions(reasoningEffort: .low)
            let first = try await model.getAnswer([.user("think")], options: options)
            let reasoning = try #require(first.reasoning.first)
            #expect(reasoning.text == "I consider: think")
            #expect(reasoning.redactedData?.hasPrefix("enc_") == true)
            #expect(reasoning.id == "rs_resp_sim1")
            #expect(reasoning.origin == first.endpoint)
            let body = try JSONValue(parsing: try #require(pair.primary.requests.first).body)
            #expect(body["include"] == ["reasoning.encrypted_content"])
            #expect(body["reasoning"] == ["effort": "low", "summary": "auto"])
            let second = try await model.getAnswer(
                [.user("think"), .assistant(first), .user("again")], options: options)
            #expect(second.content == "primary says: again")
            let input = try JSONValue(parsing: try #require(pair.primary.requests.last).body)["input"]
            #expect(input?.arrayValue?[1]["type"] == "reasoning")
            #expect(input?.arrayValue?[1]["encrypted_content"] == .string(reasoning.redactedData ?? ""))
        }
    }

    @Test func aStreamedAnswerCarriesTheSummaryAsItComesAndTheEncryptedItemAtItsEnd() async throws {
        try await Self.with(model: "gpt-5") { pair, model in
            var summary = ""
            var accumulator = StreamAccumulator()
            for try await chunk in model.streamAnswer(
                [.user("ponder")], options: GenerationOptions(reasoningEffort: .high))
            {
                summary += chunk.reasoningDelta ?? ""
                accumulator.add(chunk)
            }
            let response = accumulator.response
            #expect(summary == "I consider: ponder")
            #expect(response.content == "primary says: ponder")
            let reasoning = try #require(response.reasoning.first)
            #expect(reasoning.text == summary && reasoning.redactedData?.hasPrefix("enc_") == true)
            #expect(reasoning.origin == response.endpoint)
            #expect(response.usage?.reasoningTokens == 4)
            // Sent back to the same endpoint, the simulator verifies it as its own.
            let next = try await model.getAnswer([.user("ponder"), .assistant(response), .user("more")])
            #expect(next.content == "primary says: more")
            #expect(pair.backup.requests.isEmpty)
        }
    }

    @Test func afterAFailoverTheBackupGetsTheVisibleHistoryWithoutForeignReasoning() async throws {
        try await Self.with(model: "gpt-5") { pair, model in
            let options = GenerationOptions(reasoningEffort: .low)
            let first = try await model.getAnswer([.user("think")], options: options)
            pair.primary.enqueue(.status(503))
            // The backup cannot decrypt the primary's reasoning: sending it would be a 400.
            let second = try await model.getAnswer(
                [.user("think"), .assistant(first), .user("again")], options: options)
            #expect(second.content == "backup says: again")
            let input = try JSONValue(parsing: try #require(pair.backup.requests.last).body)["input"]
            #expect(input?.arrayValue?.map { $0["type"] } == ["message", "message", "message"])
            #expect(
                input?.arrayValue?[1] == ["type": "message", "role": "assistant", "content": "primary says: think"])
        }
    }

    @Test func storedResponsesChainAtTheirEndpointAndReplayElsewhere() async throws {
        try await Self.with(api: .responses(store: true)) { pair, model in
            let first = try await model.getAnswer([.user("one")])
            let conversation: [ChatMessage] = [.user("one"), .assistant(first), .user("two")]
            let second = try await model.getAnswer(conversation)
            #expect(second.content == "primary says: two")
            let chained = try JSONValue(parsing: try #require(pair.primary.requests.last).body)
            #expect(chained["previous_response_id"] == "resp_sim1")
            #expect(chained["store"] == true)
            #expect(
                chained["input"] == [
                    ["type": "message", "role": "user", "content": [["type": "input_text", "text": "two"]]]
                ])
            // The backup never saw resp_sim1: it gets the whole visible history instead.
            pair.primary.enqueue(.status(503))
            let third = try await model.getAnswer(conversation)
            #expect(third.content == "backup says: two")
            let replayed = try JSONValue(parsing: try #require(pair.backup.requests.last).body)
            #expect(replayed["previous_response_id"] == nil)
            #expect(replayed["input"]?.arrayValue?.count == 3)
        }
    }

    @Test func aStreamWithoutResponseCompletedIsInterruptedWithThePartialText() async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.missingTerminator)
            let (text, error) = await streamedText(model, "one two")
            #expect(error?.code == .streamInterrupted)
            #expect(error?.partialContent == "primary says: one two")
            #expect(text == "primary says: one two")
        }
    }

    @Test func anErrorEventBeforeContentIsRetriedAndAfterItInterrupts() async throws {
        try await Self.with { pair, model in
            // A server_error event before any content is a 500: retried in place.
            pair.primary.enqueue(.streamError(afterEvents: 0))
            var text = ""
            for try await chunk in model.streamAnswer("one two") { text += chunk.textDelta ?? "" }
            #expect(text == "primary says: one two")
            #expect(pair.primary.requests.count == 2 && pair.backup.requests.isEmpty)
            pair.primary.enqueue(.errorInStream)
            let error = await captureError { for try await _ in model.streamAnswer("one two three") {} }
            #expect(error?.code == .streamInterrupted)
            #expect(error?.partialContent?.isEmpty == false)
        }
    }

    @Test func anIncompleteResponseFinishesWithItsReason() async throws {
        try await Self.with { pair, model in
            pair.primary.enqueue(.contentFilterFinish)
            let response = try await model.getAnswer("ping")
            #expect(response.finishReason == .contentFilter)
            pair.primary.enqueue(.contentFilterFinish)
            var finish: FinishReason?
            for try await chunk in model.streamAnswer("ping") { finish = chunk.finishReason ?? finish }
            #expect(finish == .contentFilter)
        }
    }

    @Test func parametersTheAPILacksAreTypedErrorsBeforeAnyRequest() async throws {
        try await Self.with { pair, model in
            let error = await captureError {
                _ = try await model.getAnswer([.user("x")], options: GenerationOptions(stop: ["END"]))
            }
            #expect(error?.code == .invalidRequest)
            #expect(error?.parameter == "stop")
            #expect(error?.hint?.contains("chatCompletions") == true)
            #expect(pair.primary.requests.isEmpty)
        }
        try await SimulatorPair.with(style: .anthropic, deployment: "claude-haiku-4-5") { pair in
            let error = capture {
                _ = try LLMFactory.make(
                    metadata: ModelCatalog.metadata(named: "claude-haiku-4-5")!, connector: pair.connector,
                    api: .responses)
            }
            #expect(error?.code == .invalidConfiguration)
            #expect(error?.parameter == "api")
        }
    }

    /// One answer, streamed and accumulated or not.
    static func answer(_ model: any LLM, _ messages: [ChatMessage], options: GenerationOptions, stream: Bool)
        async throws -> LLMResponse
    {
        guard stream else { return try await model.getAnswer(messages, options: options) }
        var accumulator = StreamAccumulator()
        for try await chunk in model.streamAnswer(messages, options: options) { accumulator.add(chunk) }
        return accumulator.response
    }
}
