import Foundation
import SwiftLLM
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// llama.cpp's own llama-server with a real model (SmolLM2-135M-Instruct), through the library's
/// public API: chat completions, the Responses API and the Messages route, plain and streamed;
/// embeddings; structured output enforced by a grammar; tools; stop sequences; seed 003's
/// parameters taking effect; a wrong key, a prompt over the context and a cancelled stream as the
/// server reports them. Assertions are about behaviour, not exact words.
@Suite(.serialized, .enabled(if: RealServers.llama != nil, RealServers.llamaMissing))
struct LlamaServerTests {
    static var url: URL { RealServers.llama! }
    static let capital: [ChatMessage] = [.user("What is the capital of France? Answer with the city's name.")]
    static let calm = GenerationOptions(maxTokens: 24, temperature: 0)

    /// The chat model over llama-server's OpenAI-compatible API (`/v1/chat/completions`, or
    /// `/v1/responses` for `.responses`).
    static func withChat<T>(api: OpenAIWireAPI = .chatCompletions, _ body: (any LLM) async throws -> T) async throws
        -> T
    {
        try await RealServers.with(
            url.appendingPathComponent("v1"), style: .llamaCpp, key: RealServers.llamaKey
        ) { connector in
            try await body(LLMFactory.make(model: "smollm2", connector: connector, api: api))
        }
    }

    // MARK: - The three chat APIs

    @Test func chatCompletionsPlainAndStreamed() async throws {
        try await Self.withChat { model in
            let answer = try await model.getAnswer(Self.capital, options: Self.calm)
            #expect(answer.content.contains("Paris"), "\(answer.content)")
            #expect(answer.finishReason != nil && (answer.usage?.completionTokens ?? 0) > 0)
            let (streamed, chunks) = try await RealServers.streamed(model, Self.capital, options: Self.calm)
            #expect(streamed.content.contains("Paris"), "\(streamed.content)")
            #expect(chunks > 1, "a stream in several chunks")
        }
    }

    @Test func theResponsesAPIPlainAndStreamed() async throws {
        try await Self.withChat(api: .responses) { model in
            let answer = try await model.getAnswer(Self.capital, options: Self.calm)
            #expect(!answer.content.isEmpty && (answer.usage?.completionTokens ?? 0) > 0, "\(answer)")
            let (streamed, chunks) = try await RealServers.streamed(model, Self.capital, options: Self.calm)
            #expect(!streamed.content.isEmpty && chunks > 1, "\(streamed.content)")
        }
    }

    @Test func theMessagesRoutePlainAndStreamedWithAStopSequence() async throws {
        try await RealServers.with(Self.url, style: .anthropic, key: RealServers.llamaKey) { connector in
            let model = ClaudeLLM(model: "smollm2", connector: connector)
            let answer = try await model.getAnswer(Self.capital, options: Self.calm)
            #expect(answer.content.contains("Paris"), "\(answer.content)")
            let count: [ChatMessage] = [.user("Count from 1 to 10, separated by commas.")]
            let options = GenerationOptions(maxTokens: 40, temperature: 0, stop: ["5"])
            let stopped = try await model.getAnswer(count, options: options)
            #expect(stopped.finishReason == .stop && stopped.stopSequence == "5", "\(stopped)")
            #expect(!stopped.content.contains("5") && stopped.content.contains("4"), "\(stopped.content)")
            let (streamed, _) = try await RealServers.streamed(model, count, options: options)
            #expect(streamed.stopSequence == "5" && !streamed.content.contains("5"), "\(streamed)")
        }
    }

    // MARK: - Embeddings, structured output, tools

    @Test(.enabled(if: RealServers.llamaEmbeddings != nil, "LLM_TEST_LLAMA_EMBEDDINGS_URL is not set"))
    func embeddingsFromASecondServer() async throws {
        let url = try #require(RealServers.llamaEmbeddings).appendingPathComponent("v1")
        try await RealServers.with(url, style: .llamaCpp, key: RealServers.llamaKey) { connector in
            let model = try LLMFactory.makeEmbedding(
                metadata: ModelCatalog.embeddingMetadata(for: "smollm2-embed", style: .llamaCpp), connector: connector)
            let result = try await model.embed(["Paris is in France", "Paris is in France", "Bananas are yellow"])
            #expect(result.vectors.count == 3 && result.vectors[0].count > 100)
            func cosine(_ a: [Float], _ b: [Float]) -> Float {
                let dot = zip(a, b).map(*).reduce(0, +)
                return dot
                    / ((a.map { $0 * $0 }.reduce(0, +)).squareRoot() * (b.map { $0 * $0 }.reduce(0, +)).squareRoot())
            }
            #expect(cosine(result.vectors[0], result.vectors[1]) > 0.99)
            #expect(cosine(result.vectors[0], result.vectors[2]) < cosine(result.vectors[0], result.vectors[1]))
        }
    }

    struct City: Codable, Sendable {
        var name: String
        var country: String
        var population: Int
    }

    @Test func structuredOutputIsEnforcedByTheServersGrammar() async throws {
        try await Self.withChat { model in
            let city = try await model.generate(
                City.self, prompt: "Describe Paris as JSON.", options: GenerationOptions(maxTokens: 80, temperature: 0))
            // The grammar guarantees the shape; the words are the model's.
            #expect(!city.name.isEmpty && !city.country.isEmpty, "\(city)")
        }
    }

    /// SmolLM2-135M under this llama-server calls no tool even when one is required: its chat
    /// template has no tools, and llama.cpp's template analysis builds no tool-call grammar for it
    /// (with a Hermes-style template the tools reach the prompt, but the log still says `chat
    /// format: peg-native` with no grammar in the sampler chain), so the model answers in text.
    /// The request the library sends is one llama.cpp takes (a named function goes as
    /// `tool_choice: "required"`, since it rejects the object form). The known issue fails this
    /// test the day the server calls the tool, so that the assertions become plain ones.
    @Test func aToolCallIsParsedAndItsResultAnswered() async throws {
        await withKnownIssue("llama.cpp builds no tool-call grammar for SmolLM2-135M", isIntermittent: false) {
            try await toolRoundTrip()
        }
    }

    private func toolRoundTrip() async throws {
        try await Self.withChat { model in
            let tool = ToolDefinition(
                name: "get_weather", description: "The current weather in a city",
                parameters: [
                    "type": "object", "properties": ["city": ["type": "string"]], "required": ["city"],
                ])
            let question: [ChatMessage] = [.user("What is the weather in Oslo?")]
            let call = try await model.getAnswer(
                question,
                options: GenerationOptions(
                    maxTokens: 60, temperature: 0, tools: [tool], toolChoice: .function("get_weather")))
            let first = try #require(call.toolCalls.first, "\(call)")
            #expect(first.name == "get_weather" && call.finishReason == .toolCalls)
            let arguments = try JSONValue(parsing: Data(first.arguments.utf8))
            #expect(arguments["city"]?.stringValue?.isEmpty == false, "\(first.arguments)")
            let answer = try await model.getAnswer(
                question + [.assistant(call), .tool(callId: first.id, content: #"{"celsius": 3, "sky": "snow"}"#)],
                options: GenerationOptions(maxTokens: 40, temperature: 0, tools: [tool], toolChoice: ToolChoice.none))
            #expect(answer.toolCalls.isEmpty && !answer.content.isEmpty, "\(answer)")
        }
    }

    // MARK: - Seed 003's parameters

    @Test func greedyDecodingAnswersTheSameTwice() async throws {
        try await Self.withChat { model in
            let options = GenerationOptions(
                maxTokens: 30, topK: 40, minP: 0.05, repetitionPenalty: 1.1, greedy: true)
            let story: [ChatMessage] = [.user("Begin a story about a lighthouse.")]
            let first = try await model.getAnswer(story, options: options)
            let second = try await model.getAnswer(story, options: options)
            #expect(!first.content.isEmpty && first.content == second.content)
        }
    }

    @Test func twoChoicesAndTheLogprobsComeBack() async throws {
        try await Self.withChat { model in
            let answer = try await model.getAnswer(
                Self.capital,
                options: GenerationOptions(
                    maxTokens: 12, temperature: 0.8, seed: 42, n: 2, logprobs: true, topLogprobs: 2))
            #expect(answer.additionalChoices.count == 1 && !answer.additionalChoices[0].isEmpty, "\(answer)")
            let logprobs = try #require(answer.logprobs)
            #expect(!logprobs.isEmpty && logprobs.allSatisfy { $0.logprob <= 0 && $0.top.count == 2 })
            #expect(logprobs.map(\.token).joined() == answer.content)
        }
    }

    @Test func aStopSequenceEndsTheAnswer() async throws {
        try await Self.withChat { model in
            let answer = try await model.getAnswer(
                [.user("Count from 1 to 10, separated by commas.")],
                options: GenerationOptions(maxTokens: 40, temperature: 0, stop: ["5"]))
            #expect(answer.finishReason == .stop && !answer.content.contains("5") && answer.content.contains("4"))
        }
    }

    // MARK: - Failures as the server reports them

    @Test func aWrongKeyIsAuthentication() async throws {
        try await RealServers.with(Self.url.appendingPathComponent("v1"), style: .llamaCpp, key: "sk-wrong") {
            connector in
            let model = try LLMFactory.make(model: "smollm2", connector: connector)
            let error = await #expect(throws: LLMError.self) { _ = try await model.getAnswer("hi") }
            #expect(error?.code == .authentication, "\(String(describing: error))")
            #expect(error.map { !"\($0)".contains("sk-wrong") } == true)
        }
    }

    @Test func aPromptOverTheContextIsContextLengthExceeded() async throws {
        try await Self.withChat { model in
            let long = String(repeating: "lighthouse keeper ", count: 1_500)
            let error = await #expect(throws: LLMError.self) {
                _ = try await model.getAnswer([.user(long)], options: Self.calm)
            }
            #expect(error?.code == .contextLengthExceeded, "\(String(describing: error))")
        }
    }

    @Test func aCancelledStreamFreesTheServersSlot() async throws {
        try await Self.withChat { model in
            // The stream lives only in the reading task: when it returns, the stream is dropped and
            // its connection closed. `ignore_eos` keeps the model from ending early by itself, so
            // a slot that stops short of the 900 tokens stopped because the client went away.
            let reader = Task {
                let stream = model.streamAnswer(
                    [.user("Write a very long story about the sea.")],
                    options: GenerationOptions(maxTokens: 900, temperature: 0.7, extraBody: ["ignore_eos": true]))
                var chunks = 0
                for try await chunk in stream where chunk.textDelta != nil {
                    chunks += 1
                    if chunks == 5 { return chunks }
                }
                return chunks
            }
            #expect(try await reader.value == 5)
            let deadline = ContinuousClock.now + .seconds(120)
            var slots = try await Self.slots()
            while slots.contains(where: { $0["is_processing"] == .bool(true) }) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
                slots = try await Self.slots()
            }
            #expect(!slots.contains { $0["is_processing"] == .bool(true) }, "a slot still generates")
            let last = try #require(slots.max { ($0["id_task"]?.intValue ?? -1) < ($1["id_task"]?.intValue ?? -1) })
            let decoded = last["next_token"]?.arrayValue?.first?["n_decoded"]?.intValue ?? .max
            #expect(decoded < 900, "the slot stopped when the connection closed (\(decoded) tokens of 900)")
        }
    }

    /// The server's slots (`GET /slots`): whether each is processing, and its last task's counts.
    static func slots() async throws -> [JSONValue] {
        var request = URLRequest(url: url.appendingPathComponent("slots"))
        request.setValue("Bearer \(RealServers.llamaKey)", forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        return try JSONValue(parsing: data).arrayValue ?? []
    }
}
