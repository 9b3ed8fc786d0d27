public import LLMCore

/// o4-mini, a reasoning model: `max_completion_tokens`, the `developer` role, `reasoning_effort` low/medium/high.
public final class O4MiniLLM: ReasoningBaseLLM, LLM, @unchecked Sendable {}
