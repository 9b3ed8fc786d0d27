public import LLMCore

/// The parameter transforms model classes share; each class names the one it uses.
public enum StandardChatTransforms {
    /// GPT-4.1-mini (seed 004): `max_tokens` becomes `max_completion_tokens`, `temperature` is removed.
    @Sendable public static func gpt41Mini(_ body: inout ChatBody) {
        body.rename("max_tokens", to: "max_completion_tokens")
        body.remove("temperature")
    }

    /// GPT-4.1, GPT-4.1-nano, GPT-4o, GPT-4o-mini: the standard parameters unchanged.
    @Sendable public static func unchanged(_ body: inout ChatBody) {}

    /// Reasoning models (o3-mini, o4-mini, o3, GPT-5): `max_completion_tokens` (it bounds reasoning
    /// plus visible output) and the `developer` role instead of `system`. Sampling parameters they
    /// do not accept are removed earlier by ``RemoteBaseLLM/acceptedOptions(_:context:)``.
    @Sendable public static func reasoning(_ body: inout ChatBody) {
        body.rename("max_tokens", to: "max_completion_tokens")
        body.renameRole("system", to: "developer")
    }

    /// Checks `reasoningEffort` against the levels a reasoning model accepts.
    public static func checkReasoningEffort(
        _ options: GenerationOptions, allowed: [ReasoningEffort], model: String
    ) throws(LLMError) {
        guard let effort = options.reasoningEffort, !allowed.contains(effort) else { return }
        throw LLMError.invalid(
            "reasoningEffort", "reasoningEffort '\(effort.rawValue)' is not accepted by \(model)",
            hint: "use one of \(allowed.map(\.rawValue).joined(separator: ", "))")
    }
}
