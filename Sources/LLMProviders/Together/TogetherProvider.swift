public import Connectors
public import LLMCore

extension EndpointStyle {
    /// Together AI's OpenAI-compatible API (`https://api.together.xyz/v1`, a bearer key from `TOGETHER_API_KEY`):
    /// the output limit is `max_tokens`.
    public static let together = EndpointStyle(
        OpenAICompatibleAPI(
            "together", dialect: ChatDialect(maxTokensField: "max_tokens"), requiredKey: "TOGETHER_API_KEY"))
}

extension LLMProvider {
    /// Models served by Together AI.
    public static let together = LLMProvider(rawValue: "together")
}

extension ProviderDescriptor {
    /// Together AI: any model id, with the key from `TOGETHER_API_KEY`.
    static let together = ProviderDescriptor.openAICompatible(
        style: .together, provider: .together, summary: "Together AI (TOGETHER_API_KEY, TOGETHER_BASE_URL)",
        baseURL: "https://api.together.xyz/v1",
        keyVariable: "TOGETHER_API_KEY", baseURLVariable: "TOGETHER_BASE_URL",
        defaultModel: "meta-llama/Llama-3.3-70B-Instruct-Turbo")
}
