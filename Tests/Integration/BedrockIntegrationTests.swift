import Foundation
import LLMSimulator
import SwiftLLM
import Testing

/// Bedrock's Converse and ConverseStream over real sockets against LLMSimulator, every request
/// signed with SigV4 and verified by the simulator: answers, binary event streams cut across
/// reads, tools, Claude's signed reasoning sent back, prompt caching, guardrails, a Bedrock API
/// key, throttling retried in place, exception frames before and after the content, a wrong
/// signature, and failover to a second region signed for that region.
@Suite(.serialized) struct BedrockIntegrationTests {
    static let weather = ToolDefinition(
        name: "get_weather", description: "Weather in a city",
        parameters: ["type": "object", "properties": ["input": ["type": "string"]], "required": ["input"]])

    static func stream(_ model: any LLM, _ messages: [ChatMessage], options: GenerationOptions = .init())
        async throws -> (LLMResponse, Int)
    {
        var accumulator = StreamAccumulator()
        for try await chunk in model.streamAnswer(messages, options: options) { accumulator.add(chunk) }
        return (accumulator.response, accumulator.chunkCount)
    }

    @Test func aSignedConverseAnswerWithUsageLatencyAndTheRequestId() async throws {
        try await BedrockPair.with { pair in
            let response = try await pair.model().getAnswer("ping", system: "Be brief.")
            #expect(response.content == "us-east-1 says: ping")
            #expect(response.finishReason == .stop)
            #expect(response.requestId == "sim-bedrock-1")
            #expect(response.bedrock?.latencyMs == 42)
            let usage = try #require(response.usage)
            #expect(usage.promptTokens > 0 && usage.completionTokens == 3)
            let pricing = try pair.model().metadata.pricing
            #expect(response.costUSD != nil && response.costUSD == pricing?.cost(of: usage))
            let sent = try #require(pair.east.requests.first)
            // The model id is one path segment; the simulator checked the signature over it.
            #expect(sent.uri == "/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse")
            let authorization = try #require(sent.headers["authorization"])
            #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDTESTONLY/"))
            #expect(authorization.contains("/us-east-1/bedrock/aws4_request"))
            #expect(sent.headers["x-amz-security-token"] == "test-only-session-token")
            #expect(sent.headers["accept"] == "application/json")
            #expect(try JSONValue(parsing: sent.body)["system"] == [["text": "Be brief."]])
            #expect(pair.west.requests.isEmpty)
        }
    }

    @Test func aStreamOfEventFramesCutAcrossReads() async throws {
        try await BedrockPair.with { pair in
            let (response, chunks) = try await Self.stream(pair.model(), [.user("one two three")])
            #expect(response.content == "us-east-1 says: one two three")
            #expect(chunks >= 5)
            #expect(response.finishReason == .stop)
            #expect(response.usage?.completionTokens == 5)
            #expect(response.bedrock == BedrockExtras(stopReason: "end_turn", latencyMs: 42))
            let sent = try #require(pair.east.requests.first)
            #expect(sent.uri.hasSuffix("/converse-stream"))
            #expect(sent.headers["accept"] == "application/vnd.amazon.eventstream")
        }
    }

    @Test func aToolRoundTripStreamedAndWhole() async throws {
        try await BedrockPair.with { pair in
            let model = try pair.model()
            let options = GenerationOptions(tools: [Self.weather], toolChoice: .required)
            let (streamed, _) = try await Self.stream(model, [.user("Oslo")], options: options)
            let call = try #require(streamed.toolCalls.first)
            #expect(call.name == "get_weather")
            #expect(call.arguments == #"{"input":"Oslo"}"#)
            #expect(streamed.finishReason == .toolCalls)
            let whole = try await model.getAnswer([.user("Oslo")], options: options)
            #expect(whole.toolCalls == streamed.toolCalls)
            let final = try await model.getAnswer(
                [.user("Oslo"), .assistant(whole), .tool(callId: call.id, content: "3 degrees")],
                options: GenerationOptions(tools: [Self.weather]))
            #expect(final.content == "us-east-1 says: the tool returned 3 degrees")
            let sent = try JSONValue(parsing: try #require(pair.east.requests.last).body)
            let results = sent["messages"]?.arrayValue?.last?["content"]?.arrayValue
            #expect(results?.first?["toolResult"]?["status"] == "success")
        }
    }

    @Test func claudesSignedReasoningGoesBackAndAForgedOneIsRefused() async throws {
        try await BedrockPair.with(withBackup: false) { pair in
            let model = try pair.model()
            let options = GenerationOptions(maxTokens: 4_000, tools: [Self.weather], reasoningBudget: 1_024)
            let (first, _) = try await Self.stream(model, [.user("Oslo")], options: options)
            let reasoning = try #require(first.reasoning.first)
            #expect(reasoning.text == "I consider: Oslo")
            #expect(reasoning.provider == .bedrock && reasoning.signature != nil)
            let call = try #require(first.toolCalls.first)
            let turn = [ChatMessage.user("Oslo"), .assistant(first), .tool(callId: call.id, content: "3 degrees")]
            let answer = try await model.getAnswer(turn, options: options)
            #expect(answer.content == "us-east-1 says: the tool returned 3 degrees")
            var forged = first
            forged.reasoning = [Reasoning(text: "I consider: Oslo", signature: "forged", provider: .bedrock)]
            let error = await captureError {
                _ = try await model.getAnswer(
                    [.user("Oslo"), .assistant(forged), .tool(callId: call.id, content: "3")], options: options)
            }
            #expect(error?.code == .invalidRequest)
            #expect(error?.providerCode == "ValidationException")
            #expect(error?.providerMessage?.contains("signature") == true)
        }
    }

    @Test func promptCachingWritesThenReadsThePrefixAndTheCostFollows() async throws {
        try await BedrockPair.with(withBackup: false) { pair in
            let model = try pair.model()
            let conversation = [
                ChatMessage(
                    role: .system, content: [.text(String(repeating: "Long instructions. ", count: 40))],
                    cache: CacheBreakpoint()),
                .user("question"),
            ]
            let first = try await model.getAnswer(conversation)
            let second = try await model.getAnswer(conversation)
            let written = try #require(first.usage?.cacheCreationTokens)
            #expect(written > 100 && first.usage?.cachedTokens == nil)
            #expect(second.usage?.cachedTokens == written && second.usage?.cacheCreationTokens == nil)
            #expect(try #require(second.costUSD) < first.costUSD!)
            let sent = try JSONValue(parsing: try #require(pair.east.requests.first).body)
            #expect(sent["system"]?.arrayValue?.last == ["cachePoint": ["type": "default"]])
        }
    }

    @Test func aGuardrailStopsTheAnswerAsContentFilter() async throws {
        try await BedrockPair.with(withBackup: false) { pair in
            pair.east.enqueue(.contentFilter, .contentFilterFinish)
            let whole = try await pair.model().getAnswer("bad")
            #expect(whole.finishReason == .contentFilter)
            #expect(whole.bedrock?.stopReason == "guardrail_intervened")
            let (streamed, _) = try await Self.stream(pair.model(), [.user("bad")])
            #expect(streamed.finishReason == .contentFilter)
            #expect(streamed.content == "Sorry, the model cannot answer this question.")
        }
    }

    @Test func aBedrockAPIKeyIsABearerToken() async throws {
        try await BedrockPair.with(withBackup: false, apiKey: "bedrock-api-key-for-tests") { pair in
            let response = try await pair.model("amazon.nova-lite-v1:0").getAnswer("ping")
            #expect(response.content == "us-east-1 says: ping")
            let sent = try #require(pair.east.requests.first)
            #expect(sent.headers["authorization"] == "Bearer bedrock-api-key-for-tests")
            #expect(sent.headers["x-amz-date"] == nil)
        }
    }

    // MARK: - Failures

    @Test func throttlingIsRetriedInPlaceAndSignedAfresh() async throws {
        try await BedrockPair.with { pair in
            pair.east.enqueue(.status(429))
            let response = try await pair.model().getAnswer("ping")
            #expect(response.content == "us-east-1 says: ping")
            #expect(response.attempts == 2)
            #expect(pair.east.requests.count == 2 && pair.west.requests.isEmpty)
        }
    }

    @Test func anUnavailableRegionFailsOverToTheSecondSignedForItsRegion() async throws {
        try await BedrockPair.with { pair in
            pair.east.enqueue(.status(503), .status(503), .status(503), .status(503))
            let response = try await pair.model().getAnswer("ping")
            #expect(response.content == "us-west-2 says: ping")
            let sent = try #require(pair.west.requests.first)
            #expect(sent.headers["authorization"]?.contains("/us-west-2/bedrock/aws4_request") == true)
            // The stream fails over the same way before its first event.
            pair.east.enqueue(.status(503), .status(503), .status(503), .status(503))
            let (streamed, _) = try await Self.stream(pair.model(), [.user("two")])
            #expect(streamed.content == "us-west-2 says: two")
        }
    }

    @Test func anExceptionFrameBeforeTheContentIsRetriedAndAfterItInterrupts() async throws {
        try await BedrockPair.with(withBackup: false) { pair in
            pair.east.enqueue(.streamError(afterEvents: 0))
            let (response, _) = try await Self.stream(pair.model(), [.user("again")])
            #expect(response.content == "us-east-1 says: again")
            #expect(pair.east.requests.count == 2)
            pair.east.enqueue(.errorInStream)
            var text = ""
            let error = await captureError {
                for try await chunk in try pair.model().streamAnswer("one two three four") {
                    text += chunk.textDelta ?? ""
                }
            }
            #expect(error?.code == .streamInterrupted)
            #expect(error?.providerCode == "ServiceUnavailableException")
            #expect(error?.partialContent == "us-east-1 ")
            #expect(text == "us-east-1 ")
        }
    }

    @Test func aStreamCutBeforeMessageStopOrWithACorruptFrameIsNeverAShortAnswer() async throws {
        try await BedrockPair.with(withBackup: false) { pair in
            pair.east.enqueue(.missingTerminator)
            let cut = await captureError { _ = try await Self.stream(pair.model(), [.user("x")]) }
            #expect(cut?.code == .streamInterrupted)
            pair.east.enqueue(.malformedJSON)
            let malformed = await captureError { _ = try await Self.stream(pair.model(), [.user("x")]) }
            #expect(malformed?.code == .decoding)
            pair.east.enqueue(.dropMidStream(afterChunks: 3))
            let dropped = await captureError { _ = try await Self.stream(pair.model(), [.user("a b c d e")]) }
            #expect(dropped?.code == .streamInterrupted)
        }
    }

    @Test func aWrongSecretIsAnAuthenticationErrorThatNamesNoSecret() async throws {
        let wrong = AWSCredentials(
            accessKeyId: "AKIDTESTONLY", secretAccessKey: APIKey("wrong-secret-for-tests"),
            sessionToken: APIKey("test-only-session-token"))
        try await BedrockPair.with(credentials: wrong) { pair in
            let error = await captureError { _ = try await pair.model().getAnswer("ping") }
            #expect(error?.code == .authentication)
            #expect(error?.providerCode == "InvalidSignatureException")
            #expect(error?.providerMessage?.hasPrefix("The request signature we calculated does not match") == true)
            // Not retried, not failed over: the caller's credentials are wrong everywhere.
            #expect(pair.east.requests.count == 1 && pair.west.requests.isEmpty)
            let seen = "\(error!) \(error!.body ?? "") \(error!.providerMessage ?? "")"
            for secret in ["wrong-secret-for-tests", "test-only-secret-not-a-real-key", "test-only-session-token"] {
                #expect(!seen.contains(secret))
            }
        }
    }

    @Test func whatConverseRefusesSurfacesWithItsMessage() async throws {
        try await BedrockPair.with(withBackup: false) { pair in
            for (status, code) in [(400, LLMErrorCode.invalidRequest), (403, .permissionDenied), (404, .notFound)] {
                pair.east.enqueue(.status(status))
                let error = await captureError { _ = try await pair.model().getAnswer("x") }
                #expect(error?.code == code, "\(status)")
                #expect(error?.requestId?.hasPrefix("sim-bedrock-") == true)
            }
            #expect(pair.east.requests.count == 3)
        }
    }
}
