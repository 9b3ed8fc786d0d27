public import LLMMedia

/// The contract every model implements: text in, text (or media) out.
///
/// Only `metadata`, ``getAnswer(_:context:options:)`` and ``streamAnswer(_:context:options:)`` must
/// be written; the media methods default to throwing `unsupportedOperation` with a hint naming what
/// the model does produce. Errors thrown are ``LLMError``.
///
/// ```swift
/// let answer = try await model.getAnswer("Name three primes.")
/// for try await chunk in model.streamAnswer("Tell me a story.") {
///     print(chunk.textDelta ?? "", terminator: "")
/// }
/// ```
public protocol LLM: Sendable {
    /// What the model is and can do.
    var metadata: ModelMetadata { get }

    /// Sends the conversation and returns the complete answer.
    func getAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions) async throws
        -> LLMResponse

    /// Sends the conversation and streams the answer as it is generated. The stream ends with an
    /// ``LLMError`` if the request fails; once text has been delivered, that error is
    /// `streamInterrupted` and carries the partial text.
    func streamAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        -> AsyncThrowingStream<LLMStreamChunk, any Error>

    /// Generates images.
    func getImage(_ request: ImageGenerationRequest, context: RequestContext) async throws -> LLMImageResponse
    /// Generates images, yielding partial images where the model supports them, then the final one.
    func streamImage(_ request: ImageGenerationRequest, context: RequestContext)
        -> AsyncThrowingStream<LLMImageChunk, any Error>
    /// Speaks text.
    func getAudio(_ request: SpeechRequest, context: RequestContext) async throws -> LLMAudioResponse
    /// Speaks text, yielding the audio bytes as they arrive.
    func streamAudio(_ request: SpeechRequest, context: RequestContext) -> AsyncThrowingStream<LLMAudioChunk, any Error>
    /// Generates a video (an asynchronous job: created, polled, downloaded).
    func getVideo(_ request: VideoGenerationRequest, context: RequestContext) async throws -> LLMVideoResponse
    /// Generates a video, yielding job status updates and finally the video.
    func streamVideo(_ request: VideoGenerationRequest, context: RequestContext)
        -> AsyncThrowingStream<LLMVideoChunk, any Error>
}

extension LLM {
    /// Throws `unsupportedOperation`: this model does not generate images.
    public func getImage(_ request: ImageGenerationRequest, context: RequestContext) async throws -> LLMImageResponse {
        throw LLMError.unsupportedOutput(.image, metadata: metadata)
    }

    /// A stream that fails with `unsupportedOperation`: this model does not generate images.
    public func streamImage(_ request: ImageGenerationRequest, context: RequestContext)
        -> AsyncThrowingStream<LLMImageChunk, any Error>
    {
        AsyncThrowingStream { $0.finish(throwing: LLMError.unsupportedOutput(.image, metadata: metadata)) }
    }

    /// Throws `unsupportedOperation`: this model does not generate audio.
    public func getAudio(_ request: SpeechRequest, context: RequestContext) async throws -> LLMAudioResponse {
        throw LLMError.unsupportedOutput(.audio, metadata: metadata)
    }

    /// A stream that fails with `unsupportedOperation`: this model does not generate audio.
    public func streamAudio(_ request: SpeechRequest, context: RequestContext)
        -> AsyncThrowingStream<LLMAudioChunk, any Error>
    {
        AsyncThrowingStream { $0.finish(throwing: LLMError.unsupportedOutput(.audio, metadata: metadata)) }
    }

    /// Throws `unsupportedOperation`: this model does not generate video.
    public func getVideo(_ request: VideoGenerationRequest, context: RequestContext) async throws -> LLMVideoResponse {
        throw LLMError.unsupportedOutput(.video, metadata: metadata)
    }

    /// A stream that fails with `unsupportedOperation`: this model does not generate video.
    public func streamVideo(_ request: VideoGenerationRequest, context: RequestContext)
        -> AsyncThrowingStream<LLMVideoChunk, any Error>
    {
        AsyncThrowingStream { $0.finish(throwing: LLMError.unsupportedOutput(.video, metadata: metadata)) }
    }
}
