public import LLMCore

/// The GPT-5 family, reasoning models: `max_completion_tokens`, the `developer` role, `reasoning_effort` minimal/low/medium/high.
public final class GPT5LLM: ReasoningBaseLLM, LLM, @unchecked Sendable {

    /// GPT-5 also accepts `minimal`.
    public override var allowedReasoningEfforts: [ReasoningEffort] { [.minimal, .low, .medium, .high] }
}
