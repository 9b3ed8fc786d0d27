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
/// Call ``shutdown()`` when done; it is never done in `deinit`.
public final class Connector: Sendable {
    /// The configuration the connector was made with.
    public let configuration: ConnectorConfiguration
    /// The resolved endpoints in failover order (primary first).
    public let endpoints: [Endpoint]
    /// The metrics instruments (shared with the providers using this connector).
    public let metrics: LLMMetrics
    /// The client each endpoint is reached with: one for the endpoints behind the proxy, one for
    /// those reached directly (the same one without a proxy).
    private let clients: [HTTPClient]
    /// The clients the connector made and shuts down (none when one was injected).
    private let ownedClients: [HTTPClient]
    private let cooldowns: NIOLockedValueBox<[ContinuousClock.Instant?]>
    /// Until when a 429 paused each endpoint, so endpoints without limits skip the store otherwise.
    private let pauses: NIOLockedValueBox<[ContinuousClock.Instant?]>
    /// Each endpoint's key in a shared store's cooldowns, made once (a shared store reads them on every request).
    private let cooldownKeys: [String]
    private let logger: Logger
    /// The rate-limit state the last response that reported one carried (any endpoint).
    private let reported = NIOLockedValueBox<RateLimitInfo?>(nil)
    /// Each endpoint's URL around an operation path, built once.
    private let urlParts: [EndpointURLParts]
    /// Where each endpoint's API puts its request id and rate-limit state.
    private let headerNames: [ResponseHeaderNames]

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
        self.metrics = LLMMetrics(factory: configuration.metricsFactory ?? MetricsSystem.factory)
        if let httpClient {
            self.clients = Array(repeating: httpClient, count: configuration.endpoints.count)
            self.ownedClients = []
            return
        }
        let proxied = configuration.endpoints.map { endpoint in
            configuration.proxy.map { $0.applies(to: endpoint.baseURL.host ?? "") } ?? false
        }
        // One configuration (its TLS files read once); the proxied client's adds the proxy.
        let settings = try Self.clientConfiguration(configuration)
        let direct =
            proxied.contains(false) ? HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings) : nil
        let viaProxy =
            proxied.contains(true)
            ? HTTPClient(
                eventLoopGroupProvider: .singleton,
                configuration: Self.throughProxy(settings, configuration.proxy)) : nil
        self.clients = proxied.map { ($0 ? viaProxy : direct)! }
        self.ownedClients = [direct, viaProxy].compactMap { $0 }
    }

    /// The `HTTPClient` settings the connector uses for its own clients: keep-alive pool of
    /// `poolSize`, connect and idle timeouts, TLS with full certificate verification (plus the
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
        client.httpVersion = .http1Only
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

    /// Shuts the owned `HTTPClient` down (an injected one is left to its owner). Call once, when done.
    public func shutdown() async throws {
        for client in ownedClients { try await client.shutdown() }
    }

    /// Sends a request and returns the whole response, retrying and failing over as the policy says.
    ///
    /// Each attempt — connecting, TLS, the head and the whole body — is one request bounded by one
    /// timer: the attempt timeout, within the request's deadline. A body that trickles or stalls
    /// past it is a timeout, failed over like a slow head; a body over `maxResponseBytes` is
    /// refused as it arrives, never held whole.
    /// - Throws: ``LLMError``; when every endpoint failed, its ``LLMError/attemptErrors`` say what each answered.
    public func send(_ request: ConnectorRequest, context: RequestContext) async throws -> ConnectorResponse {
        let deadline = context.deadline ?? .now + configuration.timeouts.total
        return try await run(request, context: context, deadline: deadline) { index, attempt, reserved in
            try await self.wholeAttempt(
                request, endpointIndex: index, attempt: attempt, reservedTokens: reserved, deadline: deadline,
                context: context)
        }
    }

    /// The attempt loop shared by ``send(_:context:)`` and streams: follows the request's
    /// ``AttemptPlan`` (which endpoint, when, and when to stop), classifies failures, sleeps the
    /// waits it asks for, and runs `attempt` (endpoint index, attempt number, tokens reserved).
    ///
    /// Async functions keep their locals in task-allocated frames for as long as they run (a
    /// stream's whole life), so the loop stays small and the bookkeeping lives in synchronous
    /// helpers.
    func run<T>(
        _ request: ConnectorRequest, context: RequestContext, deadline: ContinuousClock.Instant,
        attempt: (Int, Int, Int) async throws -> T
    ) async throws -> T {
        var plan = AttemptPlan(policy: configuration.retry, cooldown: configuration.cooldown, deadline: deadline)
        if configuration.rateLimitStore.isShared { await adoptSharedCooldowns() }
        var step = plan.start(
            cooldowns: cooldowns.withLockedValue { $0 }, now: .now, pinned: try pinnedIndex(request))
        while true {
            let index: Int
            switch step {
            case .fail(let error): throw error
            case .attempt(let endpoint, let delay):
                if delay > .zero { try await Task.sleep(for: delay) }
                index = endpoint
            }
            try Task.checkCancellation()
            let reserved =
                needsAdmission(index)
                ? try await admit(index, tokens: request.tokenEstimate, plan: plan, context: context) : 0
            let attemptNumber = plan.sending()
            do {
                let result = try await withClientSpan("llm.attempt") { attributes in
                    attributes["llm.endpoint"] = endpoints[index].name
                    attributes["llm.attempt"] = attemptNumber
                } _: {
                    try await attempt(index, attemptNumber, reserved)
                }
                if markHealthy(index), configuration.rateLimitStore.isShared {
                    await configuration.rateLimitStore.endCooldown(key: cooldownKeys[index])
                }
                return result
            } catch {
                if reserved > 0 { await release(index, reserved: reserved) }
                let decision = afterFailure(
                    error, endpointIndex: index, attempt: attemptNumber, request: request, context: context,
                    plan: &plan)
                if let pause = decision.pause {
                    // Every request to this endpoint waits, not only this one.
                    await configuration.rateLimitStore.pause(key: endpoints[index].rateLimitKey, for: pause)
                }
                if decision.coolDownUntil != nil, configuration.rateLimitStore.isShared {
                    // Every replica skips it, not only this one.
                    await configuration.rateLimitStore.coolDown(
                        key: cooldownKeys[index], for: configuration.cooldown)
                }
                step = decision.step
            }
        }
    }

    /// The index of the request's pinned endpoint (nil when it is not pinned).
    private func pinnedIndex(_ request: ConnectorRequest) throws(LLMError) -> Int? {
        guard let name = request.pinnedEndpoint else { return nil }
        guard let index = endpoints.firstIndex(where: { $0.name == name }) else {
            throw LLMError.invalid(
                "pinnedEndpoint", "no endpoint of this connector is named '\(name)'",
                hint: "pin the endpointName of a response from this connector")
        }
        return index
    }

    /// Classifies a failed attempt, asks the plan what to do, and records what it decided (cooldown,
    /// pause, log, metrics, events).
    @inline(never)
    private func afterFailure(
        _ error: any Error, endpointIndex index: Int, attempt: Int, request: ConnectorRequest, context: RequestContext,
        plan: inout AttemptPlan
    ) -> AttemptPlan.Decision {
        let endpoint = endpoints[index]
        let failure = classify(error, endpoint: endpoint, request: request, context: context)
        let now = ContinuousClock.now
        let decision = plan.failed(failure, now: now, cooldowns: cooldowns.withLockedValue { $0 })
        if let pause = decision.pause {
            pauses.withLockedValue { $0[index] = now + pause }
        }
        let logger = mergedLogger(context)
        logger.debug(
            "attempt failed",
            metadata: [
                "llm.attempt": "\(attempt)", "llm.endpoint": "\(endpoint.name)", "llm.error_code": "\(failure.code)",
                "llm.http_status": "\(failure.httpStatus ?? 0)",
            ])
        if let until = decision.coolDownUntil {
            cooldowns.withLockedValue { $0[index] = until }
            metrics.failover(endpoint: endpoint.name)
            emit(
                LLMEvent(
                    kind: .failedOver, requestId: context.requestId, endpoint: endpoint.name, attempt: attempt,
                    error: failure), context: context)
            logger.info(
                "failing over", metadata: ["llm.endpoint": "\(endpoint.name)", "llm.error_code": "\(failure.code)"])
        }
        if let delay = decision.retryDelay {
            metrics.retry(endpoint: endpoint.name)
            emit(
                LLMEvent(
                    kind: .retried, requestId: context.requestId, endpoint: endpoint.name, attempt: attempt,
                    delay: delay, error: failure), context: context)
        }
        if let delay = decision.backoff {
            logger.info("all endpoints failed; backing off", metadata: ["llm.backoff_ms": "\(delay.milliseconds)"])
        }
        return decision
    }

    /// One whole attempt against one endpoint: the request, head and body, bounded together by
    /// the attempt's timer (AsyncHTTPClient's deadline until the head, then ``BodyReader``).
    private func wholeAttempt(
        _ request: ConnectorRequest, endpointIndex: Int, attempt: Int, reservedTokens: Int,
        deadline: ContinuousClock.Instant, context: RequestContext
    ) async throws -> ConnectorResponse {
        try await httpAttempt(
            request, endpointIndex: endpointIndex, attempt: attempt, reservedTokens: reservedTokens,
            deadline: deadline, accept: "application/json", context: context
        ) { response, info, limit in
            let reader = BodyReader(response.body, readTimeout: configuration.timeouts.idle)
            let body: ByteBuffer?
            do {
                body = try await reader.collect(upTo: configuration.maxResponseBytes, until: limit)
            } catch is BodyReader.LimitPassed {
                throw timedOut(
                    endpoints[endpointIndex], limit: limit, deadline: deadline, phase: "send its whole answer")
            }
            guard let body else {
                throw LLMError(
                    code: .decoding,
                    message: "the response body exceeds maxResponseBytes (\(configuration.maxResponseBytes) bytes)",
                    hint: "raise maxResponseBytes if such answers are expected", endpoint: info.endpoint,
                    requestId: info.requestId ?? context.requestId)
            }
            return ConnectorResponse(info: info, body: Data(body.readableBytesView))
        }
    }

    /// One HTTP attempt against one endpoint: the head within the attempt's limit
    /// (AsyncHTTPClient's deadline), then `read`, which gets that limit for what it reads before
    /// committing to the endpoint. A non-2xx answer's body (at most 64 KB, read by the same limit)
    /// becomes the endpoint API's error, and so does a 2xx answer whose content type is not
    /// `requiredContentType` when one is given (a JSON error instead of a binary stream).
    func httpAttempt<T>(
        _ request: ConnectorRequest, endpointIndex: Int, attempt: Int, reservedTokens: Int,
        deadline: ContinuousClock.Instant, accept: String, requiredContentType: String? = nil,
        context: RequestContext,
        read: (HTTPClientResponse, ResponseInfo, ContinuousClock.Instant) async throws -> T
    ) async throws -> T {
        let endpoint = endpoints[endpointIndex]
        let outgoing = try await authorized(request, endpointIndex: endpointIndex, accept: accept, context: context)
        var http = HTTPClientRequest(url: outgoing.url)
        http.method = HTTPMethod(rawValue: outgoing.method)
        http.headers = outgoing.headers
        if let body = outgoing.body { http.body = .bytes(ByteBuffer(bytes: body)) }
        let limit = attemptLimit(deadline)
        let response: HTTPClientResponse
        do {
            response = try await clients[endpointIndex].execute(http, deadline: NIODeadline(limit), logger: nil)
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw timedOut(endpoint, limit: limit, deadline: deadline, phase: "start answering")
        }
        let info = responseInfo(
            status: Int(response.status.code), headers: response.headers, request: request,
            endpointIndex: endpointIndex, attempt: attempt, reservedTokens: reservedTokens)
        guard (200..<300).contains(info.status),
            requiredContentType.map({ info.contentType?.lowercased().hasPrefix($0) ?? false }) ?? true
        else {
            // The error body comes from this same response: never a second request to read it.
            let reader = BodyReader(response.body, readTimeout: configuration.timeouts.idle)
            let body = (try? await reader.collect(upTo: 64 * 1024, until: limit)) ?? nil
            throw providerError(
                status: info.status, headers: response.headers, body: body.map { Data($0.readableBytesView) } ?? Data(),
                info: info, endpoint: endpoint, context: context)
        }
        return try await read(response, info, limit)
    }

    /// When an attempt must be done: the attempt timeout from now, within the request's deadline.
    func attemptLimit(_ deadline: ContinuousClock.Instant) -> ContinuousClock.Instant {
        min(deadline, .now + configuration.timeouts.attempt)
    }

    /// A `timeout` for an attempt whose timer ran out, saying which limit it was and what was left.
    @inline(never)
    func timedOut(
        _ endpoint: Endpoint, limit: ContinuousClock.Instant, deadline: ContinuousClock.Instant, phase: String
    ) -> LLMError {
        let left = max(.zero, deadline - .now)
        let which =
            limit < deadline
            ? "within the attempt timeout (\(FailedResponse.seconds(configuration.timeouts.attempt)) s; the request deadline leaves \(FailedResponse.seconds(left)) s)"
            : "before the request deadline"
        return LLMError(code: .timeout, message: "\(endpoint.name) did not \(phase) \(which)")
    }

    /// The attempt's request, authorized by its endpoint's API with the current credential.
    private func authorized(
        _ request: ConnectorRequest, endpointIndex: Int, accept: String, context: RequestContext
    ) async throws -> OutgoingRequest {
        let endpoint = endpoints[endpointIndex]
        var outgoing = try outgoingRequest(request, endpointIndex: endpointIndex, accept: accept, context: context)
        try await endpoint.style.api.authorize(
            &outgoing, endpoint: endpoint, credential: try await credential(for: endpoint))
        return outgoing
    }

    /// The request of an attempt before its endpoint's API authorizes it: URL, method, the
    /// library's headers and the request's own, body.
    @inline(never)
    private func outgoingRequest(
        _ request: ConnectorRequest, endpointIndex: Int, accept: String, context: RequestContext
    ) throws(LLMError) -> OutgoingRequest {
        let endpoint = endpoints[endpointIndex]
        var headers = HTTPHeaders()
        headers.reserveCapacity(6 + request.headers.count)
        headers.add(name: "content-type", value: request.contentType)
        headers.add(name: "accept", value: accept)
        headers.add(name: "user-agent", value: "swift-llm/0.1")
        var outgoing = OutgoingRequest(
            method: request.method, url: request.url?(endpoint) ?? urlParts[endpointIndex].url(for: request.path),
            body: request.body(for: endpoint), requestId: context.requestId, headers: headers)
        for (name, value) in request.headers { try outgoing.setHeader(name, value) }
        return outgoing
    }

    /// The credential of an attempt: a fresh token from the token provider, else the endpoint's key.
    private func credential(for endpoint: Endpoint) async throws(LLMError) -> Credential {
        guard let tokenProvider = configuration.tokenProvider else {
            guard let key = endpoint.apiKey, !key.isEmpty else { return .none }
            return .apiKey(key)
        }
        do {
            return .bearerToken(APIKey(try await tokenProvider()))
        } catch {
            throw LLMError(
                code: .authentication, message: "the token provider failed: \(error)",
                hint: "check the credential the token provider uses", endpoint: endpoint.name)
        }
    }

    @inline(never)
    private func responseInfo(
        status: Int, headers responseHeaders: HTTPHeaders, request: ConnectorRequest, endpointIndex: Int, attempt: Int,
        reservedTokens: Int
    ) -> ResponseInfo {
        let endpoint = endpoints[endpointIndex]
        let headers = ResponseHeaders(responseHeaders, names: headerNames[endpointIndex])
        if headers.rateLimit != RateLimitInfo() { reported.withLockedValue { $0 = headers.rateLimit } }
        return ResponseInfo(
            status: status, endpoint: redactedURL(request, endpointIndex: endpointIndex),
            endpointName: endpoint.name, attempts: attempt, requestId: headers.requestId,
            rateLimit: headers.rateLimit, contentType: headers.contentType, reservedTokens: reservedTokens,
            endpointIndex: endpointIndex)
    }

    /// The request's URL at an endpoint without its query, for logs and errors.
    private func redactedURL(_ request: ConnectorRequest, endpointIndex: Int) -> String {
        guard request.url == nil else { return request.redactedURL(at: endpoints[endpointIndex]) }
        return urlParts[endpointIndex].redactedURL(for: request.path)
    }

    /// The error of a non-2xx response, as the endpoint's API classifies it.
    @inline(never)
    private func providerError(
        status: Int, headers: HTTPHeaders, body: Data, info: ResponseInfo, endpoint: Endpoint, context: RequestContext
    ) -> LLMError {
        let retryAfter = RetryAfter.parse(
            retryAfterMs: headers.first(name: "retry-after-ms"), retryAfter: headers.first(name: "retry-after"))
        var error = endpoint.style.api.failure(
            FailedResponse(
                status: status, body: body.prefix(64 * 1024), retryAfter: retryAfter, endpoint: info.endpoint,
                requestId: info.requestId ?? context.requestId, headers: headers))
        if error.endpoint == nil { error.endpoint = info.endpoint }
        if error.requestId == nil { error.requestId = info.requestId ?? context.requestId }
        return error
    }

    // MARK: - Rate limits and events

    /// Whether a request to the endpoint must ask the rate-limit store: always with configured
    /// limits or a shared store (another replica's pause holds this one too), else only while a
    /// 429's pause may be running.
    private func needsAdmission(_ index: Int) -> Bool {
        endpoints[index].rateLimits != nil || configuration.rateLimitStore.isShared
            || pauses.withLockedValue { $0[index].map { $0 > .now } ?? false }
    }

    /// Waits until the endpoint's rate limits admit the request; returns the tokens reserved. A
    /// wait that would cross the deadline is not taken.
    private func admit(_ index: Int, tokens: Int, plan: AttemptPlan, context: RequestContext) async throws -> Int {
        let endpoint = endpoints[index]
        let limits = endpoint.rateLimits ?? RateLimits()
        let tokens = endpoint.rateLimits?.tokensPerMinute == nil ? 0 : tokens
        while true {
            switch await configuration.rateLimitStore.reserve(
                key: endpoint.rateLimitKey, tokens: tokens, limits: limits)
            {
            case .admitted:
                return tokens
            case .tooLarge(let limit):
                throw LLMError(
                    code: .invalidRequest,
                    message:
                        "the request needs about \(tokens) tokens, over \(endpoint.name)'s limit of \(limit) tokens per minute",
                    hint: "lower maxTokens or shorten the prompt", parameter: "maxTokens", endpoint: endpoint.name,
                    requestId: context.requestId)
            case .wait(let delay):
                metrics.rateLimitWait(endpoint: endpoint.name)
                emit(
                    LLMEvent(
                        kind: .waitedForRateLimit, requestId: context.requestId, endpoint: endpoint.name, delay: delay),
                    context: context)
                let now = ContinuousClock.now
                guard now + delay < plan.deadline else { throw plan.deadlineError(waiting: delay, now: now) }
                try await Task.sleep(for: delay)
            }
        }
    }

    /// Returns a failed attempt's reservation: a request that was not served uses no quota.
    private func release(_ index: Int, reserved: Int) async {
        guard reserved > 0, let limits = endpoints[index].rateLimits else { return }
        await configuration.rateLimitStore.settle(
            key: endpoints[index].rateLimitKey, reserved: reserved, actual: 0, limits: limits)
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

    /// Delivers an event to the request's handler and the connector's.
    /// The event is only built when someone listens.
    public func emit(_ event: @autoclosure () -> LLMEvent, context: RequestContext) {
        guard context.eventHandler != nil || configuration.eventHandler != nil else { return }
        let event = event()
        context.emit(event)
        configuration.eventHandler?(event)
    }

    // MARK: - Endpoint health

    /// Ends the endpoint's cooldown; says whether it had one.
    private func markHealthy(_ index: Int) -> Bool {
        cooldowns.withLockedValue {
            guard $0[index] != nil else { return false }
            $0[index] = nil
            return true
        }
    }

    /// Takes the cooldowns other replicas set in the shared store (a later end wins).
    private func adoptSharedCooldowns() async {
        let keys = cooldownKeys
        let running = await configuration.rateLimitStore.cooldowns(keys: keys)
        guard !running.isEmpty else { return }
        let now = ContinuousClock.now
        cooldowns.withLockedValue { cooldowns in
            for (index, key) in keys.enumerated() {
                guard let left = running[key] else { continue }
                cooldowns[index] = max(cooldowns[index] ?? now + left, now + left)
            }
        }
    }

    // MARK: - Errors and time

    /// Maps anything an attempt threw to an ``LLMError``.
    func classify(_ error: any Error, endpoint: Endpoint, request: ConnectorRequest, context: RequestContext)
        -> LLMError
    {
        var result: LLMError
        if let error = error as? LLMError {
            result = error
        } else if error is CancellationError || Task.isCancelled {
            result = .cancelled(requestId: context.requestId)
        } else if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .tlsHandshakeTimeout:
                result = LLMError(code: .timeout, message: "connecting to \(endpoint.name) timed out")
            case .readTimeout:
                result = LLMError(
                    code: .timeout, message: "\(endpoint.name) sent nothing for \(configuration.timeouts.idle)")
            case .deadlineExceeded:
                result = LLMError(code: .timeout, message: "\(endpoint.name) did not start answering in time")
            case .cancelled:
                result = .cancelled(requestId: context.requestId)
            case .proxyAuthenticationRequired:
                result = LLMError(
                    code: .invalidConfiguration,
                    message: "the proxy refused the connection to \(endpoint.name) (HTTP 407)",
                    hint: "check the user and password in the proxy URL (HTTPS_PROXY)")
            case .invalidURL, .emptyHost, .emptyScheme:
                result = LLMError(
                    code: .invalidConfiguration, message: "the URL of \(endpoint.name) is not one HTTP can use",
                    hint: "check the endpoint's base URL")
            default:
                // The header errors quote the offending values (a key, say): never repeat them.
                let text = String(describing: error)
                if text.contains("invalidHeaderField") {
                    result = LLMError(
                        code: .invalidConfiguration, message: "a request header for \(endpoint.name) is not valid HTTP",
                        hint: "check the keys, tokens and extra headers for control characters")
                } else if text.contains("unsupportedScheme") {
                    result = LLMError(
                        code: .invalidConfiguration,
                        message: "the URL of \(endpoint.name) has a scheme HTTP cannot use",
                        hint: "use an https:// (or, on loopback, http://) URL")
                } else {
                    result = LLMError(code: .connectionFailed, message: "\(endpoint.name): \(text)")
                }
            }
        } else if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            result = LLMError(
                code: .tlsFailure, message: "the TLS handshake with \(endpoint.name) failed: \(error)",
                hint:
                    "check that the server's certificate is trusted (trust a private CA with TLSSettings.additionalTrustRoots, SSL_CERT_FILE or --ca-file) and matches its host"
            )
        } else {
            result = LLMError(code: .connectionFailed, message: "\(endpoint.name): \(error)")
        }
        if result.endpoint == nil { result.endpoint = request.redactedURL(at: endpoint) }
        if result.requestId == nil { result.requestId = context.requestId }
        return endpoint.apiKey.map { result.redacting([$0]) } ?? result
    }

    private func mergedLogger(_ context: RequestContext) -> Logger {
        guard !context.metadata.isEmpty else { return context.logger }
        var logger = context.logger
        for (key, value) in context.metadata { logger[metadataKey: key] = .string(value) }
        return logger
    }

    /// Runs `operation`, failing with `timeout` if it is not done by `deadline`.
    func withDeadline<T: Sendable>(
        _ deadline: ContinuousClock.Instant, requestId: String, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw LLMError(
                    code: .timeout, message: "the request deadline passed", hint: "raise the deadline",
                    requestId: requestId)
            }
            return value
        }
    }
}

extension Duration {
    /// Whole milliseconds.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}

extension TimeAmount {
    /// Converts a `Duration`, saturating at about 292 years either way instead of overflowing.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else {
            self = .nanoseconds(seconds < 0 ? .min : .max)
            return
        }
        let (sum, carry) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        self = .nanoseconds(carry ? (seconds < 0 ? .min : .max) : sum)
    }
}

extension NIODeadline {
    /// The NIO deadline at the same moment as a continuous-clock instant (at most a year ahead).
    init(_ instant: ContinuousClock.Instant) {
        let remaining = min(instant - .now, .seconds(31_536_000))
        self = .now() + TimeAmount(max(remaining, .zero))
    }
}
