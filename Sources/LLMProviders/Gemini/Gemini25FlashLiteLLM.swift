public import LLMCore

/// `gemini-2.5-flash-lite` — Gemini 2.5 Flash-Lite: thinking budget 512...24,576 tokens, or 0 (off, its default).
public final class Gemini25FlashLiteLLM: GeminiBaseLLM, LLM, @unchecked Sendable {
    /// The model's thinking setting.
    public override var thinkingBudgetRange: ClosedRange<Int> { 512...24_576 }
}
