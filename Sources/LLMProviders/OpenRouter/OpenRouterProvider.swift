public import Connectors
public import LLMCore

extension EndpointStyle {
    /// OpenRouter (`https://openrouter.ai/api/v1`, a bearer key from `OPENROUTER_API_KEY`), model ids as
    /// `vendor/model`: the output limit is `max_tokens`; a `reasoning` string becomes the answer's
    /// ``LLMCore/Reasoning``.
    public static let openRouter = EndpointStyle(
        OpenAICompatibleAPI(
            "openrouter", dialect: ChatDialect(maxTokensField: "max_tokens"), requiredKey: "OPENROUTER_API_KEY"))
}

extension LLMProvider {
    /// Models served by OpenRouter.
    public static let openRouter = LLMProvider(rawValue: "openrouter")
}

extension ProviderDescriptor {
    /// OpenRouter: any model id, with the key from `OPENROUTER_API_KEY`.
    static let openRouter = ProviderDescriptor.openAICompatible(
        style: .openRouter, provider: .openRouter, summary: "OpenRouter (OPENROUTER_API_KEY, OPENROUTER_BASE_URL)",
        baseURL: "https://openrouter.ai/api/v1",
        keyVariable: "OPENROUTER_API_KEY", baseURLVariable: "OPENROUTER_BASE_URL", defaultModel: "openai/gpt-4.1-mini")
}
