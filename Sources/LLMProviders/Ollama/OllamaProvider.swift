public import Connectors
public import LLMCore

extension EndpointStyle {
    /// A local Ollama server's OpenAI-compatible API (`http://localhost:11434/v1`; no key, or `OLLAMA_API_KEY` behind
    /// a proxy that wants one): the output limit is `max_tokens`; a thinking model's `reasoning` becomes the
    /// answer's ``LLMCore/Reasoning``.
    public static let ollama = EndpointStyle(
        OpenAICompatibleAPI(
            "ollama", dialect: ChatDialect(maxTokensField: "max_tokens")))
}

extension LLMProvider {
    /// Models served by Ollama.
    public static let ollama = LLMProvider(rawValue: "ollama")
}

extension ProviderDescriptor {
    /// Ollama: any model id, with the key from `OLLAMA_API_KEY`.
    static let ollama = ProviderDescriptor.openAICompatible(
        style: .ollama, provider: .ollama, summary: "Ollama (OLLAMA_API_KEY, OLLAMA_BASE_URL)",
        baseURL: "http://localhost:11434/v1",
        keyVariable: "OLLAMA_API_KEY", baseURLVariable: "OLLAMA_BASE_URL", defaultModel: nil)
}
