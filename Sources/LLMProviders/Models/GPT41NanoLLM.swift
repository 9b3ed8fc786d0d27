public import LLMCore

/// GPT-4.1-nano: the standard chat parameters.
public final class GPT41NanoLLM: AzureBaseLLM, LLM, @unchecked Sendable {
    /// The standard parameters, unchanged.
    public override var transform: Transform { StandardChatTransforms.unchanged }
}
