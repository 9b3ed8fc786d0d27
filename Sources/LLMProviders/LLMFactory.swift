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

    private static let registry = NIOLockedValueBox<[String: Builder]>(builtIns)

    private static let builtIns: [String: Builder] = [
        "gpt-4.1-mini": { GPT41MiniLLM(metadata: $0, connector: $1) },
        "gpt-4.1": { GPT41LLM(metadata: $0, connector: $1) },
        "gpt-4.1-nano": { GPT41NanoLLM(metadata: $0, connector: $1) },
        "gpt-4o": { GPT4oLLM(metadata: $0, connector: $1) },
        "gpt-4o-mini": { GPT4oMiniLLM(metadata: $0, connector: $1) },
        "o3-mini": { O3MiniLLM(metadata: $0, connector: $1) },
        "o4-mini": { O4MiniLLM(metadata: $0, connector: $1) },
        "o3": { O3LLM(metadata: $0, connector: $1) },
        "gpt-5": { GPT5LLM(metadata: $0, connector: $1) },
        openAICompatibleFamily: { OpenAICompatibleChatLLM(metadata: $0, connector: $1) },
        "dall-e-3": { DallE3LLM(metadata: $0, connector: $1) },
        "gpt-image-1": { GPTImage1LLM(metadata: $0, connector: $1) },
        "tts": { SpeechLLM(metadata: $0, connector: $1) },
        "transcription": { TranscriptionLLM(metadata: $0, connector: $1) },
        "sora": { SoraLLM(metadata: $0, connector: $1) },
        "claude-opus-4-5": { ClaudeOpus45LLM(metadata: $0, connector: $1) },
        "claude-opus-4-1": { ClaudeOpus41LLM(metadata: $0, connector: $1) },
        "claude-sonnet-4-5": { ClaudeSonnet45LLM(metadata: $0, connector: $1) },
        "claude-haiku-4-5": { ClaudeHaiku45LLM(metadata: $0, connector: $1) },
        "gemini-2.5-pro": { Gemini25ProLLM(metadata: $0, connector: $1) },
        "gemini-2.5-flash": { Gemini25FlashLLM(metadata: $0, connector: $1) },
        "gemini-2.5-flash-lite": { Gemini25FlashLiteLLM(metadata: $0, connector: $1) },
        "gemini-3-pro-preview": { Gemini3ProPreviewLLM(metadata: $0, connector: $1) },
        "gemini-3-flash-preview": { Gemini3FlashPreviewLLM(metadata: $0, connector: $1) },
    ]

    /// Registers (or replaces) the builder for a family, for user-defined model classes.
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

    public static func register(family: String, builder: @escaping Builder) {
        registry.withLockedValue { $0[family] = builder }
    }

    /// The families the factory can build, sorted.
    public static var knownFamilies: [String] {
        registry.withLockedValue { $0.keys.sorted() }
    }

    /// Makes the model class of `metadata.family` over `connector` (which the caller owns and shuts down).
    /// - Throws: ``LLMError`` (`invalidConfiguration`) for an unknown family, listing the known ones,
    ///   or when the connector's endpoints do not speak the model's API.
    public static func make(metadata: ModelMetadata, connector: Connector) throws(LLMError) -> any LLM {
        let model = try checkedBuilder(metadata.family)(metadata, connector)
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

    private static func checkedBuilder(_ family: String) throws(LLMError) -> Builder {
        guard let builder = registry.withLockedValue({ $0[family] }) else {
            throw LLMError(
                code: .invalidConfiguration,
                message: "unknown model family '\(family)'; known families: \(knownFamilies.joined(separator: ", "))",
                hint: "use a known family, or LLMFactory.register(family:builder:) for your own model class",
                parameter: "metadata.family")
        }
        return builder
    }
}
