import LLMCore
import LLMMedia

/// The Claude models of the catalog: context window, output limit, capabilities, accepted
/// parameters and Anthropic's list prices in US dollars per million tokens (base input, cache
/// hits, 5-minute and 1-hour cache writes, output), taken from Anthropic's pricing page on
/// ``pricesAsOf``.
enum AnthropicCatalog {
    /// When the prices were taken.
    static let pricesAsOf = "2026-12-01"

    /// What the Messages API takes: no penalties, seed or `n`.
    static let parameters: Set<GenerationParameter> = [
        .maxTokens, .temperature, .topP, .topK, .stop, .responseFormat, .tools, .toolChoice, .parallelToolCalls,
        .reasoningEffort, .reasoningBudget, .user,
    ]

    /// The `max_tokens` sent when the caller sets none.
    static let defaultMaxTokens = 8_192

    /// The family of every Claude model (``ClaudeLLM``).
    static let family = "claude"

    static let models: [ModelMetadata] = [
        claude("claude-opus-4-5", output: 64_000, prices: (5.00, 0.50, 6.25, 10.00, 25.00)),
        claude("claude-opus-4-1", output: 32_000, prices: (15.00, 1.50, 18.75, 30.00, 75.00)),
        claude("claude-sonnet-4-5", output: 64_000, prices: (3.00, 0.30, 3.75, 6.00, 15.00)),
        claude("claude-haiku-4-5", output: 64_000, prices: (1.00, 0.10, 1.25, 2.00, 5.00)),
    ]

    /// A Claude model id no profile describes: Claude's capabilities and parameters, no limits,
    /// no prices; `max_tokens` falls back to 4,096 when the caller sets none.
    @Sendable static func general(_ id: String) -> ModelMetadata {
        ModelMetadata(
            name: id, provider: .anthropic, family: family, capabilities: capabilities, limits: .unknown,
            supportedParameters: parameters, reasoning: ReasoningRange())
    }

    /// What Claude takes and does.
    static let capabilities = ModelCapabilities(
        inputTypes: [.text, .image, .document], tools: true, jsonSchema: true, reasoning: true,
        structuredOutput: .forcedTool)

    private static func claude(
        _ name: String, window: Int = 200_000, output: Int, prices: (Double, Double, Double, Double, Double)
    ) -> ModelMetadata {
        ModelMetadata(
            name: name, provider: .anthropic, family: family, capabilities: capabilities,
            limits: ModelLimits(contextWindow: window, maxOutputTokens: output),
            pricing: ModelPricing(
                inputPerMillion: prices.0, cachedInputPerMillion: prices.1, cacheWritePerMillion: prices.2,
                extendedCacheWritePerMillion: prices.3, outputPerMillion: prices.4, asOf: pricesAsOf),
            supportedParameters: parameters,
            defaultOptions: GenerationOptions(maxTokens: min(output, defaultMaxTokens)),
            reasoning: ReasoningRange(budget: ClaudeRules.minimumThinkingBudget...output))
    }
}
