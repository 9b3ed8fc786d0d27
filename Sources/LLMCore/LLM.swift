/// The contract every model implements (seed 004's `ILLM`): exactly ``metadata``,
/// ``getAnswer(_:context:options:)`` and ``streamAnswer(_:context:options:)``. Errors thrown are
/// ``LLMError``.
///
/// What a model can do beyond text is a capability protocol of its own, beside
/// ``EmbeddingModel``: ``ImageGenerating``, ``SpeechGenerating``, ``Transcribing`` and
/// ``VideoGenerating``. Ask a model for one with `as? any ImageGenerating`; ``BaseLLM``'s media
/// stubs answer a text model asked for media with `unsupportedOperation` and a hint naming what it
/// does produce ("gpt-4.1-mini outputs text; use getAnswer()").
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
}
