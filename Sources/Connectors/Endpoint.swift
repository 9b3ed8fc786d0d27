public import Foundation

/// One endpoint the connector can send to, fully resolved (a backup has inherited what it did not set).
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// The resource or base URL (Azure: `https://NAME.openai.azure.com`; OpenAI:
    /// `https://api.openai.com/v1`; Anthropic: `https://api.anthropic.com`).
    public var baseURL: URL
    /// The API spoken there: how URLs, auth, failures and response headers are formed.
    public var style: EndpointStyle
    /// The name the endpoint knows the model by: an Azure deployment, or the model sent in the
    /// body; nil uses the model's own.
    public var deployment: String?
    /// The key, sent the way the style takes keys. Nil when a token provider supplies bearer
    /// tokens, or for servers without auth.
    public var apiKey: APIKey?
    /// The API version the style sends (Azure's `api-version`, Anthropic's `anthropic-version`);
    /// nil uses the style's default.
    public var apiVersion: String?
    /// A short name for logs and errors; defaults to the host.
    public var name: String
    /// The deployment's quota; nil means no client-side limit.
    public var rateLimits: RateLimits?

    /// Creates an endpoint.
    public init(
        baseURL: URL, style: EndpointStyle, deployment: String? = nil, apiKey: APIKey? = nil,
        apiVersion: String? = nil, name: String? = nil, rateLimits: RateLimits? = nil
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

    /// The key of this endpoint's cooldown in a shared store.
    public var cooldownKey: String { "endpoint:\(rateLimitKey)" }

    /// The full URL string for an operation path such as `chat/completions`.
    public func url(for path: String) -> String {
        urlParts.url(for: path)
    }

    /// The URL of an operation without its query, safe for logs and errors.
    public func redactedURL(for path: String) -> String {
        urlParts.redactedURL(for: path)
    }

    /// What surrounds an operation path in this endpoint's URLs, as its style forms them.
    public var urlParts: EndpointURLParts {
        style.api.urlParts(for: self)
    }

    /// Whether the host is a loopback address, where plain `http://` carries no key over a
    /// network: `localhost`, an IPv4 address in 127.0.0.0/8 written as four decimal numbers, or
    /// `::1`. Decided by parsing the address, never by its spelling (`127.example.com` is not).
    public var isLoopback: Bool {
        Self.isLoopbackHost(baseURL.host ?? "")
    }

    /// Whether `host` is a loopback name or address (see ``isLoopback``).
    public static func isLoopbackHost(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return false }
        var values: [Int] = []
        for octet in octets {
            guard (1...3).contains(octet.count), octet.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                let value = Int(octet), value <= 255
            else { return false }
            values.append(value)
        }
        return values[0] == 127
    }

    /// `name (scheme://host/path)`, never the key (nor any user or password in the URL).
    public var description: String {
        "\(name) (\(Self.withoutUserInfo(baseURL)))"
    }

    /// The URL's text without `user:password@`.
    public static func withoutUserInfo(_ url: URL) -> String {
        withoutUserInfo(url.absoluteString)
    }

    /// A URL's text (well-formed or not) without the `user:password@` between `//` and the host.
    public static func withoutUserInfo(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let authorityEnd =
            text[scheme.upperBound...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? text.endIndex
        guard let at = text[scheme.upperBound..<authorityEnd].lastIndex(of: "@") else { return text }
        return String(text[..<scheme.upperBound]) + text[text.index(after: at)...]
    }
}
