/// The URL and auth scheme of an endpoint.
public enum EndpointStyle: String, Sendable, Hashable, Codable, CaseIterable {
    /// Azure OpenAI classic: `{endpoint}/openai/deployments/{deployment}/{path}?api-version=...`, `api-key` header.
    case azure
    /// Azure OpenAI v1: `{endpoint}/openai/v1/{path}` with the model in the body, `api-key` header.
    case azureV1 = "azure-v1"
    /// OpenAI and OpenAI-compatible servers: `{baseURL}/{path}` where the base includes `/v1`,
    /// `Authorization: Bearer`.
    case openAI = "openai"
}
