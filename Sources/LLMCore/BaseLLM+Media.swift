public import LLMMedia

/// Seed 004's media methods on the base class: stubs that answer `unsupportedOperation` with a hint
/// naming what the model does produce ("gpt-4.1-mini outputs text; use getAnswer()"). A model that
/// generates media overrides them and declares the capability (``ImageGenerating``,
/// ``SpeechGenerating``, ``VideoGenerating``).
extension BaseLLM {
    /// Generates images for a prompt with default settings.
    public func getImage(_ prompt: String, context: RequestContext = RequestContext()) async throws
        -> LLMImageResponse
    {
        try await getImage(ImageGenerationRequest(prompt: prompt), context: context)
    }

    /// Speaks text with the default voice and format.
    public func getAudio(_ text: String, context: RequestContext = RequestContext()) async throws -> LLMAudioResponse {
        try await getAudio(SpeechRequest(input: text), context: context)
    }

    /// Generates a video for a prompt with default settings.
    public func getVideo(_ prompt: String, context: RequestContext = RequestContext()) async throws
        -> LLMVideoResponse
    {
        try await getVideo(VideoGenerationRequest(prompt: prompt), context: context)
    }
}
