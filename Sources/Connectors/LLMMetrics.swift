public import CoreMetrics
import Metrics

/// The library's swift-metrics instruments. They report to the factory given in
/// ``ConnectorConfiguration/metricsFactory`` (by default the one bootstrapped in `MetricsSystem`).
///
/// Counters: `llm_requests_total{model}`, `llm_errors_total{code}`, `llm_failovers_total{endpoint}`,
/// `llm_retries_total{endpoint}`, `llm_rate_limit_waits_total{endpoint}`, `llm_tokens_in_total{model}`,
/// `llm_tokens_out_total{model}`. Timers: `llm_request_duration_seconds{model}`,
/// `llm_time_to_first_token_seconds{model}`.
public struct LLMMetrics: Sendable {
    /// Where the instruments report.
    public let factory: any MetricsFactory

    /// Creates the instruments over a factory.
    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Counts a request.
    public func request(model: String) {
        Counter(label: "llm_requests_total", dimensions: [("model", model)], factory: factory).increment()
    }

    /// Counts a failed request by error code.
    public func error(code: String, model: String) {
        Counter(label: "llm_errors_total", dimensions: [("code", code), ("model", model)], factory: factory).increment()
    }

    /// Counts a failover away from an endpoint.
    public func failover(endpoint: String) {
        Counter(label: "llm_failovers_total", dimensions: [("endpoint", endpoint)], factory: factory).increment()
    }

    /// Counts an in-place retry at an endpoint.
    public func retry(endpoint: String) {
        Counter(label: "llm_retries_total", dimensions: [("endpoint", endpoint)], factory: factory).increment()
    }

    /// Counts a wait for an endpoint's rate limit.
    public func rateLimitWait(endpoint: String) {
        Counter(label: "llm_rate_limit_waits_total", dimensions: [("endpoint", endpoint)], factory: factory).increment()
    }

    /// Counts tokens in and out.
    public func tokens(input: Int, output: Int, model: String) {
        Counter(label: "llm_tokens_in_total", dimensions: [("model", model)], factory: factory).increment(by: input)
        Counter(label: "llm_tokens_out_total", dimensions: [("model", model)], factory: factory).increment(by: output)
    }

    /// Records a request's duration.
    public func latency(_ duration: Duration, model: String) {
        Timer(label: "llm_request_duration_seconds", dimensions: [("model", model)], factory: factory)
            .recordNanoseconds(Self.nanoseconds(duration))
    }

    /// Records a stream's time to first token.
    public func timeToFirstToken(_ duration: Duration, model: String) {
        Timer(label: "llm_time_to_first_token_seconds", dimensions: [("model", model)], factory: factory)
            .recordNanoseconds(Self.nanoseconds(duration))
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
