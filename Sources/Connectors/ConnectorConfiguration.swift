public import CoreMetrics
public import LLMCore

/// Everything a ``Connector`` needs: the endpoints, the retry policy, timeouts and pool settings.
///
/// Build it in code, or (with LLMProviders) from seed 004's JSON shape or the environment.
public struct ConnectorConfiguration: Sendable {
    /// Supplies a bearer token (Entra ID, OAuth) for each request; asked every time, so it can refresh.
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
    /// Connections kept per host: HTTP/1.1 keep-alive connections (one per request or stream in
    /// flight), or, for an endpoint that answers over HTTP/2, the most HTTP/2 connections the
    /// connector spreads its streams over (a new one only once every open one carries
    /// ``http2StreamsPerConnection``).
    public var poolSize: Int
    /// Which HTTP version to speak: HTTP/2 where the server offers it (the default), or one forced.
    public var httpVersion: HTTPVersionPreference
    /// The streams the connector puts on one HTTP/2 connection before it opens another (up to
    /// ``poolSize`` connections). The server's own limit (`SETTINGS_MAX_CONCURRENT_STREAMS`) is
    /// always respected as well: a request over it waits for a stream of that connection.
    public var http2StreamsPerConnection: Int
    /// How long an HTTP/2 connection may be silent before the connector sends a `PING`; a ping not
    /// answered within the same time closes the connection (its streams fail over as a connection
    /// failure). Nil sends no pings.
    public var http2PingInterval: Duration?
    /// The largest response body read into memory; a larger one fails with `decoding`.
    public var maxResponseBytes: Int
    /// The longest line, and the most data one event may carry, in a stream; more is `decoding`.
    public var maxStreamEventBytes: Int
    /// The most bytes one stream may carry in all; more ends it (`streamInterrupted`, or
    /// `decoding` before any event).
    public var maxStreamBytes: Int
    /// Allows plain `http://` to hosts other than loopback (a key would travel in clear).
    public var allowInsecureHTTP: Bool
    /// An HTTP proxy for the endpoints it does not exempt; nil connects directly.
    public var proxy: ProxySettings?
    /// Extra trust roots and a client certificate.
    public var tls: TLSSettings
    /// Bearer tokens (Entra ID, OAuth), asked on each request; they override the endpoints' keys.
    public var tokenProvider: TokenProvider?
    /// Where the endpoints' rate-limit buckets live (shared by every request of this connector).
    public var rateLimitStore: any RateLimitStore
    /// Where metrics go; nil uses the factory bootstrapped in `MetricsSystem`.
    public var metricsFactory: (any MetricsFactory)?
    /// How long a graceful shutdown (``Connector/run()``) waits for the requests and streams in
    /// flight before it closes their connections.
    public var shutdownGracePeriod: Duration

    /// Creates a configuration.
    public init(
        primary: Endpoint, backups: [BackupEndpoint] = [], retry: RetryPolicy = RetryPolicy(),
        timeouts: Timeouts = Timeouts(), cooldown: Duration = .seconds(5), poolSize: Int = 8,
        maxResponseBytes: Int = 32 * 1024 * 1024, maxStreamEventBytes: Int = SSEDecoder.defaultMaxEventBytes,
        maxStreamBytes: Int = 256 * 1024 * 1024, allowInsecureHTTP: Bool = false, proxy: ProxySettings? = nil,
        tls: TLSSettings = TLSSettings(),
        tokenProvider: TokenProvider? = nil, rateLimitStore: any RateLimitStore = InMemoryRateLimitStore(),
        metricsFactory: (any MetricsFactory)? = nil, shutdownGracePeriod: Duration = .seconds(30),
        httpVersion: HTTPVersionPreference = .automatic, http2StreamsPerConnection: Int = 100,
        http2PingInterval: Duration? = .seconds(30)
    ) {
        self.primary = primary
        self.backups = backups
        self.retry = retry
        self.timeouts = timeouts
        self.cooldown = cooldown
        self.poolSize = poolSize
        self.maxResponseBytes = maxResponseBytes
        self.maxStreamEventBytes = maxStreamEventBytes
        self.maxStreamBytes = maxStreamBytes
        self.allowInsecureHTTP = allowInsecureHTTP
        self.proxy = proxy
        self.tls = tls
        self.tokenProvider = tokenProvider
        self.rateLimitStore = rateLimitStore
        self.metricsFactory = metricsFactory
        self.shutdownGracePeriod = shutdownGracePeriod
        self.httpVersion = httpVersion
        self.http2StreamsPerConnection = http2StreamsPerConnection
        self.http2PingInterval = http2PingInterval
    }

    /// The primary followed by the resolved backups, in failover order.
    public var endpoints: [Endpoint] {
        [primary] + backups.map { $0.resolved(inheriting: primary) }
    }

    /// Checks the configuration; the connector calls it before its first request. Each endpoint's
    /// style checks what it needs (a deployment, a key); keys must be usable as header values.
    /// - Throws: ``LLMError`` with code `invalidConfiguration` saying what to fix.
    public func validate() throws(LLMError) {
        for (index, endpoint) in endpoints.enumerated() {
            let label = index == 0 ? "endpoint" : "backups[\(index - 1)].endpoint"
            let scheme = endpoint.baseURL.scheme?.lowercased()
            guard scheme == "https" || scheme == "http", let host = endpoint.baseURL.host, !host.isEmpty else {
                throw Self.invalid(
                    label, "\(label) '\(Endpoint.withoutUserInfo(endpoint.baseURL))' is not an http(s) URL")
            }
            if scheme == "http" && httpVersion == .http2 {
                throw LLMError(
                    code: .invalidConfiguration,
                    message: "\(label) uses plain http://, where HTTP/2 is not offered (it is negotiated over TLS)",
                    hint: "use an https:// URL, or httpVersion .automatic (--http1 or no flag on the CLI)",
                    parameter: label)
            }
            if scheme == "http" && !endpoint.isLoopback && !allowInsecureHTTP {
                throw LLMError(
                    code: .invalidConfiguration,
                    message: "\(label) uses plain http:// to \(host), where the key would travel unencrypted",
                    hint: "use https://, or set allowInsecureHTTP for a trusted network", parameter: label)
            }
            if let key = endpoint.apiKey, !OutgoingRequest.isValidValue(key.reveal()) {
                throw LLMError(
                    code: .invalidConfiguration,
                    message: "\(label)'s api key contains a control character (such as a trailing newline or \\r)",
                    hint: "remove the stray character; a key read from a file edited on Windows often ends in \\r",
                    parameter: label)
            }
            try endpoint.style.api.validate(endpoint, label: label, configuration: self)
        }
        guard poolSize >= 1 else { throw Self.invalid("poolSize", "poolSize must be at least 1") }
        guard http2StreamsPerConnection >= 1 else {
            throw Self.invalid("http2StreamsPerConnection", "http2StreamsPerConnection must be at least 1")
        }
        if let interval = http2PingInterval, interval <= .zero {
            throw Self.invalid("http2PingInterval", "http2PingInterval must be positive (or nil for no pings)")
        }
        guard retry.maxRetries >= 0 else {
            throw Self.invalid("retry.maxRetries", "retry.maxRetries must be 0 or more")
        }
        for (name, value) in [
            ("maxResponseBytes", maxResponseBytes), ("maxStreamEventBytes", maxStreamEventBytes),
            ("maxStreamBytes", maxStreamBytes),
        ] where value <= 0 {
            throw Self.invalid(name, "\(name) must be positive")
        }
        for (label, limits) in endpoints.enumerated().compactMap({ index, endpoint in
            endpoint.rateLimits.map { (index, $0) }
        }) {
            for (name, value) in [
                ("requestsPerMinute", limits.requestsPerMinute), ("tokensPerMinute", limits.tokensPerMinute),
            ] {
                if let value, value <= 0 {
                    throw Self.invalid(
                        "rateLimits.\(name)",
                        "\(label == 0 ? "endpoint" : "backups[\(label - 1)]")'s \(name) must be at least 1")
                }
            }
        }
    }

    /// An `invalidConfiguration` error about one setting.
    public static func invalid(_ parameter: String, _ message: String) -> LLMError {
        LLMError(
            code: .invalidConfiguration, message: message, hint: "fix the connector configuration", parameter: parameter
        )
    }
}
