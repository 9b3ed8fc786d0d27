public import Connectors
public import LLMCore
import NIOConcurrencyHelpers

/// Builds the right model class for a ``LLMCore/ModelMetadata`` from its `family`.
///
/// ```swift
/// let connector = try Connector(configuration: configuration)
/// let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!, connector: connector)
/// ```
public enum LLMFactory {
    /// Makes a model of one family over a connector.
    public typealias Builder = @Sendable (ModelMetadata, Connector) -> any LLM

    /// The family of ``OpenAICompatibleChatLLM``.
    public static let openAICompatibleFamily = "openai-compatible"

    /// A builder that also takes the OpenAI API to speak (ignored by other families' builders,
    /// which the factory only calls with chat completions).
    typealias APIBuilder = @Sendable (ModelMetadata, Connector, OpenAIWireAPI) -> any LLM

    private struct Registry {
        var builders: [String: APIBuilder]
        /// The families whose builders honour the API (the OpenAI chat models).
        var speaksResponses: Set<String>
    }

    private static let registry = NIOLockedValueBox(
        Registry(
            builders: builtIns.merging(openAIBuiltIns) { _, openAI in openAI },
            speaksResponses: Set(openAIBuiltIns.keys)))

    /// The families of the OpenAI chat models, which speak chat completions or the Responses API.
    private static let openAIBuiltIns: [String: APIBuilder] = [
        "gpt-4.1-mini": { GPT41MiniLLM(metadata: $0, connector: $1, api: $2) },
        "gpt-4.1": { GPT41LLM(metadata: $0, connector: $1, api: $2) },
        "gpt-4.1-nano": { GPT41NanoLLM(metadata: $0, connector: $1, api: $2) },
        "gpt-4o": { GPT4oLLM(metadata: $0, connector: $1, api: $2) },
        "gpt-4o-mini": { GPT4oMiniLLM(metadata: $0, connector: $1, api: $2) },
        "o3-mini": { O3MiniLLM(metadata: $0, connector: $1, api: $2) },
        "o4-mini": { O4MiniLLM(metadata: $0, connector: $1, api: $2) },
        "o3": { O3LLM(metadata: $0, connector: $1, api: $2) },
        "gpt-5": { GPT5LLM(metadata: $0, connector: $1, api: $2) },
        openAICompatibleFamily: { OpenAICompatibleChatLLM(metadata: $0, connector: $1, api: $2) },
    ]

    private static let builtIns: [String: APIBuilder] = [
        "dall-e-3": { metadata, connector, _ in DallE3LLM(metadata: metadata, connector: connector) },
        "gpt-image-1": { metadata, connector, _ in GPTImage1LLM(metadata: metadata, connector: connector) },
        "tts": { metadata, connector, _ in SpeechLLM(metadata: metadata, connector: connector) },
        "transcription": { metadata, connector, _ in TranscriptionLLM(metadata: metadata, connector: connector) },
        "sora": { metadata, connector, _ in SoraLLM(metadata: metadata, connector: connector) },
        "claude-opus-4-5": { metadata, connector, _ in ClaudeOpus45LLM(metadata: metadata, connector: connector) },
        "claude-opus-4-1": { metadata, connector, _ in ClaudeOpus41LLM(metadata: metadata, connector: connector) },
        "claude-sonnet-4-5": { metadata, connector, _ in ClaudeSonnet45LLM(metadata: metadata, connector: connector) },
        "claude-haiku-4-5": { metadata, connector, _ in ClaudeHaiku45LLM(metadata: metadata, connector: connector) },
        "gemini-2.5-pro": { metadata, connector, _ in Gemini25ProLLM(metadata: metadata, connector: connector) },
        "gemini-2.5-flash": { metadata, connector, _ in Gemini25FlashLLM(metadata: metadata, connector: connector) },
        "gemini-2.5-flash-lite": { metadata, connector, _ in
            Gemini25FlashLiteLLM(metadata: metadata, connector: connector)
        },
        "gemini-3-pro-preview": { metadata, connector, _ in
            Gemini3ProPreviewLLM(metadata: metadata, connector: connector)
        },
        "gemini-3-flash-preview": { metadata, connector, _ in
            Gemini3FlashPreviewLLM(metadata: metadata, connector: connector)
        },
        "bedrock-claude": { metadata, connector, _ in BedrockClaudeLLM(metadata: metadata, connector: connector) },
        "bedrock-llama": { metadata, connector, _ in BedrockLlamaLLM(metadata: metadata, connector: connector) },
        "bedrock-mistral": { metadata, connector, _ in BedrockMistralLLM(metadata: metadata, connector: connector) },
        "bedrock-nova": { metadata, connector, _ in BedrockNovaLLM(metadata: metadata, connector: connector) },
    ]

    /// Builds an embedding model from its metadata and a connector.
    public typealias EmbeddingBuilder = @Sendable (ModelMetadata, Connector) -> any EmbeddingModel

    /// The family of embedding models on OpenAI-compatible servers.
    public static let openAICompatibleEmbeddingFamily = "openai-compatible-embedding"

    private static let embeddingRegistry = NIOLockedValueBox<[String: EmbeddingBuilder]>([
        "text-embedding": { OpenAIEmbeddingLLM(metadata: $0, connector: $1) },
        openAICompatibleEmbeddingFamily: { OpenAIEmbeddingLLM(metadata: $0, connector: $1) },
        "gemini-embedding": { GeminiEmbeddingLLM(metadata: $0, connector: $1) },
    ])

    /// Registers (or replaces) the builder of an embedding family.
    public static func register(embeddingFamily family: String, builder: @escaping EmbeddingBuilder) {
        embeddingRegistry.withLockedValue { $0[family] = builder }
    }

    /// Builds the embedding model `metadata.family` names over `connector`.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) for an unknown embedding family, or a
    ///   connector whose endpoints do not speak the model's API.
    public static func makeEmbedding(metadata: ModelMetadata, connector: Connector) throws(LLMError)
        -> any EmbeddingModel
    {
        guard let builder = embeddingRegistry.withLockedValue({ $0[metadata.family] }) else {
            let known = embeddingRegistry.withLockedValue { $0.keys.sorted() }
            throw LLMError(
                code: .invalidConfiguration,
                message: "unknown embedding family '\(metadata.family)'; known: \(known.joined(separator: ", "))",
                hint: "use an embedding model of the catalog, or LLMFactory.register(embeddingFamily:builder:)",
                parameter: "metadata.family")
        }
        let model = builder(metadata, connector)
        try (model as? RemoteBaseLLM)?.checkEndpoints()
        return model
    }

    /// Registers (or replaces) the builder of a family, for your own model classes; such a family
    /// speaks only chat completions through ``make(metadata:connector:api:)``.
    public static func register(family: String, builder: @escaping Builder) {
        registry.withLockedValue {
            $0.builders[family] = { metadata, connector, _ in builder(metadata, connector) }
            $0.speaksResponses.remove(family)
        }
    }

    /// The families the factory can build, sorted.
    public static var knownFamilies: [String] {
        registry.withLockedValue { $0.builders.keys.sorted() }
    }

    /// Makes the model class of `metadata.family` over `connector` (which the caller owns and shuts
    /// down); `api` picks chat completions or the Responses API for the OpenAI chat models.
    /// - Throws: ``LLMError`` (`invalidConfiguration`) for an unknown family, listing the known ones,
    ///   the Responses API for a model that is not an OpenAI chat model, or a connector whose
    ///   endpoints do not speak the model's API.
    public static func make(metadata: ModelMetadata, connector: Connector, api: OpenAIWireAPI = .chatCompletions)
        throws(LLMError) -> any LLM
    {
        let builder = try checkedBuilder(metadata.family)
        if api.kind == .responses, !registry.withLockedValue({ $0.speaksResponses.contains(metadata.family) }) {
            throw LLMError(
                code: .invalidConfiguration,
                message:
                    "\(metadata.name) (\(metadata.provider)) is not an OpenAI chat model, so it has no Responses API",
                hint: "use api: .chatCompletions (the default) for this model", parameter: "api")
        }
        let model = builder(metadata, connector, api)
        try (model as? RemoteBaseLLM)?.checkEndpoints()
        return model
    }

    /// Makes the model over a new connector for `configuration`; the caller shuts the connector down.
    public static func make(metadata: ModelMetadata, configuration: ConnectorConfiguration) throws(LLMError) -> (
        model: any LLM, connector: Connector
    ) {
        _ = try checkedBuilder(metadata.family)
        let connector = try Connector(configuration: configuration)
        return (try make(metadata: metadata, connector: connector), connector)
    }

    /// Makes the model over a connector configured from the environment variables of the model's
    /// provider (see ``Connectors/ConnectorConfiguration/fromEnvironment(_:deployment:provider:)``;
    /// the deployment defaults to the model's); the caller shuts the connector down.
    public static func make(metadata: ModelMetadata) throws(LLMError) -> (model: any LLM, connector: Connector) {
        try make(
            metadata: metadata,
            configuration: .fromEnvironment(deployment: metadata.deploymentName, provider: metadata.provider))
    }

    private static func checkedBuilder(_ family: String) throws(LLMError) -> APIBuilder {
        guard let builder = registry.withLockedValue({ $0.builders[family] }) else {
            throw LLMError(
                code: .invalidConfiguration,
                message: "unknown model family '\(family)'; known families: \(knownFamilies.joined(separator: ", "))",
                hint: "use a known family, or LLMFactory.register(family:builder:) for your own model class",
                parameter: "metadata.family")
        }
        return builder
    }
}
