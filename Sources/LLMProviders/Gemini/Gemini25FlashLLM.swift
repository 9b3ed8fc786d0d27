public import LLMCore

/// `gemini-2.5-flash` — Gemini 2.5 Flash: thinking budget 1...24,576 tokens, or 0 (off).
public final class Gemini25FlashLLM: GeminiBaseLLM, LLM, @unchecked Sendable {
    /// The model's thinking setting.
    public override var thinkingBudgetRange: ClosedRange<Int> { 1...24_576 }

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
