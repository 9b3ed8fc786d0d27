public import LLMCore

/// Meta Llama (3.3 70B, Llama 4 Maverick and Scout) over Bedrock's Converse API: the standard
/// Converse body; the model chooses tools itself (no forced choice), tool results carry no status.
public final class BedrockLlamaLLM: BedrockBaseLLM, LLM, @unchecked Sendable {
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
