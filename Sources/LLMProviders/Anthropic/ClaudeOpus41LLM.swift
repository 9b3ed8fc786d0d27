public import LLMCore

/// Claude Opus 4.1 over Anthropic's Messages API: the standard Messages payload, unchanged.
public final class ClaudeOpus41LLM: AnthropicBaseLLM, LLM, @unchecked Sendable {
}
