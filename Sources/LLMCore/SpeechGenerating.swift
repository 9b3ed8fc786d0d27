public import LLMMedia

/// A model that speaks text: ``LLM`` plus ``getAudio(_:context:)`` and ``streamAudio(_:context:)``.
public protocol SpeechGenerating: LLM {
    /// Speaks text.
    func getAudio(_ request: SpeechRequest, context: RequestContext) async throws -> LLMAudioResponse
    /// Speaks text, yielding the audio bytes as they arrive.
    func streamAudio(_ request: SpeechRequest, context: RequestContext) -> AsyncThrowingStream<LLMAudioChunk, any Error>
}

extension SpeechGenerating {
    /// Speaks text with the default voice and format.
    public func getAudio(_ text: String, context: RequestContext = RequestContext()) async throws -> LLMAudioResponse {
        try await getAudio(SpeechRequest(input: text), context: context)
    }
}
