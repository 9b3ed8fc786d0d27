public import Foundation
public import LLMCore

/// What an HTTP API needs from the connector, and supplies to it: how an endpoint's URLs and auth
/// headers are formed, which response headers carry the request id and rate-limit state, and what
/// a failed response means. The connector is otherwise the same for every API; each provider
/// implements this once (LLMProviders: Azure classic, Azure v1, OpenAI, Anthropic) and exposes it
/// as an ``EndpointStyle``.
public protocol EndpointAPI: Sendable {
    /// The style's name in configuration files and errors (`azure`, `openai`, `anthropic`, ...).
    var name: String { get }

    /// Checks one endpoint of this style before any request is sent (a deployment or key it needs);
    /// `label` names the endpoint in errors (`endpoint`, `backups[0].endpoint`).
    /// - Throws: ``LLMCore/LLMError`` with code `invalidConfiguration` saying what to fix.
    func validate(_ endpoint: Endpoint, label: String, configuration: ConnectorConfiguration) throws(LLMError)

    /// What surrounds an operation path in this endpoint's URLs; the connector builds it once per
    /// endpoint, and a request's URL is `prefix + path + query`.
    func urlParts(for endpoint: Endpoint) -> EndpointURLParts

    /// Adds the credential and the headers this API requires on every request (a version header,
    /// a signature) to one attempt. Called for every attempt, retry and failover afresh.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`, `authentication`) when it cannot.
    func authorize(_ request: inout OutgoingRequest, endpoint: Endpoint, credential: Credential) async throws(LLMError)

    /// Which response headers carry the provider's request id and its rate-limit state.
    var responseHeaders: ResponseHeaderNames { get }

    /// The error a non-2xx response stands for: its code (which decides retry in place, failover
    /// or surfacing it; see ``AttemptPlan``), the provider's message, and the retry-after to honour.
    func failure(_ response: FailedResponse) -> LLMError

    /// The `gen_ai.provider.name` of spans and metrics: OpenTelemetry's well-known value where
    /// there is one (`openai`, `azure.ai.openai`, `anthropic`, `gcp.gemini`, `aws.bedrock`, ...);
    /// by default ``name``.
    var telemetryName: String { get }
}

extension EndpointAPI {
    /// The style's ``name``.
    public var telemetryName: String { name }
}

/// An endpoint's URL for an operation is ``prefix``, the operation path, then ``query``.
public struct EndpointURLParts: Sendable, Hashable {
    /// Everything before the operation path, ending in `/`.
    public let prefix: String
    /// Everything after the operation path (`?api-version=...`), or empty.
    public let query: String
    /// ``prefix`` without any `user:password@`, for logs, errors and responses.
    public let redactedPrefix: String

    /// Creates URL parts.
    public init(prefix: String, query: String = "") {
        self.prefix = prefix
        self.query = query
        self.redactedPrefix = Endpoint.withoutUserInfo(prefix)
    }

    /// The URL of an operation path.
    public func url(for path: String) -> String {
        prefix + path + query
    }

    /// The URL of an operation without any query (the path's own, or ``query``) or userinfo, for
    /// logs, errors and responses.
    public func redactedURL(for path: String) -> String {
        guard let query = path.utf8.firstIndex(of: UInt8(ascii: "?")) else { return redactedPrefix + path }
        return redactedPrefix + path[..<query]
    }

    /// The endpoint's base URL as a prefix: without a trailing slash, then `path`, then `/`.
    public static func base(_ url: URL, then path: String = "") -> String {
        let absolute = url.absoluteString
        let base = absolute.hasSuffix("/") ? String(absolute.dropLast()) : absolute
        return base + path + "/"
    }
}

/// The credential an attempt carries, resolved by the connector: the endpoint's key, a bearer
/// token from ``ConnectorConfiguration/tokenProvider``, or none.
public enum Credential: Sendable {
    /// No credential (a local server without auth).
    case none
    /// The endpoint's API key, sent the way the API takes keys.
    case apiKey(APIKey)
    /// A bearer token (Entra ID, OAuth), sent as `Authorization: Bearer`.
    case bearerToken(APIKey)
}
