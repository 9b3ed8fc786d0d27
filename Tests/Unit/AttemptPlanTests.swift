import Connectors
import LLMCore
import Testing

/// The connector's retry and failover decisions as a pure state machine, with time as an input:
/// every row of DESIGN.md's failure table, the budget, the deadline, cooldown ordering and the
/// retry-after cap. (The socket tests in Tests/Integration are the acceptance tests.)
@Suite struct AttemptPlanTests {
    typealias Instant = ContinuousClock.Instant

    /// A fixed origin: every instant below is this plus a duration, so nothing depends on the clock.
    static let t0 = ContinuousClock.now
    static let policy = RetryPolicy(
        maxRetries: 2, baseBackoff: .milliseconds(500), maxBackoff: .seconds(8), maxRetryAfter: .seconds(60),
        jitter: false)

    static func plan(
        _ policy: RetryPolicy = policy, deadline: Duration = .seconds(600), random: Double = 1
    ) -> AttemptPlan {
        AttemptPlan(policy: policy, cooldown: .seconds(5), deadline: t0 + deadline, random: { random })
    }

    static func failure(
        _ code: LLMErrorCode, status: Int? = nil, retryAfter: Duration? = nil, host: String = "a"
    ) -> LLMError {
        LLMError(
            code: code, message: "failed", httpStatus: status, endpoint: "https://\(host).example/chat",
            retryAfter: retryAfter)
    }

    static let healthy: [Instant?] = [nil, nil, nil]

    // MARK: - Failover class: at once, cooled down

    @Test(arguments: [
        failure(.serviceUnavailable, status: 502), failure(.serviceUnavailable, status: 503),
        failure(.serviceUnavailable, status: 504), failure(.connectionFailed), failure(.timeout),
    ])
    func failoverClassMovesToTheNextEndpointAtOnceAndCoolsTheFailedOneDown(error: LLMError) {
        var plan = Self.plan()
        #expect(plan.start(cooldowns: Self.healthy, now: Self.t0) == .attempt(endpoint: 0, after: .zero))
        _ = plan.sending()
        let decision = plan.failed(error, now: Self.t0 + .seconds(1), cooldowns: Self.healthy)
        #expect(decision.step == .attempt(endpoint: 1, after: .zero))
        #expect(decision.coolDownUntil == Self.t0 + .seconds(6))
        #expect(decision.retryDelay == nil && decision.backoff == nil)
        #expect(plan.retriesUsed == 0)
    }

    @Test func aPinnedRequestBacksOffAndRetriesItsEndpointInsteadOfFailingOver() {
        var plan = Self.plan()
        // Pinned to endpoint 1, even while it cools down.
        let cooling: [Instant?] = [nil, Self.t0 + .seconds(3), nil]
        #expect(plan.start(cooldowns: cooling, now: Self.t0, pinned: 1) == .attempt(endpoint: 1, after: .zero))
        _ = plan.sending()
        let first = plan.failed(Self.failure(.serviceUnavailable, status: 503), now: Self.t0, cooldowns: cooling)
        #expect(first.step == .attempt(endpoint: 1, after: .milliseconds(500)))
        #expect(first.backoff == .milliseconds(500))
        _ = plan.sending()
        let second = plan.failed(Self.failure(.connectionFailed), now: Self.t0 + .seconds(1), cooldowns: cooling)
        #expect(second.step == .attempt(endpoint: 1, after: .seconds(1)))
        _ = plan.sending()
        // The retry budget (2) is spent: the request fails, still without moving.
        guard
            case .fail(let error) = plan.failed(
                Self.failure(.timeout), now: Self.t0 + .seconds(3), cooldowns: cooling
            ).step
        else {
            Issue.record("expected the pinned request to fail")
            return
        }
        #expect(error.code == .timeout && plan.attempts == 3)
        var unknown = Self.plan()
        guard case .fail(let none) = unknown.start(cooldowns: Self.healthy, now: Self.t0, pinned: 7) else {
            Issue.record("an endpoint that does not exist cannot be pinned")
            return
        }
        #expect(none.code == .noEndpointsAvailable)
    }

    // MARK: - Never processed (HTTP/2 REFUSED_STREAM, past a GOAWAY): at once, free, bounded

    @Test func anUnprocessedAttemptIsSentAgainToTheSameEndpointAtOnceWithoutTheBudget() {
        var plan = Self.plan(RetryPolicy(maxRetries: 0, jitter: false))
        #expect(plan.start(cooldowns: Self.healthy, now: Self.t0) == .attempt(endpoint: 0, after: .zero))
        let refused = Self.failure(.connectionFailed)
        for resend in 1...AttemptPlan.maxUnprocessedResends {
            _ = plan.sending()
            let decision = plan.notProcessed(refused, now: Self.t0, cooldowns: Self.healthy)
            #expect(decision.step == .attempt(endpoint: 0, after: .zero))
            #expect(decision.coolDownUntil == nil)
            #expect(plan.retriesUsed == 0)
            #expect(plan.unprocessedResends == resend)
        }
        // Past the bound it is the connection failure it is: failed over to the next endpoint.
        _ = plan.sending()
        let last = plan.notProcessed(refused, now: Self.t0, cooldowns: Self.healthy)
        #expect(last.step == .attempt(endpoint: 1, after: .zero))
        #expect(last.coolDownUntil == Self.t0 + .seconds(5))
    }

    @Test func anUnprocessedAttemptStillRespectsTheDeadline() {
        var plan = Self.plan(deadline: .seconds(1))
        _ = plan.start(cooldowns: Self.healthy, now: Self.t0)
        _ = plan.sending()
        let decision = plan.notProcessed(
            Self.failure(.connectionFailed), now: Self.t0 + .seconds(2), cooldowns: Self.healthy)
        guard case .fail(let error) = decision.step else {
            Issue.record("expected the deadline to stop it, got \(decision.step)")
            return
        }
        #expect(error.code == .timeout)
    }

    @Test func aTimeoutThatIsHTTP408IsRetriedInPlace() {
        var plan = Self.plan()
        _ = plan.start(cooldowns: Self.healthy, now: Self.t0)
        let decision = plan.failed(Self.failure(.timeout, status: 408), now: Self.t0, cooldowns: Self.healthy)
        #expect(decision.step == .attempt(endpoint: 0, after: .milliseconds(500)))
        #expect(decision.coolDownUntil == nil)
        #expect(decision.retryDelay == .milliseconds(500))
    }

    // MARK: - Retry in place

    @Test func aRateLimitIsRetriedAtTheSameEndpointAfterItsRetryAfterAndPausesTheEndpoint() {
        var plan = Self.plan()
        _ = plan.start(cooldowns: Self.healthy, now: Self.t0)
        let decision = plan.failed(
            Self.failure(.rateLimited, status: 429, retryAfter: .milliseconds(400)), now: Self.t0,
            cooldowns: Self.healthy)
        #expect(decision.step == .attempt(endpoint: 0, after: .milliseconds(400)))
        #expect(decision.pause == .milliseconds(400))
        #expect(decision.retryDelay == .milliseconds(400))
        #expect(decision.coolDownUntil == nil)
        #expect(plan.retriesUsed == 1)
    }

    @Test func aRetryAfterAboveTheCapIsSurfacedAtOnceButStillPausesTheEndpoint() {
        var plan = Self.plan()
        _ = plan.start(cooldowns: Self.healthy, now: Self.t0)
        let limited = Self.failure(.rateLimited, status: 429, retryAfter: .seconds(120))
        let decision = plan.failed(limited, now: Self.t0, cooldowns: Self.healthy)
        #expect(decision.step == .fail(limited))
        #expect(decision.pause == .seconds(120))
        #expect(decision.retryDelay == nil)
    }

    @Test(arguments: [failure(.server, status: 500), failure(.rateLimited, status: 429)])
    func retriesWithoutRetryAfterBackOffExponentially(error: LLMError) {
        var plan = Self.plan(RetryPolicy(maxRetries: 5, jitter: false))
        _ = plan.start(cooldowns: Self.healthy, now: Self.t0)
        var delays: [Duration] = []
        for _ in 0..<5 {
            let decision = plan.failed(error, now: Self.t0, cooldowns: Self.healthy)
            guard case .attempt(let endpoint, let delay) = decision.step else {
                Issue.record("expected a retry, got \(decision.step)")
                return
            }
            #expect(endpoint == 0)
            delays.append(delay)
        }
        #expect(delays == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8)])
    }

    @Test func jitterPicksBetweenHalfAndAllOfTheBackoff() {
        let jittered = RetryPolicy(baseBackoff: .seconds(2), jitter: true)
        #expect(jittered.backoff(forRetry: 0, random: 0) == .seconds(1))
        #expect(jittered.backoff(forRetry: 0, random: 1) == .seconds(2))
        #expect(jittered.backoff(forRetry: 0, random: 0.5) == .milliseconds(1_500))
        // Out-of-range draws are clamped (a non-finite one gives the whole backoff), never a longer wait.
        #expect(jittered.backoff(forRetry: 0, random: 7) == .seconds(2))
        #expect(jittered.backoff(forRetry: 0, random: -3) == .seconds(1))
        #expect(jittered.backoff(forRetry: 0, random: -.infinity) == .seconds(2))
        #expect(jittered.backoff(forRetry: 0, random: .nan) == .seconds(2))
        #expect(jittered.backoff(forRetry: -3, random: 1) == .seconds(2))
        #expect(jittered.backoff(forRetry: .max, random: 1) == .seconds(8))
    }

    // MARK: - Surfaced at once

    @Test(arguments: [
        failure(.invalidRequest, status: 400), failure(.authentication, status: 401),
        failure(.permissionDenied, status: 403), failure(.notFound, status: 404),
        failure(.contentFiltered, status: 400), failure(.cancelled), failure(.quotaExceeded, status: 429),
        failure(.decoding), failure(.invalidConfiguration),
    ])
    func callerErrorsAreNeverRetriedNorFailedOver(error: LLMError) {
        var plan = Self.plan()
        _ = plan.start(cooldowns: Self.healthy, now: Self.t0)
        let decision = plan.failed(error, now: Self.t0, cooldowns: Self.healthy)
        #expect(decision.step == .fail(error))
        #expect(decision.coolDownUntil == nil && decision.retryDelay == nil && decision.backoff == nil)
        #expect(plan.retriesUsed == 0)
    }

    // MARK: - Passes and the budget

    @Test func whenEveryEndpointFailsOverThePlanBacksOffAndStartsAgainWithTheSoonestCooldown() {
        var plan = Self.plan()
        _ = plan.start(cooldowns: [nil, nil], now: Self.t0)
        var cooldowns: [Instant?] = [nil, nil]
        let first = plan.failed(
            Self.failure(.serviceUnavailable, status: 503), now: Self.t0, cooldowns: cooldowns)
        cooldowns[0] = first.coolDownUntil
        #expect(first.step == .attempt(endpoint: 1, after: .zero))
        let second = plan.failed(
            Self.failure(.serviceUnavailable, status: 502, host: "b"), now: Self.t0 + .seconds(1),
            cooldowns: cooldowns)
        // Both cool: endpoint 0 until t0+5 s, endpoint 1 until t0+6 s; the backoff of pass 0 is 0.5 s.
        #expect(second.backoff == .milliseconds(500))
        #expect(second.step == .attempt(endpoint: 0, after: .milliseconds(500)))
        #expect(plan.retriesUsed == 1 && plan.pass == 1)
    }

    @Test func theBudgetCountsRetriesAndPassesAndTheLastErrorListsEveryAttempt() {
        var plan = Self.plan(RetryPolicy(maxRetries: 1, jitter: false))
        _ = plan.start(cooldowns: [nil, nil], now: Self.t0)
        var step = AttemptPlan.Step.attempt(endpoint: 0, after: .zero)
        var statuses: [Int] = []
        while case .attempt(let endpoint, _) = step {
            _ = plan.sending()
            let status = endpoint == 0 ? 503 : 502
            statuses.append(status)
            step =
                plan.failed(
                    Self.failure(.serviceUnavailable, status: status, host: endpoint == 0 ? "a" : "b"), now: Self.t0,
                    cooldowns: [nil, nil]
                ).step
        }
        #expect(statuses == [503, 502, 503, 502])
        guard case .fail(let error) = step else { return }
        #expect(error.code == .serviceUnavailable)
        #expect(error.attemptErrors.map(\.httpStatus) == [503, 502, 503, 502])
        #expect(error.message.hasPrefix("all 4 attempts failed: a.example HTTP 503: failed; b.example HTTP 502"))
    }

    @Test func aBudgetOfZeroStillTriesEveryEndpointOnce() {
        var plan = Self.plan(RetryPolicy(maxRetries: 0, jitter: false))
        _ = plan.start(cooldowns: Self.healthy, now: Self.t0)
        let unavailable = Self.failure(.serviceUnavailable, status: 503)
        #expect(
            plan.failed(unavailable, now: Self.t0, cooldowns: Self.healthy).step == .attempt(endpoint: 1, after: .zero))
        #expect(
            plan.failed(unavailable, now: Self.t0, cooldowns: Self.healthy).step == .attempt(endpoint: 2, after: .zero))
        guard case .fail(let error) = plan.failed(unavailable, now: Self.t0, cooldowns: Self.healthy).step else {
            Issue.record("expected the plan to stop")
            return
        }
        #expect(error.attemptErrors.count == 3)
    }

    @Test func aLoneEndpointRetriesAFailoverErrorWithBackoff() {
        var plan = Self.plan()
        _ = plan.start(cooldowns: [nil], now: Self.t0)
        let unavailable = Self.failure(.serviceUnavailable, status: 503)
        #expect(
            plan.failed(unavailable, now: Self.t0, cooldowns: [nil]).step
                == .attempt(endpoint: 0, after: .milliseconds(500)))
        #expect(
            plan.failed(unavailable, now: Self.t0, cooldowns: [nil]).step == .attempt(endpoint: 0, after: .seconds(1)))
        guard case .fail = plan.failed(unavailable, now: Self.t0, cooldowns: [nil]).step else {
            Issue.record("expected the budget of 2 to be spent")
            return
        }
    }

    @Test func aRetryAfterTheExhaustedBudgetIsTheLastError() {
        var plan = Self.plan(RetryPolicy(maxRetries: 1, jitter: false))
        _ = plan.start(cooldowns: Self.healthy, now: Self.t0)
        _ = plan.failed(Self.failure(.server, status: 500), now: Self.t0, cooldowns: Self.healthy)
        let decision = plan.failed(Self.failure(.server, status: 500), now: Self.t0, cooldowns: Self.healthy)
        guard case .fail(let error) = decision.step else {
            Issue.record("expected the plan to stop")
            return
        }
        #expect(error.code == .server)
        #expect(error.attemptErrors.count == 2)
    }

    // MARK: - The deadline

    @Test func noAttemptStartsAtOrAfterTheDeadline() {
        var plan = Self.plan(deadline: .seconds(1))
        guard case .fail(let error) = plan.start(cooldowns: Self.healthy, now: Self.t0 + .seconds(1)) else {
            Issue.record("expected a timeout")
            return
        }
        #expect(error.code == .timeout)
        #expect(error.message == "the request deadline passed after 0 attempt(s)")
    }

    @Test func aFailoverAfterTheDeadlineIsATimeoutListingTheAttempts() {
        var plan = Self.plan(deadline: .seconds(1))
        _ = plan.start(cooldowns: Self.healthy, now: Self.t0)
        _ = plan.sending()
        let decision = plan.failed(
            Self.failure(.timeout), now: Self.t0 + .seconds(2), cooldowns: Self.healthy)
        guard case .fail(let error) = decision.step else {
            Issue.record("expected a timeout")
            return
        }
        #expect(error.code == .timeout)
        #expect(error.attemptErrors.count == 1)
        #expect(error.message.hasPrefix("the request deadline passed after 1 attempt(s): a.example timeout"))
    }

    @Test func aBackoffThatWouldCrossTheDeadlineIsNotTakenAndTheErrorSaysWhatWasLeft() {
        var plan = Self.plan(deadline: .milliseconds(300))
        _ = plan.start(cooldowns: Self.healthy, now: Self.t0)
        _ = plan.sending()
        let decision = plan.failed(Self.failure(.server, status: 500), now: Self.t0, cooldowns: Self.healthy)
        guard case .fail(let error) = decision.step else {
            Issue.record("expected a timeout")
            return
        }
        #expect(error.code == .timeout)
        #expect(
            error.message.hasPrefix(
                "the request deadline leaves 0.3 s, too little for the 0.5 s wait before the next attempt, after 1 attempt(s)"
            ))
    }

    @Test func aRetryAfterBeyondTheDeadlineIsReportedAsTheRateLimitWithItsRetryAfter() {
        var plan = Self.plan(deadline: .seconds(1))
        _ = plan.start(cooldowns: Self.healthy, now: Self.t0)
        _ = plan.sending()
        let decision = plan.failed(
            Self.failure(.rateLimited, status: 429, retryAfter: .seconds(2)), now: Self.t0, cooldowns: Self.healthy)
        guard case .fail(let error) = decision.step else {
            Issue.record("expected the rate limit")
            return
        }
        #expect(error.code == .rateLimited)
        #expect(error.retryAfter == .seconds(2))
        #expect(error.message.contains("waiting 2 s would pass the request deadline (1 s left)"))
        #expect(decision.pause == .seconds(2))
    }

    // MARK: - Cooldown ordering

    @Test func healthyEndpointsComeFirstInConfiguredOrderThenCoolingOnesSoonestFirst() {
        let now = Self.t0 + .seconds(10)
        let cooldowns: [Instant?] = [
            Self.t0 + .seconds(30), nil, Self.t0 + .seconds(20), Self.t0 + .seconds(5), nil,
        ]
        // Endpoint 3's cooldown has ended: it is healthy again.
        #expect(AttemptPlan.order(cooldowns: cooldowns, now: now) == [1, 3, 4, 2, 0])
        #expect(AttemptPlan.order(cooldowns: [nil, nil, nil], now: now) == [0, 1, 2])
        #expect(AttemptPlan.order(cooldowns: [], now: now).isEmpty)
    }

    @Test func aPassStartsAtTheHealthyEndpointWhileThePrimaryCools() {
        var plan = Self.plan()
        #expect(
            plan.start(cooldowns: [Self.t0 + .seconds(3), nil], now: Self.t0) == .attempt(endpoint: 1, after: .zero))
    }

    @Test func noEndpointsIsItsOwnError() {
        var plan = Self.plan()
        guard case .fail(let error) = plan.start(cooldowns: [], now: Self.t0) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.code == .noEndpointsAvailable)
    }
}
