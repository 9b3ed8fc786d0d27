public import Connectors
public import LLMCore
public import LLMMedia

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

    /// What an image model accepts (``ImageRules``); nil for every other model, whose
    /// ``getImage(_:context:)`` refuses as any text model's does.
    open var imageRules: ImageRules? { nil }

    /// Generates images through the request lifecycle, checked against ``imageRules`` first.
    open override func getImage(_ request: ImageGenerationRequest, context: RequestContext) async throws
        -> LLMImageResponse
    {
        guard let rules = imageRules else { return try await super.getImage(request, context: context) }
        return try await generateImages(request, rules: rules, context: context)
    }

    /// Streams the images (partial ones first where the model supports them).
    open override func streamImage(_ request: ImageGenerationRequest, context: RequestContext)
        -> AsyncThrowingStream<LLMImageChunk, any Error>
    {
        guard let rules = imageRules else { return super.streamImage(request, context: context) }
        return streamImages(request, rules: rules, context: context)
    }
}
