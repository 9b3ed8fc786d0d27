import Connectors
import LLMCore
import Testing

/// The one table of what a failure means (``LLMErrorCode/handling``), row by row, and the proof
/// that the connector's attempt plan reads it: a retry, a failover and a router fallback.
@Suite struct FailureHandlingTests {
    typealias Row = (code: LLMErrorCode, retry: Bool, failover: Bool, fallback: LLMErrorCode.Handling.Fallback)

    static let rows: [Row] = [
        (.serviceUnavailable, true, true, .nextDeployment), (.connectionFailed, true, true, .nextDeployment),
        (.timeout, true, true, .nextDeployment), (.rateLimited, true, false, .nextDeployment),
        (.server, true, false, .nextDeployment), (.noEndpointsAvailable, true, false, .nextDeployment),
        (.tlsFailure, false, false, .nextDeployment), (.quotaExceeded, false, false, .nextDeployment),
        (.modelNotAvailable, false, false, .nextDeployment), (.decoding, false, false, .nextDeployment),
        (.contextLengthExceeded, false, false, .contextWindowChain),
        (.contentFiltered, false, false, .contentFilterChain), (.authentication, false, false, .none),
        (.permissionDenied, false, false, .none), (.invalidRequest, false, false, .none),
        (.invalidPrompt, false, false, .none), (.notFound, false, false, .none), (.cancelled, false, false, .none),
        (.invalidConfiguration, false, false, .none), (.unsupportedOperation, false, false, .none),
        (.invalidOutput, false, false, .none), (.streamInterrupted, false, false, .none),
        (LLMErrorCode(rawValue: "somethingNew"), false, false, .none),
    ]

    @Test(arguments: rows.indices) func eachCodeMeansOneThingToEveryLayer(index: Int) {
        let row = Self.rows[index]
        let handling = row.code.handling
        #expect(handling == .init(retry: row.retry, failover: row.failover, fallback: row.fallback), "\(row.code)")
        let error = LLMError(code: row.code, message: "x")
        #expect(error.isRetryable == row.retry)
        #expect(error.triggersFailover == row.failover)
    }

    @Test func anHTTP408TimeoutIsRetriedInPlaceNotFailedOver() {
        let error = LLMError(code: .timeout, message: "x", httpStatus: 408)
        #expect(error.isRetryable && !error.triggersFailover)
    }

    /// The attempt plan acts on the table: a failover row moves to the next endpoint at once, a
    /// retry-only row backs off on the same endpoint, and any other row ends the request.
    @Test(arguments: rows.indices) func theAttemptPlanFollowsTheTable(index: Int) {
        let row = Self.rows[index]
        let t0 = ContinuousClock.now
        var plan = AttemptPlan(
            policy: RetryPolicy(maxRetries: 1, baseBackoff: .seconds(1), maxBackoff: .seconds(1), jitter: false),
            cooldown: .seconds(5), deadline: t0 + .seconds(600), random: { 1 })
        let healthy: [ContinuousClock.Instant?] = [nil, nil]
        #expect(plan.start(cooldowns: healthy, now: t0) == .attempt(endpoint: 0, after: .zero))
        _ = plan.sending()
        let step = plan.failed(LLMError(code: row.code, message: "x"), now: t0, cooldowns: healthy).step
        switch (row.failover, row.retry) {
        case (true, _): #expect(step == .attempt(endpoint: 1, after: .zero), "\(row.code)")
        case (false, true): #expect(step == .attempt(endpoint: 0, after: .seconds(1)), "\(row.code)")
        case (false, false):
            guard case .fail(let error) = step else {
                Issue.record("\(row.code) should end the request, not \(step)")
                return
            }
            #expect(error.code == row.code)
        }
    }
}
