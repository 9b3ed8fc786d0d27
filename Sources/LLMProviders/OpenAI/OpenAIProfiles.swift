import LLMCore
import LLMMedia

/// OpenAI's models as catalog profiles (served by Azure OpenAI and OpenAI): context window, output
/// limit, capabilities, prices, accepted parameters and reasoning levels. Prices are OpenAI's
/// public list prices in US dollars per million tokens, taken on ``pricesAsOf`` (Azure's global
/// deployments bill the same).
enum OpenAIProfiles {
    /// When the prices were taken.
    static let pricesAsOf = "2025-08-07"

    /// The family of GPT-4.1-mini, whose class has seed 004's transform.
    static let gpt41MiniFamily = "gpt-4.1-mini"
    /// The family of the chat models sent unchanged (``OpenAILLM``).
    static let chatFamily = "openai"
    /// The family of the reasoning models (``OpenAIReasoningLLM``).
    static let reasoningFamily = "openai-reasoning"

    /// Every parameter of the standard chat models (all but the samplers OpenAI does not accept:
    /// `topK`, `minP`, `repetitionPenalty`; greedy decoding is sent as temperature 0).
    static let standardParameters = Set(GenerationParameter.allCases).subtracting([
        .topK, .minP, .repetitionPenalty, .greedy, .numBeams, .reasoningEffort, .reasoningBudget,
    ])
    /// What reasoning models accept: no sampling parameters (temperature, top_p, penalties, stop).
    static let reasoningParameters: Set<GenerationParameter> = [
        .maxTokens, .seed, .n, .responseFormat, .tools, .toolChoice, .parallelToolCalls, .reasoningEffort, .user,
    ]

    /// The levels of o3-mini, o4-mini and o3.
    private static let oSeriesEfforts: [ReasoningEffort] = [.low, .medium, .high]
    /// GPT-5 also takes `minimal`.
    private static let gpt5Efforts: [ReasoningEffort] = [.minimal, .low, .medium, .high]

    /// The chat, reasoning, media and embedding models.
    static let all: [ModelMetadata] = chat + embeddings

    static let chat: [ModelMetadata] = [
        chat("gpt-4.1", window: 1_047_576, output: 32_768, prices: (2.00, 0.50, 8.00)),
        chat(
            "gpt-4.1-mini", family: gpt41MiniFamily, window: 1_047_576, output: 32_768, prices: (0.40, 0.10, 1.60),
            parameters: standardParameters.subtracting([.temperature])),
        chat("gpt-4.1-nano", window: 1_047_576, output: 32_768, prices: (0.10, 0.025, 0.40)),
        chat("gpt-4o", window: 128_000, output: 16_384, prices: (2.50, 1.25, 10.00)),
        chat("gpt-4o-mini", window: 128_000, output: 16_384, prices: (0.15, 0.075, 0.60)),
        reasoning(
            "o3-mini", window: 200_000, output: 100_000, prices: (1.10, 0.55, 4.40), efforts: oSeriesEfforts,
            vision: false),
        reasoning("o4-mini", window: 200_000, output: 100_000, prices: (1.10, 0.275, 4.40), efforts: oSeriesEfforts),
        reasoning("o3", window: 200_000, output: 100_000, prices: (2.00, 0.50, 8.00), efforts: oSeriesEfforts),
        reasoning("gpt-5", window: 400_000, output: 128_000, prices: (1.25, 0.125, 10.00), efforts: gpt5Efforts),
        reasoning("gpt-5-mini", window: 400_000, output: 128_000, prices: (0.25, 0.025, 2.00), efforts: gpt5Efforts),
        reasoning("gpt-5-nano", window: 400_000, output: 128_000, prices: (0.05, 0.005, 0.40), efforts: gpt5Efforts),
        media("dall-e-3", family: "dall-e-3", input: [.text], output: [.image], window: 4_000),
        media("gpt-image-1", family: "gpt-image-1", input: [.text, .image], output: [.image], window: 32_000),
        media("tts-1", family: "tts", input: [.text], output: [.audio], window: 4_096),
        media("tts-1-hd", family: "tts", input: [.text], output: [.audio], window: 4_096),
        media("gpt-4o-mini-tts", family: "tts", input: [.text], output: [.audio], window: 4_096),
        media("whisper-1", family: "transcription", input: [.audio, .text], output: [.text], window: 4_096),
        media("gpt-4o-transcribe", family: "transcription", input: [.audio, .text], output: [.text], window: 16_000),
        media("sora", family: "sora", input: [.text], output: [.video], window: 4_000),
        media("sora-2", family: "sora", input: [.text], output: [.video], window: 4_000),
    ]

    /// OpenAI's embedding models: `text-embedding-3-small` (1,536 dimensions) and `-large`
    /// (3,072), both shortened on request; `text-embedding-ada-002` (1,536, fixed). 2,048 inputs
    /// of 8,192 tokens, 300,000 tokens per request.
    static let embeddings: [ModelMetadata] = [
        embedding("text-embedding-3-small", dimensions: 1_536, shortened: true, price: 0.02),
        embedding("text-embedding-3-large", dimensions: 3_072, shortened: true, price: 0.13),
        embedding("text-embedding-ada-002", dimensions: 1_536, shortened: false, price: 0.10),
    ]

    /// A chat model id no profile describes: a reasoning model when the id names one (`o1`…`o9`,
    /// `gpt-5…`), else a chat model sent unchanged; no limits, no prices.
    static func general(_ id: String, provider: LLMProvider) -> ModelMetadata {
        let key = ModelID.key(id)
        let reasoningId =
            key.hasPrefix("gpt-5")
            || (key.first == "o" && key.dropFirst().first.map { ("1"..."9").contains($0) } == true)
        if reasoningId {
            var metadata = reasoning(id)
            metadata.provider = provider
            return metadata
        }
        return ModelCatalog.openAICompatible(id, contextWindow: .max, maxOutputTokens: .max, provider: provider)
    }

    /// A reasoning model no profile describes: any level, no limits, no prices.
    static func reasoning(_ id: String) -> ModelMetadata {
        ModelMetadata(
            name: id, provider: .openAI, family: reasoningFamily,
            capabilities: ModelCapabilities(
                inputTypes: [.text, .image], tools: true, jsonSchema: true, reasoning: true),
            limits: .unknown, supportedParameters: reasoningParameters, reasoning: ReasoningRange())
    }

    private static func embedding(_ name: String, dimensions: Int, shortened: Bool, price: Double) -> ModelMetadata {
        ModelMetadata(
            name: name, provider: .azure, family: "text-embedding",
            capabilities: ModelCapabilities(
                outputTypes: [], streaming: false,
                embedding: EmbeddingCapability(
                    dimensions: dimensions, allowedDimensions: shortened ? 1...dimensions : nil,
                    maxInputsPerRequest: 2_048, maxInputTokens: 8_192, maxRequestTokens: 300_000)),
            limits: ModelLimits(contextWindow: 8_192, maxOutputTokens: 0),
            pricing: ModelPricing(inputPerMillion: price, outputPerMillion: 0, asOf: pricesAsOf),
            supportedParameters: [])
    }

    private static func chat(
        _ name: String, family: String = chatFamily, window: Int, output: Int, prices: (Double, Double, Double),
        parameters: Set<GenerationParameter> = standardParameters
    ) -> ModelMetadata {
        ModelMetadata(
            name: name, provider: .azure, family: family,
            capabilities: ModelCapabilities(inputTypes: [.text, .image], tools: true, jsonSchema: true),
            limits: ModelLimits(contextWindow: window, maxOutputTokens: output),
            pricing: ModelPricing(
                inputPerMillion: prices.0, cachedInputPerMillion: prices.1, outputPerMillion: prices.2, asOf: pricesAsOf
            ),
            supportedParameters: parameters)
    }

    /// Image, speech, transcription and video models: no per-token prices, no chat parameters.
    private static func media(
        _ name: String, family: String, input: Set<MediaType>, output: Set<MediaType>, window: Int
    ) -> ModelMetadata {
        ModelMetadata(
            name: name, provider: .azure, family: family,
            capabilities: ModelCapabilities(inputTypes: input, outputTypes: output, streaming: output != [.text]),
            limits: ModelLimits(contextWindow: window, maxOutputTokens: min(window, 4_096)),
            supportedParameters: [])
    }

    private static func reasoning(
        _ name: String, window: Int, output: Int, prices: (Double, Double, Double), efforts: [ReasoningEffort],
        vision: Bool = true
    ) -> ModelMetadata {
        ModelMetadata(
            name: name, provider: .azure, family: reasoningFamily,
            capabilities: ModelCapabilities(
                inputTypes: vision ? [.text, .image] : [.text], tools: true, jsonSchema: true, reasoning: true),
            limits: ModelLimits(contextWindow: window, maxOutputTokens: output),
            pricing: ModelPricing(
                inputPerMillion: prices.0, cachedInputPerMillion: prices.1, outputPerMillion: prices.2, asOf: pricesAsOf
            ),
            supportedParameters: reasoningParameters, reasoning: ReasoningRange(efforts: efforts))
    }
}
