public import LLMCore

/// GPT-4o: the standard chat parameters.
public final class GPT4oLLM: AzureBaseLLM, LLM, @unchecked Sendable {
    /// The standard parameters, unchanged.
    public override var transform: Transform { StandardChatTransforms.unchanged }
}
