public import LLMCore

/// Helpers for models that output media only (images, speech, video): `getAnswer` and
/// `streamAnswer` run the text checks, which refuse with the model's "outputs …; use …()" hint.
open class MediaModelBaseLLM: AzureBaseLLM, @unchecked Sendable {
    /// Throws `unsupportedOperation` with the hint naming what the model outputs.
    public func getAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        async throws -> LLMResponse
    {
        try await complete(messages, context: context, options: options)
    }

    /// A stream that fails with `unsupportedOperation` and the hint naming what the model outputs.
    public func streamAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        -> AsyncThrowingStream<LLMStreamChunk, any Error>
    {
        completeStream(messages, context: context, options: options)
    }
}
