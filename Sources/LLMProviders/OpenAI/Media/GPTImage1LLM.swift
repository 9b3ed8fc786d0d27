public import LLMCore
public import LLMMedia

/// gpt-image-1: images only (base64), partial images when streamed, checked against ``ImageRules/gptImage1``.
/// Like every media model, its inherited `getAnswer` and `streamAnswer` refuse before any
/// network call with the model's "outputs images; use getImage()" hint.
public final class GPTImage1LLM: AzureBaseLLM, ImageGenerating, @unchecked Sendable {
    /// What the model accepts: ``ImageRules/gptImage1``.
    public var rules: ImageRules { .gptImage1 }

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
