public import LLMCore

/// `gemini-2.5-flash` — Gemini 2.5 Flash: thinking budget 1...24,576 tokens, or 0 (off).
public final class Gemini25FlashLLM: GeminiBaseLLM, LLM, @unchecked Sendable {
    /// The model's thinking setting.
    public override var thinkingBudgetRange: ClosedRange<Int> { 1...24_576 }
}
