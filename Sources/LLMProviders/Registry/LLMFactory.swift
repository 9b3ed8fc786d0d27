public import Connectors
public import LLMCore
import NIOConcurrencyHelpers

/// Builds the right model class for a ``LLMCore/ModelMetadata`` — or for any model id — over a
/// connector.
///
/// ```swift
/// let model = try LLMFactory.make(model: "claude-opus-4-6", connector: connector)  // any id
/// let mini = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!, connector: connector)
/// ```
///
/// The class comes from the metadata's `family` (each provider's descriptor registers its
/// families; ``register(family:builder:)`` adds yours); a family nobody registered gets the general
/// model of the metadata's provider (``OpenAILLM``, ``ClaudeLLM``, ``GeminiLLM``, ``BedrockLLM``).
public enum LLMFactory {
    /// Makes a model of one family over a connector.
    public typealias Builder = @Sendable (ModelMetadata, Connector) -> any LLM

    /// The family of models on OpenAI-compatible servers (``OpenAILLM``).
    public static let openAICompatibleFamily = "openai-compatible"

    /// A builder that also takes the OpenAI API to speak (ignored by other families' builders,
    /// which the factory only calls with chat completions).
    typealias APIBuilder = @Sendable (ModelMetadata, Connector, OpenAIWireAPI) -> any LLM

    /// The families registered in code, over the providers' own.
    private static let registered = NIOLockedValueBox<[String: APIBuilder]>([:])

    /// Builds an embedding model from its metadata and a connector.
    public typealias EmbeddingBuilder = @Sendable (ModelMetadata, Connector) -> any EmbeddingModel

    /// The family of embedding models on OpenAI-compatible servers.
    public static let openAICompatibleEmbeddingFamily = "openai-compatible-embedding"

    private static let registeredEmbeddings = NIOLockedValueBox<[String: EmbeddingBuilder]>([:])

    /// Registers (or replaces) the builder of an embedding family.
    public static func register(embeddingFamily family: String, builder: @escaping EmbeddingBuilder) {
        registeredEmbeddings.withLockedValue { $0[family] = builder }
    }

    /// Builds the embedding model `metadata.family` names over `connector`.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) for an unknown embedding family, or a
    ///   connector whose endpoints do not speak the model's API.
    public static func makeEmbedding(metadata: ModelMetadata, connector: Connector) throws(LLMError)
        -> any EmbeddingModel
    {
        guard
            let builder = registeredEmbeddings.withLockedValue({ $0[metadata.family] })
                ?? ProviderRegistry.embeddingBuilder(family: metadata.family)
        else {
            let known = Set(ProviderRegistry.all.flatMap(\.embeddingBuilders.keys))
                .union(registeredEmbeddings.withLockedValue { Set($0.keys) }).sorted()
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
        registered.withLockedValue { $0[family] = { metadata, connector, _ in builder(metadata, connector) } }
    }

    /// The families the factory can build, sorted.
    public static var knownFamilies: [String] {
        Set(ProviderRegistry.all.flatMap(\.builders.keys)).union(registered.withLockedValue { Set($0.keys) })
            .sorted()
    }

    /// Makes the model `model` — any id — over `connector` (which the caller owns and shuts down):
    /// its catalog profile when it has one (dated snapshots, inference profiles and ARNs included),
    /// else the API's defaults. The API is `provider`'s when given, else the connector's endpoint
    /// style's (`anthropic`, `groq`, `bedrock`).
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) as ``make(metadata:connector:api:)``.
    public static func make(
        model: String, provider: LLMProvider? = nil, connector: Connector, api: OpenAIWireAPI = .chatCompletions
    ) throws(LLMError) -> any LLM {
        let metadata = ModelCatalog.metadata(
            for: model, provider: provider, style: provider == nil ? connector.endpoints.first?.style : nil)
        return try make(metadata: metadata, connector: connector, api: api)
    }

    /// Makes the model class of `metadata.family` over `connector` (which the caller owns and shuts
    /// down); `api` picks chat completions or the Responses API for the OpenAI chat models.
    /// - Throws: ``LLMError`` (`invalidConfiguration`) for a family no one registered on a provider
    ///   with no general model, the Responses API for a model that is not an OpenAI chat model, or
    ///   a connector whose endpoints do not speak the model's API.
    public static func make(metadata: ModelMetadata, connector: Connector, api: OpenAIWireAPI = .chatCompletions)
        throws(LLMError) -> any LLM
    {
        let (builder, speaksResponses) = try checkedBuilder(metadata)
        if api.kind == .responses, !speaksResponses {
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
        _ = try checkedBuilder(metadata)
        let connector = try Connector(configuration: configuration)
        do {
            return (try make(metadata: metadata, connector: connector), connector)
        } catch {
            // The connector's client must be shut down, and this function cannot wait for it.
            Task { try? await connector.shutdown() }
            throw error
        }
    }

    /// Makes the model over a connector configured from the environment variables of the model's
    /// provider (see ``Connectors/ConnectorConfiguration/fromEnvironment(_:deployment:provider:)``;
    /// the deployment defaults to the model's); the caller shuts the connector down.
    public static func make(metadata: ModelMetadata) throws(LLMError) -> (model: any LLM, connector: Connector) {
        try make(
            metadata: metadata,
            configuration: .fromEnvironment(deployment: metadata.deploymentName, provider: metadata.provider))
    }

    /// The builder of `metadata.family` (a registered one first, then the providers'), else the
    /// general model's of its provider; and whether it speaks the Responses API.
    private static func checkedBuilder(_ metadata: ModelMetadata) throws(LLMError) -> (APIBuilder, Bool) {
        if let builder = registered.withLockedValue({ $0[metadata.family] }) { return (builder, false) }
        if let found = ProviderRegistry.builder(family: metadata.family) { return (found.build, found.responses) }
        if let descriptor = ProviderRegistry.descriptor(for: metadata.provider),
            let found = ProviderRegistry.builder(family: descriptor.general(metadata.name).family)
        {
            return (found.build, found.responses)
        }
        throw LLMError(
            code: .invalidConfiguration,
            message:
                "unknown model family '\(metadata.family)' of provider '\(metadata.provider)'; known families: \(knownFamilies.joined(separator: ", "))",
            hint: "use a known family or provider, or LLMFactory.register(family:builder:) for your own model class",
            parameter: "metadata.family")
    }
}
