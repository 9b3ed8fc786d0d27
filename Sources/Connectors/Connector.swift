public import AsyncHTTPClient
import Foundation
public import LLMCore
public import Logging
import Metrics
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOSSL
import Tracing

/// The pooled HTTP connector: one long-lived `HTTPClient`, endpoints with backups, and the one
/// retry layer of DESIGN.md ("Connectors"), the same for every API: each endpoint's
/// ``EndpointStyle`` supplies its URLs, auth, response headers and failure classification, and
/// ``AttemptPlan`` makes the retry and failover decisions.
///
/// - Fails over at once (no sleep) on 502/503/504, timeouts and connection errors, cooling the failed
///   endpoint down; when every endpoint has failed, backs off and goes round again within the budget.
/// - Retries in place on 429, 408 and 500, honouring `retry-after-ms` then `retry-after` up to a cap.
/// - Never retries 400, 401, 403, 404, content filters or cancellation.
/// - One total deadline bounds every attempt, failover and backoff.
///
/// Its lifetime is scoped (``withConnector(configuration:httpClient:logger:isolation:_:)``) or run
/// as a swift-service-lifecycle `Service` (``run()``: a graceful shutdown lets the requests and
/// streams in flight finish); otherwise call ``shutdown()`` when done — it is never done in `deinit`.
public final class Connector: Sendable {
    /// The configuration the connector was made with.
    public let configuration: ConnectorConfiguration
    /// The resolved endpoints in failover order (primary first).
    public let endpoints: [Endpoint]
    /// The metrics instruments (shared with the providers using this connector).
    public let metrics: LLMMetrics
    /// The clients each endpoint is reached with: one set of lanes for the endpoints behind the
    /// proxy, one for those reached directly (the same one without a proxy).
    let lanes: [ClientLanes]
    /// The lanes the connector made and shuts down (an injected client is its owner's).
    let ownedLanes: [ClientLanes]
    let cooldowns: NIOLockedValueBox<[ContinuousClock.Instant?]>
    /// Until when a 429 paused each endpoint, so endpoints without limits skip the store otherwise.
    let pauses: NIOLockedValueBox<[ContinuousClock.Instant?]>
    /// Each endpoint's key in a shared store's cooldowns, made once (a shared store reads them on every request).
    let cooldownKeys: [String]
    let logger: Logger
    /// The rate-limit state the last response that reported one carried (any endpoint).
    let reported = NIOLockedValueBox<RateLimitInfo?>(nil)
    /// Each endpoint's URL around an operation path, built once.
    let urlParts: [EndpointURLParts]
    /// Where each endpoint's API puts its request id and rate-limit state.
    let headerNames: [ResponseHeaderNames]
    /// The requests and streams in flight, refused once a shutdown began.
    let gate: RequestGate

    /// Creates a connector. It owns a new `HTTPClient` unless one is injected, in which case the
    /// application keeps ownership (and the connector's pool and timeout settings are the client's).
    /// - Throws: ``LLMError`` (`invalidConfiguration`) when the configuration is unusable.
    public init(
        configuration: ConnectorConfiguration, httpClient: HTTPClient? = nil,
        logger: Logger = Logger(label: "swift-llm.connector")
    ) throws(LLMError) {
        try configuration.validate()
        self.configuration = configuration
        self.endpoints = configuration.endpoints
        self.urlParts = configuration.endpoints.map(\.urlParts)
        self.headerNames = configuration.endpoints.map(\.style.api.responseHeaders)
        self.cooldowns = NIOLockedValueBox(Array(repeating: nil, count: configuration.endpoints.count))
        self.pauses = NIOLockedValueBox(Array(repeating: nil, count: configuration.endpoints.count))
        self.cooldownKeys = configuration.endpoints.map(\.cooldownKey)
        self.logger = logger
        self.gate = RequestGate(name: "the connector of \(configuration.primary.name)")
        self.metrics = LLMMetrics(factory: configuration.metricsFactory ?? MetricsSystem.factory)
        let count = configuration.endpoints.count
        if let httpClient {
            self.lanes = Array(repeating: ClientLanes(injected: httpClient, endpoints: count), count: count)
            self.ownedLanes = []
            return
        }
        let proxied = configuration.endpoints.map { endpoint in
            configuration.proxy.map { $0.applies(to: endpoint.baseURL.host ?? "") } ?? false
        }
        // One configuration (its TLS files read once); the proxied clients' adds the proxy.
        let settings = try Self.clientConfiguration(configuration)
        // Endpoints all on plain http:// speak HTTP/1.1 (AsyncHTTPClient has no cleartext HTTP/2):
        // their client says so, so its pool opens connections in parallel from the start instead
        // of waiting to learn the protocol from its first connection.
        func lanes(_ settings: HTTPClient.Configuration, plainOnly: Bool) -> ClientLanes {
            var settings = settings
            if plainOnly { settings.httpVersion = .http1Only }
            return ClientLanes(
                settings: settings, maxLanes: configuration.poolSize,
                streamsPerLane: configuration.http2StreamsPerConnection, endpoints: count)
        }
        func plainOnly(proxiedGroup: Bool) -> Bool {
            zip(configuration.endpoints, proxied).allSatisfy { endpoint, isProxied in
                isProxied != proxiedGroup || endpoint.baseURL.scheme?.lowercased() == "http"
            }
        }
        let direct = proxied.contains(false) ? lanes(settings, plainOnly: plainOnly(proxiedGroup: false)) : nil
        let viaProxy =
            proxied.contains(true)
            ? lanes(Self.throughProxy(settings, configuration.proxy), plainOnly: plainOnly(proxiedGroup: true)) : nil
        self.lanes = proxied.map { ($0 ? viaProxy : direct)! }
        self.ownedLanes = [direct, viaProxy].compactMap { $0 }
    }

    /// The `HTTPClient` settings the connector uses for its own clients: keep-alive pool of
    /// `poolSize`, HTTP/2 by ALPN unless `httpVersion` is `.http1` (with idle pings every
    /// `http2PingInterval`), connect and idle timeouts, TLS with full certificate verification (plus the
    /// configured extra trust roots and client certificate), no redirects (keys stay with their
    /// host), no automatic connection retries (the connector is the one retry layer), the proxy when
    /// `throughProxy`, and no HTTP spans from AsyncHTTPClient when no tracer is bootstrapped.
    /// - Throws: ``LLMError`` (`invalidConfiguration`) when a certificate or key file cannot be read.
    public static func clientConfiguration(_ configuration: ConnectorConfiguration, throughProxy: Bool = false)
        throws(LLMError) -> HTTPClient.Configuration
    {
        var pool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.poolSize)
        pool.retryConnectionEstablishment = false
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        try TLSFiles.apply(configuration.tls, to: &tls)
        var client = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow,
            timeout: .init(
                connect: TimeAmount(configuration.timeouts.connect), read: TimeAmount(configuration.timeouts.idle)),
            connectionPool: pool, decompression: .disabled)
        client.httpVersion = configuration.httpVersion == .http1 ? .http1Only : .automatic
        if configuration.httpVersion != .http1 {
            client.http2ConnectionDebugInitializer = HTTP2ConnectionWatcher.installer(
                pingInterval: configuration.http2PingInterval)
        }
        // AsyncHTTPClient takes the tracer when the configuration is made; with none bootstrapped it
        // would still build a no-op span and its attributes (parsing the URL again) per request.
        if InstrumentationSystem.instrument is NoOpInstrument || InstrumentationSystem.tracer is NoOpTracer {
            client.tracing.tracer = nil
        }
        return throughProxy ? Self.throughProxy(client, configuration.proxy) : client
    }

    /// `client` sending through `proxy` (basic auth from its URL's user and password).
    private static func throughProxy(_ client: HTTPClient.Configuration, _ proxy: ProxySettings?)
        -> HTTPClient.Configuration
    {
        guard let proxy, let host = proxy.url.host else { return client }
        var proxied = client
        let authorization = proxy.url.user.map {
            HTTPClient.Authorization.basic(username: $0, password: proxy.url.password ?? "")
        }
        proxied.proxy = .server(host: host, port: proxy.port, authorization: authorization)
        return proxied
    }

    /// Refuses new requests and shuts the owned `HTTPClient` down at once, cancelling what is in
    /// flight (an injected client is left to its owner); a second call does nothing. For a graceful
    /// end, run the connector as a `Service` or call ``drain(within:)`` first.
    public func shutdown() async throws {
        guard gate.markShutDown() else { return }
        for lanes in ownedLanes { try await lanes.shutdown() }
    }

    /// Sends a request and returns the whole response, retrying and failing over as the policy says.
    ///
    /// Each attempt — connecting, TLS, the head and the whole body — is one request bounded by one
    /// timer: the attempt timeout, within the request's deadline. A body that trickles or stalls
    /// past it is a timeout, failed over like a slow head; a body over `maxResponseBytes` is
    /// refused as it arrives, never held whole.
    /// - Throws: ``LLMError``; when every endpoint failed, its ``LLMError/attemptErrors`` say what each answered.
    public func send(_ request: ConnectorRequest, context: RequestContext) async throws -> ConnectorResponse {
        try gate.enter()
        defer { gate.leave() }
        let deadline = context.deadline ?? .now + configuration.timeouts.total
        return try await run(request, context: context, deadline: deadline) { index, attempt, reserved in
            try await self.wholeAttempt(
                request, endpointIndex: index, attempt: attempt, reservedTokens: reserved, deadline: deadline,
                context: context)
        }
    }

    /// Settles the tokens reserved for a served request with the tokens it really used (from the
    /// response's usage).
    public func settle(_ info: ResponseInfo, usedTokens: Int) async {
        guard info.reservedTokens > 0, endpoints.indices.contains(info.endpointIndex),
            let limits = endpoints[info.endpointIndex].rateLimits
        else { return }
        await configuration.rateLimitStore.settle(
            key: endpoints[info.endpointIndex].rateLimitKey, reserved: info.reservedTokens, actual: usedTokens,
            limits: limits)
    }

    /// What the rate limits have left: the counts of the last rate-limit headers any endpoint sent
    /// (`x-ratelimit-*`, `anthropic-ratelimit-*`), and where the connector limits an endpoint
    /// itself, that endpoint's client-side buckets (the smaller of the two for each count); nil
    /// when neither reports anything.
    public func rateLimitHeadroom() async -> RateLimitInfo? {
        var info = reported.withLockedValue { $0 }
        for endpoint in endpoints {
            guard let limits = endpoint.rateLimits,
                let left = await configuration.rateLimitStore.remaining(key: endpoint.rateLimitKey, limits: limits)
            else { continue }
            func smaller(_ a: Int?, _ b: Int?) -> Int? { [a, b].compactMap { $0 }.min() }
            info = RateLimitInfo(
                remainingRequests: smaller(info?.remainingRequests, left.remainingRequests),
                remainingTokens: smaller(info?.remainingTokens, left.remainingTokens),
                limitRequests: info?.limitRequests ?? left.limitRequests,
                limitTokens: info?.limitTokens ?? left.limitTokens)
            break
        }
        return info
    }

    /// Delivers an event to the request context's handler; the event is only built when one listens.
    public func emit(_ event: @autoclosure () -> LLMEvent, context: RequestContext) {
        guard context.eventHandler != nil else { return }
        context.emit(event())
    }
}
