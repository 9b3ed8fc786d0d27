public import LLMCore

/// Claude (Sonnet 4.5, Haiku 4.5) over Bedrock's Converse API, by its Bedrock model id or an
/// inference profile (`us.`, `eu.`, `global.`): Claude's option rules (``ClaudeRules``), tool
/// results with their status, forced tool choice, cache points, and `thinking` and `top_k` as
/// additional model request fields (the names of Anthropic's own API, which Bedrock passes on).
public final class BedrockClaudeLLM: BedrockBaseLLM, LLM, @unchecked Sendable {
    /// Claude takes a tool result's status.
    public override var takesToolResultStatus: Bool { true }
    /// Claude can be made to call a tool.
    public override var takesForcedToolChoice: Bool { true }
    /// Claude caches prompts at cache points.
    public override var takesCachePoints: Bool { true }

    /// Converse's rules, then Claude's (thinking budget below `maxTokens`, no sampling while it thinks).
    public override func validateModelOptions(_ options: GenerationOptions) throws(LLMError) {
        try super.validateModelOptions(options)
        let maxTokens = options.maxTokens ?? min(metadata.limits.maxOutputTokens, 4_096)
        try ClaudeRules.check(options, model: metadata.name, maxTokens: maxTokens)
    }

    /// `thinking` (`{"type": "enabled", "budget_tokens": N}`) for a reasoning budget or effort,
    /// `top_k` for `topK`.
    public override func modelRequestFields(_ options: GenerationOptions) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        if let budget = ClaudeRules.thinkingBudget(options) {
            fields["thinking"] = ["type": "enabled", "budget_tokens": .int(budget)]
        }
        if let topK = options.topK { fields["top_k"] = .int(topK) }
        return fields
    }
}
