public import LLMCore
public import LLMMedia

/// Helpers for image models: `getImage`/`streamImage` checked against ``rules``.
open class ImageModelBaseLLM: MediaModelBaseLLM, @unchecked Sendable {
    /// What the model accepts.
    open var rules: ImageRules { .dallE3 }

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
