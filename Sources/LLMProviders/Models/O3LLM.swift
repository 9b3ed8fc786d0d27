public import LLMCore

/// o3, a reasoning model: `max_completion_tokens`, the `developer` role, `reasoning_effort` low/medium/high.
public final class O3LLM: ReasoningBaseLLM, LLM, @unchecked Sendable {}
