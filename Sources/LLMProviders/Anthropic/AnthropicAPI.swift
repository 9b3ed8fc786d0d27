public import Connectors
import Foundation
public import LLMCore

/// Anthropic's API (`https://api.anthropic.com`): `{base}/{path}` (the Messages API is
/// `v1/messages`), the key in `x-api-key` or a bearer token (OAuth) in `Authorization`, always with
/// `anthropic-version`; `request-id` and `anthropic-ratelimit-*` response headers.
public struct AnthropicAPI: EndpointAPI {
    /// The `anthropic-version` sent when the endpoint sets none: the one the API documents.
    public static let defaultVersion = "2023-06-01"

    /// Creates the API.
    public init() {}

    /// `anthropic`
    public var name: String { "anthropic" }

    /// OpenTelemetry's `gen_ai.provider.name` for this API.
    public var telemetryName: String { "anthropic" }

    /// Needs a key or a token provider.
    public func validate(_ endpoint: Endpoint, label: String, configuration: ConnectorConfiguration)
        throws(LLMError)
    {
        if (endpoint.apiKey?.isEmpty ?? true) && configuration.tokenProvider == nil {
            throw ConnectorConfiguration.invalid(
                label, "\(label) is an Anthropic endpoint without an api key or token provider")
        }
    }

    /// `{base}/`: paths start with the API version (`v1/messages`).
    public func urlParts(for endpoint: Endpoint) -> EndpointURLParts {
        EndpointURLParts(prefix: EndpointURLParts.base(endpoint.baseURL))
    }

    /// `x-api-key` for a key, `Authorization: Bearer` for a token, and `anthropic-version`.
    public func authorize(_ request: inout OutgoingRequest, endpoint: Endpoint, credential: Credential)
        async throws(LLMError)
    {
        try request.setHeader("anthropic-version", endpoint.apiVersion ?? Self.defaultVersion)
        switch credential {
        case .none: break
        case .apiKey(let key): try request.setHeader("x-api-key", key.reveal())
        case .bearerToken(let token): try request.setHeader("authorization", "Bearer \(token.reveal())")
        }
    }

    /// `request-id`; `anthropic-ratelimit-requests-*` and `anthropic-ratelimit-tokens-*`.
    public var responseHeaders: ResponseHeaderNames {
        ResponseHeaderNames(
            requestId: ["request-id"], limitRequests: "anthropic-ratelimit-requests-limit",
            remainingRequests: "anthropic-ratelimit-requests-remaining",
            limitTokens: "anthropic-ratelimit-tokens-limit",
            remainingTokens: "anthropic-ratelimit-tokens-remaining")
    }

    /// Anthropic's error bodies (see ``AnthropicErrorMapper``).
    public func failure(_ response: FailedResponse) -> LLMError {
        AnthropicErrorMapper.error(response)
    }
}

extension EndpointStyle {
    /// Anthropic's API (``AnthropicAPI``).
    public static let anthropic = EndpointStyle(AnthropicAPI())
}

extension LLMProvider {
    /// Anthropic (the Claude models through Anthropic's own API).
    public static let anthropic = LLMProvider(rawValue: "anthropic")
}
