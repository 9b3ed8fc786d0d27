public import LLMCore

/// GPT-4.1-mini (seed 004): `max_tokens` is sent as `max_completion_tokens` and `temperature` is removed.
public final class GPT41MiniLLM: AzureBaseLLM, LLM, @unchecked Sendable {
    /// `max_tokens` becomes `max_completion_tokens`; `temperature` is removed (seed 004).
    public override var transform: Transform { StandardChatTransforms.gpt41Mini }
}
