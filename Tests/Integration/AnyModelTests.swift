import Foundation
import LLMSimulator
import SwiftLLM
import Testing

/// Any model id on every API, over real sockets against LLMSimulator: an id the catalog does not
/// hold is answered with its API's defaults (no client-side limits, no price: the cost is unknown,
/// not 0), plain and streamed; a dated snapshot or an inference-profile ARN finds its profile.
@Suite(.serialized) struct AnyModelTests {
    /// Runs `body` with a plain and a streamed answer of `model`.
    static func answers(_ model: any LLM) async throws -> (whole: LLMResponse, streamed: LLMResponse) {
        let whole = try await model.getAnswer("any model")
        var accumulator = StreamAccumulator()
        for try await chunk in model.streamAnswer("any model streamed") { accumulator.add(chunk) }
        return (whole, accumulator.response)
    }

    /// A connector to the pair's primary as `style`, with no deployment (the model names itself).
    static func connector(_ pair: SimulatorPair, style: EndpointStyle? = nil) throws -> Connector {
        var configuration = pair.connector.configuration
        if let style { configuration.primary.style = style }
        configuration.primary.deployment = nil
        configuration.backups = []
        return try Connector(configuration: configuration)
    }

    @Test func chatCompletionsTakeAnyIdOnACompatibleProvidersStyle() async throws {
        try await SimulatorPair.with(withBackup: false, style: .openAI, deployment: "") { pair in
            // The same simulator, spoken to as Groq: its style, any id, the factory picks the class.
            let groq = try Self.connector(pair, style: .groq)
            defer { Task { try? await groq.shutdown() } }
            let model = try LLMFactory.make(model: "llama-4-maverick-2099-unknown", connector: groq)
            #expect(model is OpenAILLM)
            #expect(model.metadata.provider == .groq && model.metadata.pricing == nil)
            #expect(model.metadata.limits == .unknown)
            let (whole, streamed) = try await Self.answers(model)
            #expect(whole.content == "primary says: any model")
            #expect(streamed.content == "primary says: any model streamed")
            #expect(whole.costUSD == nil && streamed.costUSD == nil)
            let sent = try #require(pair.primary.requests.first?.json)
            #expect(sent["model"] as? String == "llama-4-maverick-2099-unknown")
            #expect(pair.primary.requests.first?.headers["authorization"] == "Bearer \(SimulatorPair.key)")
        }
    }

    @Test func aServiceThatDiffersOnTheWireGetsWhatItTakes() async throws {
        try await SimulatorPair.with(withBackup: false, style: .openAI, deployment: "") { pair in
            let mistral = try Self.connector(pair, style: .mistral)
            defer { Task { try? await mistral.shutdown() } }
            // GPT-4.1-mini's class renames max_tokens to max_completion_tokens; Mistral takes max_tokens.
            let model = try LLMFactory.make(model: "mistral-medium-2508", connector: mistral)
            let options = GenerationOptions(maxTokens: 40, seed: 7, user: "u-1")
            _ = try await model.getAnswer("hi", options: options)
            for try await _ in model.streamAnswer("hi", options: options) {}
            let bodies = pair.primary.requests.compactMap(\.json)
            #expect(bodies.count == 2)
            for body in bodies {
                #expect(body["max_tokens"] as? Int == 40 && body["max_completion_tokens"] == nil)
                #expect(body["random_seed"] as? Int == 7 && body["seed"] == nil)
                #expect(body["user"] == nil && body["stream_options"] == nil)
            }
            #expect(bodies[1]["stream"] as? Bool == true)
        }
    }

    @Test func theResponsesAPITakesAnyId() async throws {
        try await SimulatorPair.with(withBackup: false, style: .openAI, deployment: "") { pair in
            let connector = try Self.connector(pair)
            defer { Task { try? await connector.shutdown() } }
            let model = OpenAILLM(model: "gpt-9-preview", connector: connector, api: .responses)
            #expect(model.metadata.pricing == nil)
            let (whole, streamed) = try await Self.answers(model)
            #expect(whole.content.hasSuffix("any model") && streamed.content.hasSuffix("any model streamed"))
            #expect(whole.costUSD == nil)
            #expect(pair.primary.requests.allSatisfy { $0.uri == "/v1/responses" })
            #expect(pair.primary.requests.first?.json?["model"] as? String == "gpt-9-preview")
        }
    }

    @Test func theMessagesAPITakesAnyIdAndADatedSnapshotFindsItsProfile() async throws {
        try await SimulatorPair.with(withBackup: false, style: .anthropic, deployment: "") { pair in
            let connector = try Self.connector(pair)
            defer { Task { try? await connector.shutdown() } }
            let model = ClaudeLLM(model: "claude-opus-4-6", connector: connector)
            let (whole, streamed) = try await Self.answers(model)
            #expect(whole.content == "primary says: any model")
            #expect(streamed.content == "primary says: any model streamed")
            #expect(whole.costUSD == nil && whole.usage != nil)
            let sent = try #require(pair.primary.requests.first?.json)
            #expect(sent["model"] as? String == "claude-opus-4-6")
            #expect(sent["max_tokens"] as? Int == 4_096)  // the API requires one; no profile gives more
            // A dated snapshot is claude-haiku-4-5's profile under its own id: priced.
            let snapshot = try LLMFactory.make(model: "claude-haiku-4-5-20251001", connector: connector)
            #expect(snapshot.metadata.pricing == ModelCatalog.metadata(named: "claude-haiku-4-5")?.pricing)
            let priced = try await snapshot.getAnswer("dated")
            #expect(priced.costUSD != nil && priced.costUSD ?? 0 > 0)
            #expect(pair.primary.requests.last?.json?["model"] as? String == "claude-haiku-4-5-20251001")
        }
    }

    @Test func geminiTakesAnyId() async throws {
        try await SimulatorPair.with(withBackup: false, style: .gemini, deployment: "") { pair in
            let connector = try Self.connector(pair)
            defer { Task { try? await connector.shutdown() } }
            let model = GeminiLLM(model: "gemini-4-ultra-exp", connector: connector)
            let (whole, streamed) = try await Self.answers(model)
            #expect(whole.content.hasSuffix("any model") && streamed.content.hasSuffix("any model streamed"))
            #expect(whole.costUSD == nil)
            #expect(pair.primary.requests.first?.uri == "/v1beta/models/gemini-4-ultra-exp:generateContent")
            // No client-side range for an unknown id: a budget the catalog's models refuse is sent.
            _ = try await model.getAnswer("think", options: GenerationOptions(reasoningBudget: 100_000))
            let thinking = pair.primary.requests.last?.json?["generationConfig"] as? [String: Any]
            #expect((thinking?["thinkingConfig"] as? [String: Any])?["thinkingBudget"] as? Int == 100_000)
        }
    }

    @Test func bedrockTakesAnInferenceProfileARNAndAnyId() async throws {
        try await BedrockPair.with(withBackup: false) { pair in
            let arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5"
            let profiled = try LLMFactory.make(model: arn, connector: pair.connector)
            #expect(profiled is BedrockLLM && profiled.metadata.family == "bedrock-claude")
            #expect(
                profiled.metadata.pricing
                    == ModelCatalog.metadata(named: "us.anthropic.claude-haiku-4-5-20251001-v1:0")?.pricing)
            let application = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5"
            let unknown = try LLMFactory.make(model: application, connector: pair.connector)
            #expect(unknown is BedrockLLM && unknown.metadata.pricing == nil)
            for model in [profiled, unknown] {
                let (whole, streamed) = try await Self.answers(model)
                #expect(whole.content.hasSuffix("any model") && streamed.content.hasSuffix("any model streamed"))
            }
            let encoded =
                "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-haiku-4-5"
            #expect(pair.east.requests.first?.uri == "/model/\(encoded)/converse")
            #expect(pair.east.requests.contains { $0.uri.hasSuffix("a1b2c3d4e5/converse-stream") })
        }
    }
}
