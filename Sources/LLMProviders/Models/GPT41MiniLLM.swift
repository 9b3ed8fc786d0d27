public import LLMCore

/// GPT-4.1-mini (seed 004): `max_tokens` is sent as `max_completion_tokens` and `temperature` is removed.
public final class GPT41MiniLLM: AzureBaseLLM, LLM, @unchecked Sendable {
    /// `max_tokens` becomes `max_completion_tokens`; `temperature` is removed (seed 004).
    public override var transform: Transform { StandardChatTransforms.gpt41Mini }

    /// Sends the conversation and returns the complete answer.
    public func getAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        async throws -> LLMResponse
    {
        try await complete(messages, context: context, options: options)
    }

    /// Streams the answer as it is generated.
    public func streamAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        -> AsyncThrowingStream<LLMStreamChunk, any Error>
    {
        completeStream(messages, context: context, options: options)
    }
}
