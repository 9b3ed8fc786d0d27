public import Connectors
public import LLMCore

extension EndpointStyle {
    /// LM Studio's local server (`http://localhost:1234/v1`; its API token, `LM_API_TOKEN`, when authentication is
    /// on): the output limit is `max_tokens`.
    public static let lmStudio = EndpointStyle(
        OpenAICompatibleAPI(
            "lmstudio", dialect: ChatDialect(maxTokensField: "max_tokens")))
}

extension LLMProvider {
    /// Models served by LM Studio.
    public static let lmStudio = LLMProvider(rawValue: "lmstudio")
}

extension ProviderDescriptor {
    /// LM Studio: any model id, with the key from `LM_API_TOKEN`.
    static let lmStudio = ProviderDescriptor.openAICompatible(
        style: .lmStudio, provider: .lmStudio, summary: "LM Studio (LM_API_TOKEN, LMSTUDIO_BASE_URL)",
        baseURL: "http://localhost:1234/v1",
        keyVariable: "LM_API_TOKEN", baseURLVariable: "LMSTUDIO_BASE_URL", defaultModel: nil)
}
