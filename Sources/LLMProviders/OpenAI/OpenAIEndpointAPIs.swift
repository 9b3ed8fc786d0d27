public import Connectors
import Foundation
public import LLMCore

/// Azure OpenAI classic: `{endpoint}/openai/deployments/{deployment}/{path}?api-version=...`, the
/// key in `api-key` (a bearer token, Entra ID, in `Authorization`), `apim-request-id`.
public struct AzureOpenAIAPI: OpenAIFamilyAPI {
    /// The latest generally available Azure OpenAI data-plane API version, the default.
    public static let defaultAPIVersion = "2024-10-21"

    /// Creates the API.
    public init() {}

    /// `azure`
    public var name: String { "azure" }

    /// OpenTelemetry's `gen_ai.provider.name` for this API.
    public var telemetryName: String { "azure.ai.openai" }

    /// Needs a deployment, and a key or a token provider.
    public func validate(_ endpoint: Endpoint, label: String, configuration: ConnectorConfiguration)
        throws(LLMError)
    {
        if (endpoint.deployment ?? "").isEmpty {
            throw ConnectorConfiguration.invalid(label, "\(label) is an Azure endpoint without a deployment name")
        }
        try requireKey(endpoint, label: label, configuration: configuration)
    }

    /// `{endpoint}/openai/deployments/{deployment}/` and `?api-version=...`.
    public func urlParts(for endpoint: Endpoint) -> EndpointURLParts {
        let deployment = (endpoint.deployment ?? "").addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? ""
        return EndpointURLParts(
            prefix: EndpointURLParts.base(endpoint.baseURL, then: "/openai/deployments/\(deployment)"),
            query: "?api-version=\(endpoint.apiVersion ?? Self.defaultAPIVersion)")
    }

    /// The key goes in `api-key`.
    public var keyHeader: String? { "api-key" }
}

/// Azure OpenAI v1: `{endpoint}/openai/v1/{path}` with the model in the body, the key in `api-key`.
public struct AzureOpenAIV1API: OpenAIFamilyAPI {
    /// Creates the API.
    public init() {}

    /// `azure-v1`
    public var name: String { "azure-v1" }

    /// OpenTelemetry's `gen_ai.provider.name` for this API.
    public var telemetryName: String { "azure.ai.openai" }

    /// Needs a key or a token provider.
    public func validate(_ endpoint: Endpoint, label: String, configuration: ConnectorConfiguration)
        throws(LLMError)
    {
        try requireKey(endpoint, label: label, configuration: configuration)
    }

    /// `{endpoint}/openai/v1/`.
    public func urlParts(for endpoint: Endpoint) -> EndpointURLParts {
        EndpointURLParts(prefix: EndpointURLParts.base(endpoint.baseURL, then: "/openai/v1"))
    }

    /// The key goes in `api-key`.
    public var keyHeader: String? { "api-key" }
}

/// OpenAI and OpenAI-compatible servers: `{baseURL}/{path}` where the base includes `/v1`,
/// `Authorization: Bearer` (no key for local servers without auth).
public struct OpenAIAPI: OpenAIFamilyAPI {
    /// Creates the API.
    public init() {}

    /// `openai`
    public var name: String { "openai" }

    /// OpenTelemetry's `gen_ai.provider.name` for this API.
    public var telemetryName: String { "openai" }

    /// Anything goes: local servers need no key.
    public func validate(_ endpoint: Endpoint, label: String, configuration: ConnectorConfiguration)
        throws(LLMError)
    {}

    /// `{baseURL}/`.
    public func urlParts(for endpoint: Endpoint) -> EndpointURLParts {
        EndpointURLParts(prefix: EndpointURLParts.base(endpoint.baseURL))
    }

    /// The key goes in `Authorization: Bearer`.
    public var keyHeader: String? { nil }
}

/// What the three OpenAI-family APIs share: the key's header, a token as `Authorization: Bearer`,
/// the request id as `x-client-request-id`, `apim-request-id`/`x-request-id` and `x-ratelimit-*`
/// response headers, and OpenAI's and Azure's error bodies (``OpenAIErrorMapper``).
public protocol OpenAIFamilyAPI: EndpointAPI {
    /// The header a key goes in; nil sends it as `Authorization: Bearer`.
    var keyHeader: String? { get }
}

extension OpenAIFamilyAPI {
    /// The key in ``keyHeader`` (or as a bearer token), a token as a bearer token, and the
    /// request id as `x-client-request-id`.
    public func authorize(_ request: inout OutgoingRequest, endpoint: Endpoint, credential: Credential)
        async throws(LLMError)
    {
        try request.setHeader("x-client-request-id", request.requestId)
        switch credential {
        case .none: break
        case .apiKey(let key):
            if let keyHeader {
                try request.setHeader(keyHeader, key.reveal())
            } else {
                try request.setHeader("authorization", "Bearer \(key.reveal())")
            }
        case .bearerToken(let token): try request.setHeader("authorization", "Bearer \(token.reveal())")
        }
    }

    /// `apim-request-id`, else `x-request-id`; `x-ratelimit-*`.
    public var responseHeaders: ResponseHeaderNames {
        ResponseHeaderNames(
            requestId: ["apim-request-id", "x-request-id"], limitRequests: "x-ratelimit-limit-requests",
            remainingRequests: "x-ratelimit-remaining-requests", limitTokens: "x-ratelimit-limit-tokens",
            remainingTokens: "x-ratelimit-remaining-tokens")
    }

    /// OpenAI's and Azure's error bodies (see ``OpenAIErrorMapper``).
    public func failure(_ response: FailedResponse) -> LLMError {
        OpenAIErrorMapper.error(response)
    }

    /// Requires a key or a token provider.
    func requireKey(_ endpoint: Endpoint, label: String, configuration: ConnectorConfiguration) throws(LLMError) {
        if (endpoint.apiKey?.isEmpty ?? true) && configuration.tokenProvider == nil {
            throw ConnectorConfiguration.invalid(
                label, "\(label) is an Azure endpoint without an api key or token provider")
        }
    }
}

extension EndpointStyle {
    /// Azure OpenAI classic deployment URLs (``AzureOpenAIAPI``).
    public static let azure = EndpointStyle(AzureOpenAIAPI())
    /// Azure OpenAI v1 URLs (``AzureOpenAIV1API``).
    public static let azureV1 = EndpointStyle(AzureOpenAIV1API())
    /// OpenAI and OpenAI-compatible servers (``OpenAIAPI``).
    public static let openAI = EndpointStyle(OpenAIAPI())
}
