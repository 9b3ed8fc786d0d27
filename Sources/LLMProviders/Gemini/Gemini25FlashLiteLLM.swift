public import LLMCore

/// `gemini-2.5-flash-lite` — Gemini 2.5 Flash-Lite: thinking budget 512...24,576 tokens, or 0 (off, its default).
public final class Gemini25FlashLiteLLM: GeminiBaseLLM, LLM, @unchecked Sendable {
    /// The model's thinking setting.
    public override var thinkingBudgetRange: ClosedRange<Int> { 512...24_576 }

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
