public import LLMCore

/// Helpers for reasoning models (o3-mini, o4-mini, o3, the GPT-5 family): the reasoning transform
/// (`max_completion_tokens`, `developer` role) and the check of `reasoningEffort` against
/// ``allowedReasoningEfforts``. Concrete classes still declare `LLM` and its two methods.
open class ReasoningBaseLLM: AzureBaseLLM, @unchecked Sendable {
    /// `max_completion_tokens` and the `developer` role.
    open override var transform: Transform { StandardChatTransforms.reasoning }

    /// The `reasoningEffort` levels the model accepts: low, medium, high.
    open var allowedReasoningEfforts: [ReasoningEffort] { [.low, .medium, .high] }

    /// Rejects a `reasoningEffort` level the model does not accept (and what the base rejects).
    open override func validateModelOptions(_ options: GenerationOptions) throws(LLMError) {
        try super.validateModelOptions(options)
        try StandardChatTransforms.checkReasoningEffort(options, allowed: allowedReasoningEfforts, model: metadata.name)
    }
}
