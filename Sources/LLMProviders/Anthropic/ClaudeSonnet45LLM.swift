public import LLMCore

/// Claude Sonnet 4.5 over Anthropic's Messages API: the standard Messages payload, unchanged.
public final class ClaudeSonnet45LLM: AnthropicBaseLLM, LLM, @unchecked Sendable {
}
