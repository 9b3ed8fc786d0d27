public import CoreMetrics
public import Foundation
public import LLMCore

/// Everything a ``Connector`` needs: the endpoints, the retry policy, timeouts and pool settings.
///
/// Build it in code, or from seed 004's JSON shape:
/// ```json
/// {"api_key": "...", "endpoint": "https://eastus.openai.azure.com", "deployment_name": "gpt-4.1-mini",
///  "backups": [{"endpoint": "https://westus.openai.azure.com"}]}
/// ```
public struct ConnectorConfiguration: Sendable {
    /// Supplies a bearer token (Entra ID) for each request; asked every time, so it can refresh.
    public typealias TokenProvider = @Sendable () async throws -> String

    /// The primary endpoint.
    public var primary: Endpoint
    /// Backups in failover order; each inherits what it leaves unset from the primary.
    public var backups: [BackupEndpoint]
    /// The retry and backoff policy.
    public var retry: RetryPolicy
    /// Time limits.
    public var timeouts: Timeouts
    /// How long an endpoint that just failed is skipped while a healthy one remains.
    public var cooldown: Duration
    /// Keep-alive connections kept per host.
    public var poolSize: Int
    /// The largest response body read into memory; a larger one fails with `decoding`.
    public var maxResponseBytes: Int
    /// Allows plain `http://` to hosts other than loopback (a key would travel in clear).
    public var allowInsecureHTTP: Bool
    /// Entra ID (or any bearer) tokens, asked on each request; overrides the endpoints' keys.
    public var tokenProvider: TokenProvider?
    /// Where the endpoints' rate-limit buckets live (shared by every request of this connector).
    public var rateLimitStore: any RateLimitStore
    /// Receives every request's lifecycle events (as well as the request context's handler).
    public var eventHandler: (@Sendable (LLMEvent) -> Void)?
    /// Where metrics go; nil uses the factory bootstrapped in `MetricsSystem`.
    public var metricsFactory: (any MetricsFactory)?

    /// Creates a configuration.
    public init(
        primary: Endpoint, backups: [BackupEndpoint] = [], retry: RetryPolicy = RetryPolicy(),
        timeouts: Timeouts = Timeouts(), cooldown: Duration = .seconds(5), poolSize: Int = 8,
        maxResponseBytes: Int = 32 * 1024 * 1024, allowInsecureHTTP: Bool = false,
        tokenProvider: TokenProvider? = nil, rateLimitStore: any RateLimitStore = InMemoryRateLimitStore(),
        eventHandler: (@Sendable (LLMEvent) -> Void)? = nil, metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.primary = primary
        self.backups = backups
        self.retry = retry
        self.timeouts = timeouts
        self.cooldown = cooldown
        self.poolSize = poolSize
        self.maxResponseBytes = maxResponseBytes
        self.allowInsecureHTTP = allowInsecureHTTP
        self.tokenProvider = tokenProvider
        self.rateLimitStore = rateLimitStore
        self.eventHandler = eventHandler
        self.metricsFactory = metricsFactory
    }

    /// The primary followed by the resolved backups, in failover order.
    public var endpoints: [Endpoint] {
        [primary] + backups.map { $0.resolved(inheriting: primary) }
    }

    /// Checks the configuration; the connector calls it before its first request.
    /// - Throws: ``LLMError`` with code `invalidConfiguration` saying what to fix.
    public func validate() throws(LLMError) {
        for (index, endpoint) in endpoints.enumerated() {
            let label = index == 0 ? "endpoint" : "backups[\(index - 1)].endpoint"
            let scheme = endpoint.baseURL.scheme?.lowercased()
            guard scheme == "https" || scheme == "http", endpoint.baseURL.host != nil else {
                throw Self.invalid(label, "\(label) '\(endpoint.baseURL.absoluteString)' is not an http(s) URL")
            }
            if scheme == "http" && !endpoint.isLoopback && !allowInsecureHTTP {
                throw LLMError(
                    code: .invalidConfiguration,
                    message:
                        "\(label) uses plain http:// to \(endpoint.baseURL.host ?? "?"), where the key would travel unencrypted",
                    hint: "use https://, or set allowInsecureHTTP for a trusted network", parameter: label)
            }
            if endpoint.style == .azure && (endpoint.deployment ?? "").isEmpty {
                throw Self.invalid(label, "\(label) is an Azure endpoint without a deployment name")
            }
            if endpoint.style != .openAI && (endpoint.apiKey?.isEmpty ?? true) && tokenProvider == nil {
                throw Self.invalid(label, "\(label) is an Azure endpoint without an api key or token provider")
            }
        }
        guard poolSize >= 1 else { throw Self.invalid("poolSize", "poolSize must be at least 1") }
        guard retry.maxRetries >= 0 else {
            throw Self.invalid("retry.maxRetries", "retry.maxRetries must be 0 or more")
        }
        guard maxResponseBytes > 0 else { throw Self.invalid("maxResponseBytes", "maxResponseBytes must be positive") }
    }

    private static func invalid(_ parameter: String, _ message: String) -> LLMError {
        LLMError(
            code: .invalidConfiguration, message: message, hint: "fix the connector configuration", parameter: parameter
        )
    }
}

extension ConnectorConfiguration {
    /// Reads seed 004's JSON shape: `api_key`, `endpoint`, `deployment_name`, `api_version`,
    /// optional `style` (`azure`, `azure-v1`, `openai`) and `backups` (each with `endpoint` and any
    /// of the same keys to override).
    /// - Throws: ``LLMError`` (`invalidConfiguration`) naming the bad field.
    public init(json: Data) throws(LLMError) {
        guard String(data: json, encoding: .utf8) != nil else {
            throw LLMError(
                code: .invalidConfiguration, message: "the configuration is not valid UTF-8",
                hint: "save the file as UTF-8")
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: json)
        } catch {
            throw LLMError(
                code: .invalidConfiguration, message: "the configuration is not valid JSON",
                hint: "check the file's syntax (a missing comma or quote?)")
        }
        guard let object = value.objectValue else {
            throw Self.invalid("configuration", "the configuration must be a JSON object")
        }
        try self.init(dictionary: object)
    }

    /// Reads seed 004's shape from a parsed JSON object; see ``init(json:)``.
    public init(dictionary: [String: JSONValue]) throws(LLMError) {
        let primaryURL = try Self.url(dictionary, "endpoint", required: true)!
        let style = try Self.style(dictionary, "style") ?? .azure
        let primary = Endpoint(
            baseURL: primaryURL, style: style, deployment: try Self.string(dictionary, "deployment_name"),
            apiKey: try Self.string(dictionary, "api_key").map { APIKey($0) },
            apiVersion: try Self.string(dictionary, "api_version") ?? Endpoint.defaultAzureAPIVersion,
            name: try Self.string(dictionary, "name"))
        var backups: [BackupEndpoint] = []
        if let list = dictionary["backups"] {
            guard case .array(let items) = list else {
                throw Self.invalid("backups", "backups must be a list of objects with an endpoint")
            }
            for (index, item) in items.enumerated() {
                guard let backup = item.objectValue else {
                    throw Self.invalid("backups[\(index)]", "backups[\(index)] must be an object with an endpoint")
                }
                let prefix = "backups[\(index)]."
                backups.append(
                    BackupEndpoint(
                        baseURL: try Self.url(backup, "endpoint", required: true, prefix: prefix)!,
                        deployment: try Self.string(backup, "deployment_name", prefix: prefix),
                        apiKey: try Self.string(backup, "api_key", prefix: prefix).map { APIKey($0) },
                        apiVersion: try Self.string(backup, "api_version", prefix: prefix),
                        style: try Self.style(backup, "style", prefix: prefix),
                        name: try Self.string(backup, "name", prefix: prefix)))
            }
        }
        self.init(primary: primary, backups: backups)
    }

    private static func string(_ object: [String: JSONValue], _ key: String, prefix: String = "") throws(LLMError)
        -> String?
    {
        guard let value = object[key], value != .null else { return nil }
        guard let string = value.stringValue else {
            throw invalid(prefix + key, "\(prefix + key) must be a string")
        }
        return string
    }

    private static func url(_ object: [String: JSONValue], _ key: String, required: Bool, prefix: String = "")
        throws(LLMError) -> URL?
    {
        guard let string = try string(object, key, prefix: prefix), !string.isEmpty else {
            if required { throw invalid(prefix + key, "\(prefix + key) is missing") }
            return nil
        }
        guard let url = URL(string: string), url.scheme != nil, url.host != nil else {
            throw invalid(
                prefix + key, "\(prefix + key) '\(string)' is not a URL such as https://NAME.openai.azure.com")
        }
        return url
    }

    private static func style(_ object: [String: JSONValue], _ key: String, prefix: String = "") throws(LLMError)
        -> EndpointStyle?
    {
        guard let raw = try string(object, key, prefix: prefix) else { return nil }
        guard let style = EndpointStyle(rawValue: raw) else {
            throw invalid(
                prefix + key,
                "\(prefix + key) '\(raw)' is unknown; use one of \(EndpointStyle.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return style
    }
}
