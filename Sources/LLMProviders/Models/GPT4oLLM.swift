public import LLMCore

/// GPT-4o: the standard chat parameters.
public final class GPT4oLLM: AzureBaseLLM, LLM, @unchecked Sendable {
    /// The standard parameters, unchanged.
    public override var transform: Transform { StandardChatTransforms.unchanged }

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
