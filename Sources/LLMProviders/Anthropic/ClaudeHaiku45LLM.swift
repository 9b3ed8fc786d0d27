public import LLMCore

/// Claude Haiku 4.5 over Anthropic's Messages API: the standard Messages payload, unchanged.
public final class ClaudeHaiku45LLM: AnthropicBaseLLM, LLM, @unchecked Sendable {
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
