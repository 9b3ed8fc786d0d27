public import LLMCore

/// Claude Haiku 4.5 over Anthropic's Messages API: the standard Messages payload, unchanged.
public final class ClaudeHaiku45LLM: AnthropicBaseLLM, LLM, @unchecked Sendable {
}
