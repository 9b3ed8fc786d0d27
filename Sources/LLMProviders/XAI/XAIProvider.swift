public import Connectors
public import LLMCore

extension EndpointStyle {
    /// xAI's OpenAI-compatible API (`https://api.x.ai/v1`, a bearer key from `XAI_API_KEY`); a reasoning model's
    /// `reasoning_content` becomes the answer's ``LLMCore/Reasoning``.
    public static let xAI = EndpointStyle(
        OpenAICompatibleAPI(
            "xai", dialect: ChatDialect(), requiredKey: "XAI_API_KEY", telemetryName: "x_ai"))
}

extension LLMProvider {
    /// Models served by xAI.
    public static let xAI = LLMProvider(rawValue: "xai")
}

extension ProviderDescriptor {
    /// xAI: any model id, with the key from `XAI_API_KEY`.
    static let xAI = ProviderDescriptor.openAICompatible(
        style: .xAI, provider: .xAI, summary: "xAI (XAI_API_KEY, XAI_BASE_URL)", baseURL: "https://api.x.ai/v1",
        keyVariable: "XAI_API_KEY", baseURLVariable: "XAI_BASE_URL", defaultModel: "grok-4")
}
