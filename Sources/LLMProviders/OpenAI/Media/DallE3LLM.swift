public import LLMCore
public import LLMMedia

/// DALL-E 3: images only, checked against ``ImageRules/dallE3``.
/// Like every media model, its inherited `getAnswer` and `streamAnswer` refuse before any
/// network call with the model's "outputs images; use getImage()" hint.
public final class DallE3LLM: AzureBaseLLM, ImageGenerating, @unchecked Sendable {
    /// What the model accepts: ``ImageRules/dallE3``.
    public var rules: ImageRules { .dallE3 }

    /// Generates images; the request is checked against ``rules`` first.
    public override func getImage(_ request: ImageGenerationRequest, context: RequestContext) async throws
        -> LLMImageResponse
    {
        try await generateImages(request, rules: rules, context: context)
    }

    /// Streams the images (partial ones first where the model supports them).
    public override func streamImage(_ request: ImageGenerationRequest, context: RequestContext)
        -> AsyncThrowingStream<LLMImageChunk, any Error>
    {
        streamImages(request, rules: rules, context: context)
    }
}
