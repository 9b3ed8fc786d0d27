public import LLMCore
import LLMMedia

/// The built-in models: context window, output limit, capabilities, prices and accepted parameters.
///
/// Prices are the providers' public list prices in US dollars per million tokens, with the date
/// each was taken (`pricing.asOf`): OpenAI's on ``pricesAsOf`` (Azure's global deployments bill
/// the same), Anthropic's, Gemini's and Bedrock's in their own catalogs. Check them before relying on costs.
public enum ModelCatalog {
    /// When OpenAI's prices were taken.
    public static let pricesAsOf = "2025-08-07"

    /// Every parameter of the standard chat models (all but `topK`, which OpenAI does not accept).
    static let standardParameters = Set(GenerationParameter.allCases).subtracting([
        .topK, .reasoningEffort, .reasoningBudget,
    ])
    /// What reasoning models accept: no sampling parameters (temperature, top_p, penalties, stop).
    static let reasoningParameters: Set<GenerationParameter> = [
        .maxTokens, .seed, .n, .responseFormat, .tools, .toolChoice, .parallelToolCalls, .reasoningEffort, .user,
    ]

    /// The built-in entries: OpenAI's models, then Anthropic's, Gemini's and Bedrock's, then the
    /// embedding models.
    public static let all: [ModelMetadata] =
        openAI + AnthropicCatalog.models + GeminiCatalog.models + BedrockCatalog.models + openAIEmbeddings
        + GeminiCatalog.embeddings

    /// The embedding models of the catalog.
    public static var embeddingModels: [ModelMetadata] {
        all.filter { $0.capabilities.embedding != nil }
    }

    /// OpenAI's models (served by Azure OpenAI and OpenAI).
    static let openAI: [ModelMetadata] = [
        chat("gpt-4.1", window: 1_047_576, output: 32_768, prices: (2.00, 0.50, 8.00)),
        chat(
            "gpt-4.1-mini", window: 1_047_576, output: 32_768, prices: (0.40, 0.10, 1.60),
            parameters: standardParameters.subtracting([.temperature])),
        chat("gpt-4.1-nano", window: 1_047_576, output: 32_768, prices: (0.10, 0.025, 0.40)),
        chat("gpt-4o", window: 128_000, output: 16_384, prices: (2.50, 1.25, 10.00)),
        chat("gpt-4o-mini", window: 128_000, output: 16_384, prices: (0.15, 0.075, 0.60)),
        reasoning("o3-mini", window: 200_000, output: 100_000, prices: (1.10, 0.55, 4.40), vision: false),
        reasoning("o4-mini", window: 200_000, output: 100_000, prices: (1.10, 0.275, 4.40)),
        reasoning("o3", window: 200_000, output: 100_000, prices: (2.00, 0.50, 8.00)),
        reasoning("gpt-5", window: 400_000, output: 128_000, prices: (1.25, 0.125, 10.00)),
        reasoning("gpt-5-mini", family: "gpt-5", window: 400_000, output: 128_000, prices: (0.25, 0.025, 2.00)),
        reasoning("gpt-5-nano", family: "gpt-5", window: 400_000, output: 128_000, prices: (0.05, 0.005, 0.40)),
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
    static let openAIEmbeddings: [ModelMetadata] = [
        embedding("text-embedding-3-small", dimensions: 1_536, shortened: true, price: 0.02),
        embedding("text-embedding-3-large", dimensions: 3_072, shortened: true, price: 0.13),
        embedding("text-embedding-ada-002", dimensions: 1_536, shortened: false, price: 0.10),
    ]

    /// Metadata for an embedding model on an OpenAI-compatible server (llama.cpp, vLLM, Ollama):
    /// `dimensions` fixed, 2,048 inputs per request, no prices.
    public static func openAICompatibleEmbedding(_ name: String, dimensions: Int, maxInputTokens: Int = 8_192)
        -> ModelMetadata
    {
        ModelMetadata(
            name: name, provider: .openAICompatible, family: LLMFactory.openAICompatibleEmbeddingFamily,
            capabilities: ModelCapabilities(
                outputTypes: [], streaming: false,
                embedding: EmbeddingCapability(
                    dimensions: dimensions, maxInputsPerRequest: 2_048, maxInputTokens: maxInputTokens)),
            limits: ModelLimits(contextWindow: maxInputTokens, maxOutputTokens: 0), supportedParameters: [])
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

    /// The chat models of the catalog (text out, priced per token).
    public static var chatModels: [ModelMetadata] {
        all.filter { $0.capabilities.outputTypes == [.text] && $0.pricing != nil }
    }

    /// The entry named `name` (case-insensitive), or nil.
    public static func metadata(named name: String) -> ModelMetadata? {
        all.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// Metadata for a model on an OpenAI-compatible server (vLLM, Ollama, ...): text and image
    /// input, tools, every parameter of the chat-completions API (`top_k` included), a 128k
    /// window, no prices.
    public static func openAICompatible(
        _ name: String, contextWindow: Int = 131_072, maxOutputTokens: Int = 32_768
    ) -> ModelMetadata {
        ModelMetadata(
            name: name, provider: .openAICompatible, family: LLMFactory.openAICompatibleFamily,
            capabilities: ModelCapabilities(inputTypes: [.text, .image], tools: true, jsonSchema: true),
            limits: ModelLimits(contextWindow: contextWindow, maxOutputTokens: maxOutputTokens),
            supportedParameters: Set(GenerationParameter.allCases).subtracting([.reasoningBudget]))
    }

    private static func chat(
        _ name: String, window: Int, output: Int, prices: (Double, Double, Double),
        parameters: Set<GenerationParameter> = standardParameters
    ) -> ModelMetadata {
        ModelMetadata(
            name: name, provider: .azure, family: name,
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
        _ name: String, family: String? = nil, window: Int, output: Int, prices: (Double, Double, Double),
        vision: Bool = true
    ) -> ModelMetadata {
        ModelMetadata(
            name: name, provider: .azure, family: family ?? name,
            capabilities: ModelCapabilities(
                inputTypes: vision ? [.text, .image] : [.text], tools: true, jsonSchema: true, reasoning: true),
            limits: ModelLimits(contextWindow: window, maxOutputTokens: output),
            pricing: ModelPricing(
                inputPerMillion: prices.0, cachedInputPerMillion: prices.1, outputPerMillion: prices.2, asOf: pricesAsOf
            ),
            supportedParameters: reasoningParameters)
    }
}
