public import Connectors
public import LLMCore

extension EndpointStyle {
    /// Groq's OpenAI-compatible API (`https://api.groq.com/openai/v1`, a bearer key from `GROQ_API_KEY`). It rejects
    /// `logprobs`, `top_logprobs` and `logit_bias` with a 400, so they are not sent.
    public static let groq = EndpointStyle(
        OpenAICompatibleAPI(
            "groq", dialect: ChatDialect(unsupported: ["logprobs", "top_logprobs", "logit_bias"]),
            requiredKey: "GROQ_API_KEY"))
}

extension LLMProvider {
    /// Models served by Groq.
    public static let groq = LLMProvider(rawValue: "groq")
}

extension ProviderDescriptor {
    /// Groq: any model id, with the key from `GROQ_API_KEY`.
    static let groq = ProviderDescriptor.openAICompatible(
        style: .groq, provider: .groq, summary: "Groq (GROQ_API_KEY, GROQ_BASE_URL)",
        baseURL: "https://api.groq.com/openai/v1",
        keyVariable: "GROQ_API_KEY", baseURLVariable: "GROQ_BASE_URL", defaultModel: "llama-3.3-70b-versatile")
}
