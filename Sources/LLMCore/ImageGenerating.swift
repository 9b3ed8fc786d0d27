public import LLMMedia

/// A model that generates images: ``LLM`` plus ``getImage(_:context:)`` and
/// ``streamImage(_:context:)``. A model that cannot is not one (`model as? any ImageGenerating` is
/// nil); ``BaseLLM/getImage(_:context:)`` answers such a model with `unsupportedOperation`.
public protocol ImageGenerating: LLM {
    /// Generates images.
    func getImage(_ request: ImageGenerationRequest, context: RequestContext) async throws -> LLMImageResponse
    /// Generates images, yielding partial images where the model supports them, then the final one.
    func streamImage(_ request: ImageGenerationRequest, context: RequestContext)
        -> AsyncThrowingStream<LLMImageChunk, any Error>
}

extension ImageGenerating {
    /// Generates images for a prompt with default settings.
    public func getImage(_ prompt: String, context: RequestContext = RequestContext()) async throws
        -> LLMImageResponse
    {
        try await getImage(ImageGenerationRequest(prompt: prompt), context: context)
    }
}
