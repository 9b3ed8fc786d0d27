public import Connectors
public import LLMCore

extension EndpointStyle {
    /// llama.cpp's `llama-server` (`http://localhost:8080/v1`; its `--api-key`, `LLAMA_API_KEY`, when it has one):
    /// the output limit is `max_tokens`, the repetition penalty `repeat_penalty` (`top_k`, `min_p`,
    /// `logprobs`, `logit_bias` and `n` up to its slot count as OpenAI names them); a forced function
    /// goes as `tool_choice: "required"` with only that tool (it takes no named choice);
    /// `reasoning_content` becomes the answer's ``LLMCore/Reasoning``. Its Anthropic route
    /// (`/v1/messages`) is the `anthropic` provider with `--endpoint http://localhost:8080`.
    public static let llamaCpp = EndpointStyle(
        OpenAICompatibleAPI(
            "llamacpp",
            dialect: ChatDialect(
                maxTokensField: "max_tokens", renamed: ["repetition_penalty": "repeat_penalty"],
                namedToolChoice: false)))
}

extension LLMProvider {
    /// Models served by llama.cpp.
    public static let llamaCpp = LLMProvider(rawValue: "llamacpp")
}

extension ProviderDescriptor {
    /// llama.cpp: any model id, with the key from `LLAMA_API_KEY`.
    static let llamaCpp = ProviderDescriptor.openAICompatible(
        style: .llamaCpp, provider: .llamaCpp, summary: "llama.cpp (LLAMA_API_KEY, LLAMACPP_BASE_URL)",
        baseURL: "http://localhost:8080/v1",
        keyVariable: "LLAMA_API_KEY", baseURLVariable: "LLAMACPP_BASE_URL", defaultModel: nil)
}
