public import LLMCore
public import LLMMedia

/// Helpers for image models: `getImage`/`streamImage` checked against ``rules``, and `getAnswer`/
/// `streamAnswer` that refuse with the "outputs images; use getImage()" hint.
open class ImageModelBaseLLM: AzureBaseLLM, @unchecked Sendable {
    /// What the model accepts.
    open var rules: ImageRules { .dallE3 }

    /// Throws `unsupportedOperation`: image models output images.
    public func getAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        async throws -> LLMResponse
    {
        try await complete(messages, context: context, options: options)
    }

    /// A stream that fails with `unsupportedOperation`: image models output images.
    public func streamAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        -> AsyncThrowingStream<LLMStreamChunk, any Error>
    {
        completeStream(messages, context: context, options: options)
    }

    /// Generates images; the request is checked against ``rules`` first.
    public func getImage(_ request: ImageGenerationRequest, context: RequestContext) async throws -> LLMImageResponse {
        try await generateImages(request, rules: rules, context: context)
    }

    /// Streams the images (partial ones first where the model supports them).
    public func streamImage(_ request: ImageGenerationRequest, context: RequestContext)
        -> AsyncThrowingStream<LLMImageChunk, any Error>
    {
        streamImages(request, rules: rules, context: context)
    }
}
