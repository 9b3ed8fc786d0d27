public import Connectors
public import LLMCore
import LLMMedia

/// The catalog: each provider's model profiles — context window, output limit, capabilities,
/// prices, accepted parameters and reasoning ranges — looked up by model id, and the metadata of any
/// other id with its API's defaults.
///
/// Prices are the providers' public list prices in US dollars per million tokens, with the date
/// each was taken (`pricing.asOf`). Check them before relying on costs.
///
/// ```swift
/// ModelCatalog.profile(for: "claude-haiku-4-5-20251001")        // claude-haiku-4-5's profile
/// ModelCatalog.metadata(for: "claude-opus-4-6", provider: .anthropic)  // any id: the API's defaults
/// ```
public enum ModelCatalog {
    /// When OpenAI's prices were taken.
    public static let pricesAsOf = OpenAIProfiles.pricesAsOf

    /// Every provider's profiles, once each.
    public static var all: [ModelMetadata] { ProviderRegistry.profiles }

    /// The embedding models of the catalog.
    public static var embeddingModels: [ModelMetadata] {
        all.filter { $0.capabilities.embedding != nil }
    }

    /// The chat models of the catalog (text out, priced per token).
    public static var chatModels: [ModelMetadata] {
        all.filter { $0.capabilities.outputTypes == [.text] && $0.pricing != nil }
    }

    /// The profile of `name` (case-insensitive), under any of its spellings: see
    /// ``profile(for:provider:)``.
    public static func metadata(named name: String) -> ModelMetadata? {
        profile(for: name)
    }

    /// The profile of model id `id` among `provider`'s (all providers' when nil): the entry of that
    /// name, else the same model under another spelling — a dated snapshot
    /// (`claude-haiku-4-5-20251001` finds `claude-haiku-4-5`; `gpt-4.1-mini-2025-04-14` finds
    /// `gpt-4.1-mini`), a version suffix (`-v1:0`), a Bedrock inference profile
    /// (`us.`, `eu.`, `global.`, …) or ARN. A profile found under another spelling carries `id` as
    /// its name, so that is the id sent. Nil when no profile describes the model.
    public static func profile(for id: String, provider: LLMProvider? = nil) -> ModelMetadata? {
        guard let provider else { return ProviderRegistry.profile(for: id) }
        for descriptor in ProviderRegistry.all where descriptor.provider == provider {
            if let found = ProviderRegistry.profile(for: id, in: descriptor) { return found }
        }
        return nil
    }

    /// The metadata of model id `id` on an API: its profile when the catalog has one, else the
    /// API's defaults for any id — no client-side limits, no prices (a response's cost is then
    /// unknown, nil, rather than 0). The API is `style`'s when given (the connector's endpoint
    /// style: `groq`, `anthropic`), else `provider`'s, else the profile's, else OpenAI-compatible.
    public static func metadata(for id: String, provider: LLMProvider? = nil, style: EndpointStyle? = nil)
        -> ModelMetadata
    {
        let descriptor =
            style.flatMap(ProviderRegistry.descriptor(for:)) ?? provider.flatMap(ProviderRegistry.descriptor(for:))
        if let descriptor {
            return ProviderRegistry.profile(for: id, in: descriptor) ?? descriptor.general(id)
        }
        return profile(for: id) ?? openAICompatible(id, contextWindow: .max, maxOutputTokens: .max)
    }

    /// The metadata of embedding model id `id` on `style`'s API: its profile, else the API's
    /// defaults (dimensions 0: whatever the service returns), else an OpenAI-compatible server's.
    public static func embeddingMetadata(for id: String, style: EndpointStyle? = nil) -> ModelMetadata {
        let descriptor = style.flatMap(ProviderRegistry.descriptor(for:))
        if let profile = ProviderRegistry.profile(for: id, in: descriptor), profile.capabilities.embedding != nil {
            return profile
        }
        return descriptor?.generalEmbedding?(id) ?? openAICompatibleEmbedding(id, dimensions: 0)
    }

    /// Metadata for an embedding model on an OpenAI-compatible server (llama.cpp, vLLM, Ollama):
    /// `dimensions` fixed (0: whatever the server returns), 2,048 inputs per request, no prices.
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

    /// Metadata for a model on an OpenAI-compatible server (vLLM, Ollama, ...): text and image
    /// input, tools, every parameter of the chat-completions API (`top_k` included), a 128k
    /// window unless told otherwise, no prices.
    public static func openAICompatible(
        _ name: String, contextWindow: Int = 131_072, maxOutputTokens: Int = 32_768,
        provider: LLMProvider = .openAICompatible
    ) -> ModelMetadata {
        ModelMetadata(
            name: name, provider: provider, family: LLMFactory.openAICompatibleFamily,
            capabilities: ModelCapabilities(inputTypes: [.text, .image], tools: true, jsonSchema: true),
            limits: ModelLimits(contextWindow: contextWindow, maxOutputTokens: maxOutputTokens),
            supportedParameters: Set(GenerationParameter.allCases).subtracting([.reasoningBudget]))
    }
}
