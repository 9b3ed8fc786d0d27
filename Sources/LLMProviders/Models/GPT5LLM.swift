public import LLMCore

/// The GPT-5 family, reasoning models: `max_completion_tokens`, the `developer` role, `reasoning_effort` minimal/low/medium/high.
public final class GPT5LLM: ReasoningBaseLLM, LLM, @unchecked Sendable {
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

    /// GPT-5 also accepts `minimal`.
    public override var allowedReasoningEfforts: [ReasoningEffort] { [.minimal, .low, .medium, .high] }
}
