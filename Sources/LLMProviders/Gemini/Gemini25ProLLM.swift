public import LLMCore

/// `gemini-2.5-pro` — Gemini 2.5 Pro: thinking budget 128...32,768 tokens, never off.
public final class Gemini25ProLLM: GeminiBaseLLM, LLM, @unchecked Sendable {
    /// The model's thinking setting.
    public override var thinkingBudgetRange: ClosedRange<Int> { 128...32_768 }
    /// Pro always thinks.
    public override var thinkingCanBeOff: Bool { false }
}
