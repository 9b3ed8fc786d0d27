public import Connectors
public import LLMCore

extension EndpointStyle {
    /// Fireworks AI's OpenAI-compatible API (`https://api.fireworks.ai/inference/v1`, a bearer key from
    /// `FIREWORKS_API_KEY`), model ids as `accounts/fireworks/models/NAME`: the output limit is `max_tokens`.
    public static let fireworks = EndpointStyle(
        OpenAICompatibleAPI(
            "fireworks", dialect: ChatDialect(maxTokensField: "max_tokens"), requiredKey: "FIREWORKS_API_KEY"))
}

extension LLMProvider {
    /// Models served by Fireworks AI.
    public static let fireworks = LLMProvider(rawValue: "fireworks")
}

extension ProviderDescriptor {
    /// Fireworks AI: any model id, with the key from `FIREWORKS_API_KEY`.
    static let fireworks = ProviderDescriptor.openAICompatible(
        style: .fireworks, provider: .fireworks, summary: "Fireworks AI (FIREWORKS_API_KEY, FIREWORKS_BASE_URL)",
        baseURL: "https://api.fireworks.ai/inference/v1",
        keyVariable: "FIREWORKS_API_KEY", baseURLVariable: "FIREWORKS_BASE_URL",
        defaultModel: "accounts/fireworks/models/llama-v3p3-70b-instruct")
}
