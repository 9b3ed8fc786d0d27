public import LLMCore
public import LLMMedia

/// gpt-image-1: images only, base64 results, partial images when streamed; `getAnswer` says to use getImage().
public final class GPTImage1LLM: AzureBaseLLM, LLM, @unchecked Sendable {
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

    /// Generates images; the request is checked against ``ImageRules/gptImage1`` first.
    public func getImage(_ request: ImageGenerationRequest, context: RequestContext) async throws -> LLMImageResponse {
        try await generateImages(request, rules: .gptImage1, context: context)
    }

    /// Streams the images (partial ones first where the model supports them).
    public func streamImage(_ request: ImageGenerationRequest, context: RequestContext)
        -> AsyncThrowingStream<LLMImageChunk, any Error>
    {
        streamImages(request, rules: .gptImage1, context: context)
    }
}
