public import Foundation

/// One endpoint the connector can send to, fully resolved (a backup has inherited what it did not set).
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// The latest generally available Azure OpenAI data-plane API version.
    public static let defaultAzureAPIVersion = "2024-10-21"

    /// The resource URL (Azure: `https://NAME.openai.azure.com`) or base URL (OpenAI: `https://api.openai.com/v1`).
    public var baseURL: URL
    /// How URLs and auth are formed.
    public var style: EndpointStyle
    /// The Azure deployment name (classic style), or the model sent in the body (v1 and OpenAI styles).
    public var deployment: String?
    /// The key, sent as `api-key` (Azure) or `Authorization: Bearer` (OpenAI). Nil when a token
    /// provider supplies Entra ID tokens, or for servers without auth.
    public var apiKey: APIKey?
    /// The Azure `api-version` query value (classic style).
    public var apiVersion: String
    /// A short name for logs and errors; defaults to the host.
    public var name: String
    /// The deployment's quota; nil means no client-side limit.
    public var rateLimits: RateLimits?

    /// Creates an endpoint.
    public init(
        baseURL: URL, style: EndpointStyle = .azure, deployment: String? = nil, apiKey: APIKey? = nil,
        apiVersion: String = Endpoint.defaultAzureAPIVersion, name: String? = nil, rateLimits: RateLimits? = nil
    ) {
        self.baseURL = baseURL
        self.style = style
        self.deployment = deployment
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.name = name ?? baseURL.host ?? baseURL.absoluteString
        self.rateLimits = rateLimits
    }

    /// The key of this endpoint's rate-limit buckets: the URL and the deployment.
    public var rateLimitKey: String {
        "\(baseURL.absoluteString)#\(deployment ?? "")"
    }

    /// The full URL string for an operation path such as `chat/completions`.
    public func url(for path: String) -> String {
        urlParts.url(for: path)
    }

    /// The URL of an operation without its query, safe for logs and errors.
    public func redactedURL(for path: String) -> String {
        urlParts.redactedURL(for: path)
    }

    /// What surrounds an operation path in this endpoint's URLs.
    var urlParts: URLParts {
        let absolute = baseURL.absoluteString
        let base = absolute.hasSuffix("/") ? String(absolute.dropLast()) : absolute
        switch style {
        case .azure:
            let deployment = (self.deployment ?? "").addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? ""
            return URLParts(prefix: "\(base)/openai/deployments/\(deployment)/", query: "?api-version=\(apiVersion)")
        case .azureV1:
            return URLParts(prefix: "\(base)/openai/v1/", query: "")
        case .openAI:
            return URLParts(prefix: "\(base)/", query: "")
        }
    }

    /// An endpoint's URL for an operation is `prefix`, the path, then `query`; the connector builds
    /// these once per endpoint instead of per request.
    struct URLParts: Sendable {
        var prefix: String
        var query: String

        func url(for path: String) -> String {
            prefix + path + query
        }

        func redactedURL(for path: String) -> String {
            guard let query = path.utf8.firstIndex(of: UInt8(ascii: "?")) else { return prefix + path }
            return prefix + path[..<query]
        }
    }

    /// Whether the host is a loopback address (where plain `http://` carries no key over a network).
    public var isLoopback: Bool {
        let host = (baseURL.host ?? "").lowercased()
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// `name (scheme://host/path)`, never the key.
    public var description: String {
        "\(name) (\(baseURL.absoluteString))"
    }
}
