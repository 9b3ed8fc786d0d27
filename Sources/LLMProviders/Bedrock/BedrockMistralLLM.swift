public import LLMCore

/// Mistral Large over Bedrock's Converse API: the standard Converse body with forced tool choice;
/// tool results carry no status.
public final class BedrockMistralLLM: BedrockBaseLLM, LLM, @unchecked Sendable {
    /// Mistral Large can be made to call a tool.
    public override var takesForcedToolChoice: Bool { true }

    /// Answers through the Converse lifecycle.
    public func getAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        async throws -> LLMResponse
    {
        try await complete(messages, context: context, options: options)
    }

    /// Streams through the ConverseStream lifecycle.
    public func streamAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        -> AsyncThrowingStream<LLMStreamChunk, any Error>
    {
        completeStream(messages, context: context, options: options)
    }
}
