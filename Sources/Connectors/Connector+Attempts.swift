import AsyncHTTPClient
import Foundation
import LLMCore
import LLMSupport
import Logging
import Metrics
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOSSL
import OTelSemanticConventions
import Tracing

/// The attempt loop: the plan's decisions carried out (sends, failovers, backoffs, the deadline),
/// one HTTP attempt with its auth and request id, and what an answer or a failure says.
extension Connector {
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
            let span = attemptSpan(index, attemptNumber)
            do {
                let result = try await span.withContext { try await attempt(index, attemptNumber, reserved) }
                span.end()
                if markHealthy(index), configuration.rateLimitStore.isShared {
                    await configuration.rateLimitStore.endCooldown(key: cooldownKeys[index])
                }
                return result
            } catch {
                if reserved > 0 { await release(index, reserved: reserved) }
                let decision = afterFailure(
                    error, endpointIndex: index, attempt: attemptNumber, request: request, context: context,
                    span: span, plan: &plan)
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
    func pinnedIndex(_ request: ConnectorRequest) throws(LLMError) -> Int? {
        guard let name = request.pinnedEndpoint else { return nil }
        guard let index = endpoints.firstIndex(where: { $0.name == name }) else {
            throw LLMError.invalid(
                "pinnedEndpoint", "no endpoint of this connector is named '\(name)'",
                hint: "pin the endpointName of a response from this connector")
        }
        return index
    }

    /// The `llm.attempt` span of one attempt (the library's own, under the request's GenAI span):
    /// the endpoint's name, `server.address` and `server.port`, and `http.request.resend_count`
    /// from the second attempt on.
    func attemptSpan(_ index: Int, _ attempt: Int) -> ClientSpan {
        ClientSpan("llm.attempt") { attributes in
            let endpoint = endpoints[index]
            attributes["llm.endpoint"] = endpoint.name
            attributes.setServer(endpoint.baseURL)
            if attempt > 1 { attributes.http.request.resendCount = attempt - 1 }
        }
    }

    /// Classifies a failed attempt, ends its span, asks the plan what to do, and records what it
    /// decided (cooldown, pause, log, metrics, events).
    @inline(never)
    func afterFailure(
        _ error: any Error, endpointIndex index: Int, attempt: Int, request: ConnectorRequest, context: RequestContext,
        span: ClientSpan, plan: inout AttemptPlan
    ) -> AttemptPlan.Decision {
        let endpoint = endpoints[index]
        let failure = classify(error, endpoint: endpoint, request: request, context: context)
        if let status = failure.httpStatus { span.update { $0.http.response.statusCode = status } }
        span.end(failure: failure)
        let now = ContinuousClock.now
        let decision =
            Self.wasNotProcessed(error)
            ? plan.notProcessed(failure, now: now, cooldowns: cooldowns.withLockedValue { $0 })
            : plan.failed(failure, now: now, cooldowns: cooldowns.withLockedValue { $0 })
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
    func wholeAttempt(
        _ request: ConnectorRequest, endpointIndex: Int, attempt: Int, reservedTokens: Int,
        deadline: ContinuousClock.Instant, context: RequestContext
    ) async throws -> ConnectorResponse {
        try await httpAttempt(
            request, endpointIndex: endpointIndex, attempt: attempt, reservedTokens: reservedTokens,
            deadline: deadline, accept: "application/json", context: context
        ) { response, info, limit, _ in
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
    ///
    /// The attempt runs on a lane of its endpoint's clients (``ClientLanes``); `read` gets the
    /// lease, which a stream keeps until it ends.
    func httpAttempt<T>(
        _ request: ConnectorRequest, endpointIndex: Int, attempt: Int, reservedTokens: Int,
        deadline: ContinuousClock.Instant, accept: String, requiredContentType: String? = nil,
        context: RequestContext,
        read: (HTTPClientResponse, ResponseInfo, ContinuousClock.Instant, ClientLanes.Lease) async throws -> T
    ) async throws -> T {
        let endpoint = endpoints[endpointIndex]
        let outgoing = try await authorized(request, endpointIndex: endpointIndex, accept: accept, context: context)
        var http = HTTPClientRequest(url: outgoing.url)
        http.method = HTTPMethod(rawValue: outgoing.method)
        http.headers = outgoing.headers
        if let body = outgoing.body { http.body = .bytes(ByteBuffer(bytes: body)) }
        let limit = attemptLimit(deadline)
        let lease = lanes[endpointIndex].lease(endpoint: endpointIndex)
        let response: HTTPClientResponse
        do {
            response = try await lease.client.execute(http, deadline: NIODeadline(limit), logger: nil)
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw timedOut(endpoint, limit: limit, deadline: deadline, phase: "start answering")
        } catch  where Self.wasNotProcessed(error) {
            // Sent again at once by the attempt loop: on another connection.
            lanes[endpointIndex].refused(endpoint: endpointIndex, lane: lease.lane)
            throw error
        }
        try checkVersion(response.version, endpointIndex: endpointIndex)
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
        return try await read(response, info, limit, lease)
    }

    /// Records the HTTP version an endpoint answered with (its lanes multiplex over HTTP/2), and
    /// refuses an HTTP/1.1 answer when the configuration requires HTTP/2.
    func checkVersion(_ version: HTTPVersion, endpointIndex: Int) throws(LLMError) {
        let http2 = version.major == 2
        lanes[endpointIndex].observe(endpoint: endpointIndex, http2: http2)
        if !http2 && configuration.httpVersion == .http2 {
            throw LLMError(
                code: .invalidConfiguration,
                message:
                    "\(endpoints[endpointIndex].name) answered over HTTP/\(version.major).\(version.minor), but httpVersion is .http2",
                hint: "the server does not offer HTTP/2 (ALPN h2): use httpVersion .automatic or .http1 (--http1)",
                endpoint: endpoints[endpointIndex].baseURL.absoluteString)
        }
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
    func authorized(
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
    func outgoingRequest(
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
    func credential(for endpoint: Endpoint) async throws(LLMError) -> Credential {
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
    func responseInfo(
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
    func redactedURL(_ request: ConnectorRequest, endpointIndex: Int) -> String {
        guard request.url == nil else { return request.redactedURL(at: endpoints[endpointIndex]) }
        return urlParts[endpointIndex].redactedURL(for: request.path)
    }

    /// The error of a non-2xx response, as the endpoint's API classifies it.
    @inline(never)
    func providerError(
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

    func mergedLogger(_ context: RequestContext) -> Logger {
        guard !context.metadata.isEmpty else { return context.logger }
        var logger = context.logger
        for (key, value) in context.metadata { logger[metadataKey: key] = .string(value) }
        return logger
    }

    /// Runs `operation`, failing with `timeout` if it is not done by `deadline`, whether or not it
    /// honours cancellation (LLMCore's one time-limit race, `withTimeLimit`).
    func withDeadline<T: Sendable>(
        _ deadline: ContinuousClock.Instant, requestId: String, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withTimeLimit(
            max(.zero, deadline - .now),
            timeout: {
                LLMError(
                    code: .timeout, message: "the request deadline passed", hint: "raise the deadline",
                    requestId: requestId)
            }, operation)
    }
}
