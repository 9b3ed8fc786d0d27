public import LLMCore

/// The GPT-5 family, reasoning models: `max_completion_tokens`, the `developer` role, `reasoning_effort` minimal/low/medium/high.
public final class GPT5LLM: AzureBaseLLM, LLM, @unchecked Sendable {
    /// `max_completion_tokens` and the `developer` role.
    public override var transform: Transform { StandardChatTransforms.reasoning }

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

    /// Rejects a `reasoningEffort` level this model does not accept.
    public override func validateModelOptions(_ options: GenerationOptions) throws(LLMError) {
        try StandardChatTransforms.checkReasoningEffort(
            options, allowed: [.minimal, .low, .medium, .high], model: metadata.name)
    }
}
