public import Connectors
public import LLMCore

extension EndpointStyle {
    /// DeepSeek's OpenAI-compatible API (`https://api.deepseek.com`, a bearer key from `DEEPSEEK_API_KEY`): the
    /// output limit is `max_tokens`; `deepseek-reasoner`'s `reasoning_content` becomes the answer's
    /// ``LLMCore/Reasoning`` and is never sent back (the API rejects it in a request).
    public static let deepSeek = EndpointStyle(
        OpenAICompatibleAPI(
            "deepseek", dialect: ChatDialect(maxTokensField: "max_tokens"), requiredKey: "DEEPSEEK_API_KEY"))
}

extension LLMProvider {
    /// Models served by DeepSeek.
    public static let deepSeek = LLMProvider(rawValue: "deepseek")
}

extension ProviderDescriptor {
    /// DeepSeek: any model id, with the key from `DEEPSEEK_API_KEY`.
    static let deepSeek = ProviderDescriptor.openAICompatible(
        style: .deepSeek, provider: .deepSeek, summary: "DeepSeek (DEEPSEEK_API_KEY, DEEPSEEK_BASE_URL)",
        baseURL: "https://api.deepseek.com",
        keyVariable: "DEEPSEEK_API_KEY", baseURLVariable: "DEEPSEEK_BASE_URL", defaultModel: "deepseek-chat")
}
