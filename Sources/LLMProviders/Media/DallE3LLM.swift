public import LLMCore
public import LLMMedia

/// DALL-E 3: images only (getImage/streamImage); `getAnswer` says to use getImage().
public final class DallE3LLM: AzureBaseLLM, LLM, @unchecked Sendable {
    /// Throws `unsupportedOperation`: this model outputs images.
    public func getAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        async throws -> LLMResponse
    {
        try await complete(messages, context: context, options: options)
    }

    /// A stream that fails with `unsupportedOperation`: this model outputs images.
    public func streamAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        -> AsyncThrowingStream<LLMStreamChunk, any Error>
    {
        completeStream(messages, context: context, options: options)
    }

    /// Generates images; the request is checked against ``ImageRules/dallE3`` first.
    public func getImage(_ request: ImageGenerationRequest, context: RequestContext) async throws -> LLMImageResponse {
        try await generateImages(request, rules: .dallE3, context: context)
    }

    /// Streams the images (partial ones first where the model supports them).
    public func streamImage(_ request: ImageGenerationRequest, context: RequestContext)
        -> AsyncThrowingStream<LLMImageChunk, any Error>
    {
        streamImages(request, rules: .dallE3, context: context)
    }
}
