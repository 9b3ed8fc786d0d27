public import LLMCore

/// o4-mini, a reasoning model: `max_completion_tokens`, the `developer` role, `reasoning_effort` low/medium/high.
public final class O4MiniLLM: ReasoningBaseLLM, LLM, @unchecked Sendable {
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
