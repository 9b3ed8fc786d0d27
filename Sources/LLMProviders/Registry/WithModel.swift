public import Connectors
public import LLMCore

/// Runs `body` with the catalog model `model` over a new connector and shuts the connector down
/// on every path, a thrown error included (``Connectors/withConnector(configuration:httpClient:logger:isolation:_:)``).
/// The connector is `configuration`, else the environment's for the model's provider (its
/// deployment defaulting to the model's name).
///
/// ```swift
/// let answer = try await withModel(.gpt41Mini) { model in
///     try await model.getAnswer("Name three prime numbers.")
/// }
/// ```
/// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) when no connector can be configured or
///   its endpoints do not speak the model's API, or what `body` throws.
public func withModel<Result>(
    _ model: CatalogModel, configuration: ConnectorConfiguration? = nil,
    isolation: isolated (any Actor)? = #isolation, _ body: (any LLM) async throws -> Result
) async throws -> Result {
    try await withModel(metadata: ModelCatalog.metadata(model), configuration: configuration, body)
}

/// Runs `body` with the model `metadata` describes over a new connector, shut down on every path.
/// - Throws: as ``withModel(_:configuration:isolation:_:)``.
public func withModel<Result>(
    metadata: ModelMetadata, configuration: ConnectorConfiguration? = nil,
    isolation: isolated (any Actor)? = #isolation, _ body: (any LLM) async throws -> Result
) async throws -> Result {
    let configuration =
        try configuration
        ?? .fromEnvironment(deployment: metadata.deploymentName, provider: metadata.provider)
    return try await withConnector(configuration: configuration) { connector in
        try await body(try LLMFactory.make(metadata: metadata, connector: connector))
    }
}
