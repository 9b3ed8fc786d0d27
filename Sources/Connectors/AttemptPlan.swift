import Foundation
public import LLMCore

/// The retry, failover, cooldown and backoff decisions of one request (DESIGN.md, "Connectors"),
/// as a synchronous state machine: the connector says what happened and when, the plan says what
/// to do next. It never sleeps, reads a clock or touches the network; time is an input, so every
/// rule is tested with plain values (`Tests/Unit/AttemptPlanTests.swift`).
///
/// - A failover-class failure (``LLMCore/LLMError/triggersFailover``: 502/503/504, timeouts,
///   connection failures, overload) cools the endpoint down and moves to the next endpoint of the
///   pass at once. When every endpoint of a pass failed over, the plan backs off
///   (``RetryPolicy/backoff(forRetry:random:)`` of the pass number) and starts a new pass.
/// - A retryable failure that is not failover-class (429, 408, 500) is retried at the same
///   endpoint after its retry-after, else the backoff of the retries used so far; a retry-after
///   above ``RetryPolicy/maxRetryAfter`` is surfaced at once.
/// - Anything else (400, 401, 403, 404, content filter, cancellation, quota) is surfaced at once.
/// - A request the server says it never processed (HTTP/2 `REFUSED_STREAM`, or a stream past a
///   `GOAWAY`'s last stream id) is sent to the same endpoint again at once, without using the
///   budget or cooling the endpoint down, up to ``maxUnprocessedResends`` times per request; after
///   that it counts as the connection failure it is.
/// - The budget (``RetryPolicy/maxRetries``) counts in-place retries and extra passes together;
///   when it is spent the error is the last failure, listing every attempt's.
/// - No attempt starts after the deadline and no wait crosses it.
public struct AttemptPlan: Sendable {
    /// The connector's clock.
    public typealias Instant = ContinuousClock.Instant

    /// What to do next.
    public enum Step: Sendable, Hashable {
        /// Send an attempt to the endpoint at this index (of the connector's endpoints) after
        /// waiting `after` (zero: at once).
        case attempt(endpoint: Int, after: Duration)
        /// Stop: the request fails with this error.
        case fail(LLMError)
    }

    /// The decision after a failed attempt: the next step, and what the connector records.
    public struct Decision: Sendable, Hashable {
        /// What to do next.
        public var step: Step
        /// Set for a failover-class failure: cool the failed endpoint down until then.
        public var coolDownUntil: Instant?
        /// Set for a rate limit with a retry-after: pause every request to the failed endpoint
        /// this long (whether or not this request waits).
        public var pause: Duration?
        /// Set when the same endpoint is retried: the wait before it.
        public var retryDelay: Duration?
        /// Set when every endpoint failed over on a pass and a new pass starts: the wait before it.
        public var backoff: Duration?
    }

    /// The retry budget and backoff.
    public let policy: RetryPolicy
    /// How long a failover cools an endpoint down.
    public let cooldown: Duration
    /// When the whole request must be done.
    public let deadline: Instant
    /// Every failure so far, in attempt order.
    public private(set) var failures: [LLMError] = []
    /// Attempts sent so far.
    public private(set) var attempts = 0
    /// Retries of the budget used so far (in-place retries and extra passes).
    public private(set) var retriesUsed = 0
    /// Passes through the endpoints started after the first.
    public private(set) var pass = 0
    /// Free resends of attempts the server never processed, so far.
    public private(set) var unprocessedResends = 0
    /// The most free resends of unprocessed attempts one request gets.
    public static let maxUnprocessedResends = 4
    /// The endpoints of the current pass, and the position of the one being tried.
    private var order: [Int] = []
    private var position = 0
    /// The one endpoint a pinned request may use (nil: any).
    private var pinned: Int?
    private let random: @Sendable () -> Double

    /// Creates the plan of one request. `random` gives the jitter of backoffs (a value in 0...1;
    /// see ``RetryPolicy/backoff(forRetry:random:)``).
    public init(
        policy: RetryPolicy, cooldown: Duration, deadline: Instant,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.policy = policy
        self.cooldown = cooldown
        self.deadline = deadline
        self.random = random
    }

    /// The endpoints of a pass: healthy ones (no cooldown, or one that has ended) in configured
    /// order, then cooling ones by the end of their cooldown, soonest first.
    public static func order(cooldowns: [Instant?], now: Instant) -> [Int] {
        var healthy: [Int] = []
        var cooling: [(index: Int, until: Instant)] = []
        for (index, until) in cooldowns.enumerated() {
            if let until, until > now { cooling.append((index, until)) } else { healthy.append(index) }
        }
        return healthy + cooling.sorted { $0.until < $1.until }.map(\.index)
    }

    /// The first step, given the endpoints' cooldowns (one per endpoint) at `now`. With `pinned`,
    /// only that endpoint is used, cooling or not: a failover-class failure backs off and tries it
    /// again (as the retry policy allows) instead of moving to another endpoint.
    public mutating func start(cooldowns: [Instant?], now: Instant, pinned: Int? = nil) -> Step {
        self.pinned = pinned
        order = pinned.map { cooldowns.indices.contains($0) ? [$0] : [] } ?? Self.order(cooldowns: cooldowns, now: now)
        position = 0
        guard let first = order.first else {
            return .fail(LLMError(code: .noEndpointsAvailable, message: "no endpoint is configured"))
        }
        return step(to: first, after: .zero, now: now, cause: nil)
    }

    /// Records that an attempt is being sent; returns its number (1 for the first).
    public mutating func sending() -> Int {
        attempts += 1
        return attempts
    }

    /// The decision after the current attempt failed with `failure` at `now`; `cooldowns` are the
    /// endpoints' cooldowns as the connector knows them.
    public mutating func failed(_ failure: LLMError, now: Instant, cooldowns: [Instant?]) -> Decision {
        failures.append(failure)
        let endpoint = order[position]
        let pause = failure.code == .rateLimited ? failure.retryAfter : nil
        if failure.triggersFailover {
            let until = now + cooldown
            position += 1
            if position < order.count {
                let next = step(to: order[position], after: .zero, now: now, cause: nil)
                return Decision(step: next, coolDownUntil: until, pause: pause)
            }
            // Every endpoint failed over on this pass: back off, then start a new one.
            guard retriesUsed < policy.maxRetries else {
                return Decision(step: .fail(exhausted()), coolDownUntil: until, pause: pause)
            }
            let delay = policy.backoff(forRetry: pass, random: random())
            retriesUsed += 1
            pass += 1
            var cooling = cooldowns
            if cooling.indices.contains(endpoint) { cooling[endpoint] = until }
            order = pinned.map { [$0] } ?? Self.order(cooldowns: cooling, now: now + delay)
            position = 0
            let next = step(to: order[0], after: delay, now: now, cause: nil)
            return Decision(step: next, coolDownUntil: until, pause: pause, backoff: delay)
        }
        guard failure.isRetryable, !(failure.retryAfter.map { $0 > policy.maxRetryAfter } ?? false) else {
            return Decision(step: .fail(failure), pause: pause)
        }
        guard retriesUsed < policy.maxRetries else {
            return Decision(step: .fail(exhausted()), pause: pause)
        }
        let delay = failure.retryAfter ?? policy.backoff(forRetry: retriesUsed, random: random())
        retriesUsed += 1
        return Decision(
            step: step(to: endpoint, after: delay, now: now, cause: failure), pause: pause, retryDelay: delay)
    }

    /// The decision after the server said it never processed the current attempt (`failure`):
    /// the same endpoint again at once, outside the retry budget and without a cooldown, up to
    /// ``maxUnprocessedResends`` times; after that, as ``failed(_:now:cooldowns:)`` decides.
    public mutating func notProcessed(_ failure: LLMError, now: Instant, cooldowns: [Instant?]) -> Decision {
        guard unprocessedResends < Self.maxUnprocessedResends else {
            return failed(failure, now: now, cooldowns: cooldowns)
        }
        unprocessedResends += 1
        failures.append(failure)
        return Decision(step: step(to: order[position], after: .zero, now: now, cause: nil))
    }

    /// An attempt at `endpoint` after `delay`, unless that would start at or after the deadline.
    private func step(to endpoint: Int, after delay: Duration, now: Instant, cause: LLMError?) -> Step {
        guard now + delay < deadline else { return .fail(deadlineError(waiting: delay, now: now, cause: cause)) }
        return .attempt(endpoint: endpoint, after: delay)
    }

    /// The error when the deadline stops the request: `timeout`, saying how many attempts were
    /// made, what each got and how much time was left; or, when the wait was a rate limit's
    /// retry-after, that `rateLimited` error with its `retryAfter`, so the caller knows when to
    /// come back.
    public func deadlineError(waiting delay: Duration, now: Instant, cause: LLMError? = nil) -> LLMError {
        let left = Self.seconds(max(.zero, deadline - now))
        if var limited = cause, limited.code == .rateLimited, limited.retryAfter != nil {
            limited.message += "; waiting \(Self.seconds(delay)) s would pass the request deadline (\(left) s left)"
            limited.attemptErrors = failures
            return limited
        }
        let summary = failures.map { "\(Self.label($0)): \($0.message)" }.joined(separator: "; ")
        let when =
            delay > .zero && deadline > now
            ? "the request deadline leaves \(left) s, too little for the \(Self.seconds(delay)) s wait before the next attempt,"
            : "the request deadline passed"
        return LLMError(
            code: .timeout,
            message: "\(when) after \(attempts) attempt(s)" + (summary.isEmpty ? "" : ": \(summary)"),
            hint: "raise the deadline or check the endpoints", endpoint: failures.last?.endpoint,
            requestId: failures.last?.requestId, attemptErrors: failures)
    }

    /// The error when the budget is spent: the last failure, listing what every attempt got.
    private func exhausted() -> LLMError {
        guard var last = failures.last else {
            return LLMError(code: .noEndpointsAvailable, message: "no endpoint could be tried")
        }
        guard failures.count > 1 else { return last }
        let summary = failures.map { "\(Self.label($0)): \($0.message)" }.joined(separator: "; ")
        last.message = "all \(failures.count) attempts failed: \(summary)"
        last.attemptErrors = failures
        return last
    }

    /// `host HTTP 503`, or `host timeout` without a status.
    private static func label(_ error: LLMError) -> String {
        let host = error.endpoint.flatMap { URL(string: $0)?.host } ?? "?"
        return error.httpStatus.map { "\(host) HTTP \($0)" } ?? "\(host) \(error.code)"
    }

    /// Seconds with three significant digits.
    static func seconds(_ duration: Duration) -> String {
        FailedResponse.seconds(duration)
    }
}
