public import LLMCore

/// `gemini-3-flash-preview` — Gemini 3 Flash (preview): thinking levels minimal, low, medium and high (`reasoningEffort`); thought signatures kept as for Gemini 3 Pro.
public final class Gemini3FlashPreviewLLM: GeminiBaseLLM, LLM, @unchecked Sendable {
    /// The model's thinking setting.
    public override var thinkingLevels: [ReasoningEffort] { [.minimal, .low, .medium, .high] }

    /// Answers through the Gemini lifecycle.
    public func getAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        async throws -> LLMResponse
    {
        try await complete(messages, context: context, options: options)
    }

    /// Streams through the Gemini lifecycle.
    public func streamAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        -> AsyncThrowingStream<LLMStreamChunk, any Error>
    {
        completeStream(messages, context: context, options: options)
    }
}
