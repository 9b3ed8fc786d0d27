import LLMCore

/// Claude's rules for generation options, the same whether it is reached through Anthropic's
/// Messages API or through Bedrock's Converse API: temperature 0...1 and not together with `topP`;
/// no JSON mode without a schema; a thinking budget of at least 1,024 tokens and below `maxTokens`,
/// with no `temperature` or `topK`, `topP` only within 0.95...1, and no forced tool choice.
enum ClaudeRules {
    /// The smallest thinking budget Claude takes.
    static let minimumThinkingBudget = 1_024

    /// The thinking budget of each `reasoningEffort` level (LiteLLM's mapping); `minimal` thinks
    /// not at all.
    static func thinkingBudget(for effort: ReasoningEffort) -> Int? {
        switch effort {
        case .minimal: nil
        case .low: 1_024
        case .medium: 2_048
        case .high: 4_096
        }
    }

    /// The thinking budget of these options: `reasoningBudget`, else the effort's.
    static func thinkingBudget(_ options: GenerationOptions) -> Int? {
        options.reasoningBudget ?? options.reasoningEffort.flatMap(thinkingBudget(for:))
    }

    /// Checks `options` for the Claude model `model`, whose answer is bounded by `maxTokens`.
    /// - Throws: ``LLMCore/LLMError`` (`invalidRequest`) naming the option and how to fix it.
    static func check(_ options: GenerationOptions, model: String, maxTokens: Int) throws(LLMError) {
        if let temperature = options.temperature, temperature > 1 {
            throw .outOfRange("temperature", value: "\(temperature)", allowed: "0...1 for \(model)")
        }
        if options.temperature != nil && options.topP != nil {
            throw .invalid(
                "topP", "\(model) takes temperature or topP, not both", hint: "set only one of temperature and topP")
        }
        if case .jsonObject = options.responseFormat {
            throw .invalid(
                "responseFormat", "\(model) has no JSON mode without a schema",
                hint: "use ResponseFormat.jsonSchema with the schema of the answer")
        }
        guard let budget = thinkingBudget(options) else { return }
        if budget < minimumThinkingBudget {
            throw .outOfRange(
                "reasoningBudget", value: "\(budget)", allowed: "\(minimumThinkingBudget) or more for \(model)")
        }
        if budget >= maxTokens {
            throw .invalid(
                "reasoningBudget", "reasoningBudget \(budget) is not below maxTokens \(maxTokens)",
                hint: "raise maxTokens above the thinking budget (it bounds thinking plus the answer)")
        }
        if options.temperature != nil || options.topK != nil {
            let name = options.temperature != nil ? "temperature" : "topK"
            throw .invalid(name, "\(name) cannot be set while \(model) thinks", hint: "leave \(name) unset")
        }
        if let topP = options.topP, !(0.95...1).contains(topP) {
            throw .outOfRange("topP", value: "\(topP)", allowed: "0.95...1 while \(model) thinks")
        }
        switch options.toolChoice {
        case .required?, .function?:
            throw .invalid(
                "toolChoice", "\(model) can only choose tools itself (auto) or none while it thinks",
                hint: "use toolChoice .auto or .none, or turn thinking off")
        default:
            break
        }
    }
}
