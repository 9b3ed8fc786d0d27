public import LLMCore

/// GPT-4o-mini: the standard chat parameters.
public final class GPT4oMiniLLM: AzureBaseLLM, LLM, @unchecked Sendable {
    /// The standard parameters, unchanged.
    public override var transform: Transform { StandardChatTransforms.unchanged }
}
