public import Connectors
public import LLMCore

extension EndpointStyle {
    /// Mistral's chat completions (`https://api.mistral.ai/v1`, a bearer key from `MISTRAL_API_KEY`): `max_tokens`,
    /// `random_seed` for the seed, no `stream_options` (usage comes on the last chunk anyway), and none
    /// of the parameters it refuses as extra inputs (`user`, `logit_bias`, `logprobs`).
    public static let mistral = EndpointStyle(
        OpenAICompatibleAPI(
            "mistral",
            dialect: ChatDialect(
                maxTokensField: "max_tokens", streamOptions: false, renamed: ["seed": "random_seed"],
                unsupported: ["user", "logit_bias", "logprobs", "top_logprobs"]), requiredKey: "MISTRAL_API_KEY",
            telemetryName: "mistral_ai"))
}

extension LLMProvider {
    /// Models served by Mistral.
    public static let mistral = LLMProvider(rawValue: "mistral")
}

extension ProviderDescriptor {
    /// Mistral: any model id, with the key from `MISTRAL_API_KEY`.
    static let mistral = ProviderDescriptor.openAICompatible(
        style: .mistral, provider: .mistral, summary: "Mistral (MISTRAL_API_KEY, MISTRAL_BASE_URL)",
        baseURL: "https://api.mistral.ai/v1",
        keyVariable: "MISTRAL_API_KEY", baseURLVariable: "MISTRAL_BASE_URL", defaultModel: "mistral-large-latest")
}
