public import Connectors
public import LLMCore

extension EndpointStyle {
    /// A vLLM server (`http://localhost:8000/v1`; the key it was started with, `VLLM_API_KEY`, when it has one):
    /// every OpenAI parameter, `top_k` too; a reasoning parser's `reasoning_content` becomes the answer's
    /// ``LLMCore/Reasoning``.
    public static let vLLM = EndpointStyle(
        OpenAICompatibleAPI(
            "vllm", dialect: ChatDialect()))
}

extension LLMProvider {
    /// Models served by vLLM.
    public static let vLLM = LLMProvider(rawValue: "vllm")
}

extension ProviderDescriptor {
    /// vLLM: any model id, with the key from `VLLM_API_KEY`.
    static let vLLM = ProviderDescriptor.openAICompatible(
        style: .vLLM, provider: .vLLM, summary: "vLLM (VLLM_API_KEY, VLLM_BASE_URL)",
        baseURL: "http://localhost:8000/v1",
        keyVariable: "VLLM_API_KEY", baseURLVariable: "VLLM_BASE_URL", defaultModel: nil)
}
