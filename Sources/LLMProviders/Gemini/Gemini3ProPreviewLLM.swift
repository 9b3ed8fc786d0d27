public import LLMCore

/// `gemini-3-pro-preview` — Gemini 3 Pro (preview): thinking levels low and high (`reasoningEffort`); it rejects a turn whose thought signatures were dropped, which the library keeps.
public final class Gemini3ProPreviewLLM: GeminiBaseLLM, LLM, @unchecked Sendable {
    /// The model's thinking setting.
    public override var thinkingLevels: [ReasoningEffort] { [.low, .high] }
    /// Pro always thinks.
    public override var thinkingCanBeOff: Bool { false }
    /// A budget (the older setting) within 128...32,768.
    public override var thinkingBudgetRange: ClosedRange<Int> { 128...32_768 }
}
