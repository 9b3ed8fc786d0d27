public import LLMCore

/// `gemini-3-flash-preview` — Gemini 3 Flash (preview): thinking levels minimal, low, medium and high (`reasoningEffort`); thought signatures kept as for Gemini 3 Pro.
public final class Gemini3FlashPreviewLLM: GeminiBaseLLM, LLM, @unchecked Sendable {
    /// The model's thinking setting.
    public override var thinkingLevels: [ReasoningEffort] { [.minimal, .low, .medium, .high] }
}
