import LLMCore
import LLMMedia

/// The Gemini models of the catalog: a 1,048,576-token window, 65,536 output tokens, text, image,
/// audio and PDF input, tools, JSON schema and thinking, with Google's list prices in US dollars
/// per million tokens (input, context-cache hits, output including thinking) for prompts up to
/// 200k tokens (Pro models bill more above), taken from the Gemini API pricing page on
/// ``pricesAsOf``.
enum GeminiCatalog {
    /// When the prices were taken.
    static let pricesAsOf = "2026-12-01"

    /// What `generateContent` takes: no penalties, `user` or parallel-call switch.
    static let parameters: Set<GenerationParameter> = [
        .maxTokens, .temperature, .topP, .topK, .stop, .seed, .n, .responseFormat, .tools, .toolChoice,
        .reasoningEffort, .reasoningBudget,
    ]

    /// The family of every Gemini chat model (``GeminiLLM``).
    static let family = "gemini"

    /// Each model's thinking setting: Gemini 2.5 takes a budget (Pro 128...32,768, never off;
    /// Flash 1...24,576 or 0; Flash-Lite 512...24,576 or 0), Gemini 3 a level (Pro low or high,
    /// never off; Flash minimal to high).
    static let models: [ModelMetadata] = [
        gemini(
            "gemini-2.5-pro", prices: (1.25, 0.125, 10.00),
            thinking: ReasoningRange(budget: 128...32_768, canBeOff: false)),
        gemini("gemini-2.5-flash", prices: (0.30, 0.03, 2.50), thinking: ReasoningRange(budget: 1...24_576)),
        gemini("gemini-2.5-flash-lite", prices: (0.10, 0.01, 0.40), thinking: ReasoningRange(budget: 512...24_576)),
        gemini(
            "gemini-3-pro-preview", prices: (2.00, 0.20, 12.00),
            thinking: ReasoningRange(
                efforts: [.low, .high], budget: 128...32_768, canBeOff: false, effortAsLevel: true)),
        gemini(
            "gemini-3-flash-preview", prices: (0.50, 0.05, 3.00),
            thinking: ReasoningRange(
                efforts: [.minimal, .low, .medium, .high], budget: 0...24_576, effortAsLevel: true)),
    ]

    /// A Gemini model id no profile describes: Gemini's capabilities and parameters, no limits, no
    /// prices, any thinking budget; an effort goes as a budget on a Gemini 2 id and as a level on
    /// any other (Gemini 3 and later).
    @Sendable static func general(_ id: String) -> ModelMetadata {
        ModelMetadata(
            name: id, provider: .gemini, family: family, capabilities: capabilities, limits: .unknown,
            supportedParameters: parameters,
            reasoning: ReasoningRange(effortAsLevel: !ModelID.key(id).hasPrefix("gemini-2")))
    }

    /// What the Gemini chat models take and do.
    static let capabilities = ModelCapabilities(
        inputTypes: [.text, .image, .audio, .document], tools: true, jsonSchema: true, reasoning: true)

    /// The embedding model (`embedContent`, `batchEmbedContents`): 3,072 dimensions, shortened to
    /// 128...3072; 2,048 tokens per input, 100 inputs per batch; $0.15 per million input tokens.
    static let embeddings: [ModelMetadata] = [
        ModelMetadata(
            name: "gemini-embedding-001", provider: .gemini, family: "gemini-embedding",
            capabilities: ModelCapabilities(
                outputTypes: [], streaming: false,
                embedding: EmbeddingCapability(
                    dimensions: 3_072, allowedDimensions: 128...3_072, maxInputsPerRequest: 100, maxInputTokens: 2_048)),
            limits: ModelLimits(contextWindow: 2_048, maxOutputTokens: 0),
            pricing: ModelPricing(inputPerMillion: 0.15, outputPerMillion: 0, asOf: pricesAsOf),
            supportedParameters: [])
    ]

    /// An embedding model id no profile describes: the batch limit of 100 inputs, any dimensions
    /// (0: whatever the service returns), no price.
    @Sendable static func generalEmbedding(_ id: String) -> ModelMetadata {
        ModelMetadata(
            name: id, provider: .gemini, family: "gemini-embedding",
            capabilities: ModelCapabilities(
                outputTypes: [], streaming: false,
                embedding: EmbeddingCapability(dimensions: 0, maxInputsPerRequest: 100, maxInputTokens: 2_048)),
            limits: ModelLimits(contextWindow: 2_048, maxOutputTokens: 0), supportedParameters: [])
    }

    private static func gemini(_ name: String, prices: (Double, Double, Double), thinking: ReasoningRange)
        -> ModelMetadata
    {
        ModelMetadata(
            name: name, provider: .gemini, family: family, capabilities: capabilities,
            limits: ModelLimits(contextWindow: 1_048_576, maxOutputTokens: 65_536),
            pricing: ModelPricing(
                inputPerMillion: prices.0, cachedInputPerMillion: prices.1, outputPerMillion: prices.2, asOf: pricesAsOf
            ),
            supportedParameters: parameters, reasoning: thinking)
    }
}
