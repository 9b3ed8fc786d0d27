import LLMCore

/// What one vendor's models take on Converse beyond the standard body, as data (the way
/// ``ChatDialect`` holds a compatible service's differences): ``BedrockLLM`` reads the rules of
/// its model's family, so any id of a vendor — a new model, an inference profile, an ARN that
/// names one — gets them without a class of its own.
struct BedrockVendorRules: Sendable {
    /// The vendor, as logs and tests name it.
    var name: String
    /// The model takes a tool result's `status`.
    var toolResultStatus = false
    /// The model can be made to call a tool (`toolChoice` `any` or `tool`).
    var forcedToolChoice = false
    /// The model caches prompts at `cachePoint` blocks.
    var cachePoints = false
    /// The vendor's own option rules, checked before anything is sent.
    var check: @Sendable (GenerationOptions, ModelMetadata) throws(LLMError) -> Void = { _, _ in }
    /// The vendor's request fields for the options (`additionalModelRequestFields`).
    var requestFields: @Sendable (GenerationOptions) -> [String: JSONValue] = { _ in [:] }

    /// The standard Converse body (Meta Llama, and any vendor without rules of its own): the model
    /// chooses tools itself, tool results carry no status.
    static let standard = BedrockVendorRules(name: "standard")

    /// Claude (Sonnet 4.5, Haiku 4.5, ...): tool results with their status, forced tool choice,
    /// cache points, Claude's option rules (``ClaudeRules``: a thinking budget below `maxTokens`,
    /// no sampling while it thinks), and `thinking` and `top_k` as request fields (the names of
    /// Anthropic's own API, which Bedrock passes on).
    static let claude = BedrockVendorRules(
        name: "claude", toolResultStatus: true, forcedToolChoice: true, cachePoints: true,
        check: { options, metadata throws(LLMError) in
            let maxTokens = options.maxTokens ?? min(metadata.limits.maxOutputTokens, 4_096)
            try ClaudeRules.check(options, model: metadata.name, maxTokens: maxTokens)
        },
        requestFields: { options in
            var fields: [String: JSONValue] = [:]
            if let budget = ClaudeRules.thinkingBudget(options) {
                fields["thinking"] = ["type": "enabled", "budget_tokens": .int(budget)]
            }
            if let topK = options.topK { fields["top_k"] = .int(topK) }
            return fields
        })

    /// Amazon Nova (Pro, Lite, Micro): tool results with their status, forced tool choice, cache
    /// points, and `topK` as `inferenceConfig.topK`.
    static let nova = BedrockVendorRules(
        name: "nova", toolResultStatus: true, forcedToolChoice: true, cachePoints: true,
        requestFields: { options in
            guard let topK = options.topK else { return [:] }
            return ["inferenceConfig": ["topK": .int(topK)]]
        })

    /// Mistral Large: forced tool choice; tool results carry no status.
    static let mistral = BedrockVendorRules(name: "mistral", forcedToolChoice: true)

    /// The rules of a catalog family (``BedrockCatalog``'s `claudeFamily`, `novaFamily`,
    /// `mistralFamily`); the standard body for any other.
    static func of(family: String?) -> BedrockVendorRules {
        switch family {
        case BedrockCatalog.claudeFamily: .claude
        case BedrockCatalog.novaFamily: .nova
        case BedrockCatalog.mistralFamily: .mistral
        default: .standard
        }
    }
}
