public import LLMCore

/// Claude Opus 4.5 over Anthropic's Messages API: the standard Messages payload, unchanged.
public final class ClaudeOpus45LLM: AnthropicBaseLLM, LLM, @unchecked Sendable {
}
