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

    static let models: [ModelMetadata] = [
        gemini("gemini-2.5-pro", prices: (1.25, 0.125, 10.00)),
        gemini("gemini-2.5-flash", prices: (0.30, 0.03, 2.50)),
        gemini("gemini-2.5-flash-lite", prices: (0.10, 0.01, 0.40)),
        gemini("gemini-3-pro-preview", prices: (2.00, 0.20, 12.00)),
        gemini("gemini-3-flash-preview", prices: (0.50, 0.05, 3.00)),
    ]

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

    private static func gemini(_ name: String, prices: (Double, Double, Double)) -> ModelMetadata {
        ModelMetadata(
            name: name, provider: .gemini, family: name,
            capabilities: ModelCapabilities(
                inputTypes: [.text, .image, .audio, .document], tools: true, jsonSchema: true, reasoning: true),
            limits: ModelLimits(contextWindow: 1_048_576, maxOutputTokens: 65_536),
            pricing: ModelPricing(
                inputPerMillion: prices.0, cachedInputPerMillion: prices.1, outputPerMillion: prices.2, asOf: pricesAsOf
            ),
            supportedParameters: parameters)
    }
}
