public import Connectors
public import LLMCore

/// Helpers for Azure OpenAI models: everything of ``OpenAIBaseLLM`` (Azure speaks the same wire
/// format, and its quirks — empty-choice chunks, filter-only chunks, `content_filter` finishes,
/// prompt filter results — are parsed there) plus Azure's limit of 10 images per request when any
/// endpoint is Azure.
///
/// The per-model classes derive from it and work on every endpoint style: the connector's
/// endpoints decide URLs and auth (Azure classic, Azure v1, OpenAI).
open class AzureBaseLLM: OpenAIBaseLLM, @unchecked Sendable {
    /// Azure OpenAI's limit on images in one chat request.
    public static let azureMaxImagesPerRequest = 10

    /// Creates the helper base; the image limit is applied when an endpoint is Azure.
    public override init(
        metadata: ModelMetadata, connector: Connector, defaultOptions: GenerationOptions = GenerationOptions(),
        api: OpenAIWireAPI = .chatCompletions
    ) {
        var metadata = metadata
        if connector.endpoints.contains(where: { $0.style == .azure || $0.style == .azureV1 }) {
            let limit = metadata.limits.maxImagesPerRequest ?? Self.azureMaxImagesPerRequest
            metadata.limits.maxImagesPerRequest = min(limit, Self.azureMaxImagesPerRequest)
        }
        super.init(metadata: metadata, connector: connector, defaultOptions: defaultOptions, api: api)
    }
}
