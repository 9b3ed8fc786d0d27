public import CoreMetrics
import Metrics
import NIOConcurrencyHelpers

/// The library's swift-metrics instruments. They report to the factory given in
/// ``ConnectorConfiguration/metricsFactory`` (by default the one bootstrapped in `MetricsSystem`).
///
/// Counters: `llm_requests_total{model}`, `llm_errors_total{code}`, `llm_failovers_total{endpoint}`,
/// `llm_retries_total{endpoint}`, `llm_rate_limit_waits_total{endpoint}`, `llm_tokens_in_total{model}`,
/// `llm_tokens_out_total{model}`. Timers: `llm_request_duration_seconds{model}`,
/// `llm_time_to_first_token_seconds{model}`.
///
/// Each instrument is made once per label and dimensions and then reused; a model keeps its own
/// (``instruments(model:)``), so its requests look nothing up.
public final class LLMMetrics: Sendable {
    /// Where the instruments report.
    public let factory: any MetricsFactory
    private let counters = NIOLockedValueBox<[InstrumentKey: Counter]>([:])
    private let timers = NIOLockedValueBox<[InstrumentKey: Timer]>([:])

    /// Creates the instruments over a factory.
    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// An instrument's label and dimension values (the dimension names follow from the label).
    private struct InstrumentKey: Hashable {
        var label: String
        var first: String
        var second: String?
    }

    private func counter(_ label: String, _ first: (String, String), _ second: (String, String)? = nil) -> Counter {
        let key = InstrumentKey(label: label, first: first.1, second: second?.1)
        return counters.withLockedValue { cache in
            if let counter = cache[key] { return counter }
            let counter = Counter(label: label, dimensions: [first] + (second.map { [$0] } ?? []), factory: factory)
            cache[key] = counter
            return counter
        }
    }

    private func timer(_ label: String, _ first: (String, String)) -> Timer {
        let key = InstrumentKey(label: label, first: first.1)
        return timers.withLockedValue { cache in
            if let timer = cache[key] { return timer }
            let timer = Timer(label: label, dimensions: [first], factory: factory)
            cache[key] = timer
            return timer
        }
    }

    /// One model's instruments, made once and kept by the model: the methods of ``LLMMetrics``
    /// that take a model name, without the lookup.
    public struct ModelInstruments: Sendable {
        fileprivate let requests: Counter
        fileprivate let tokensIn: Counter
        fileprivate let tokensOut: Counter
        fileprivate let duration: Timer
        fileprivate let firstToken: Timer

        /// Counts a request.
        public func request() {
            requests.increment()
        }

        /// Counts tokens in and out.
        public func tokens(input: Int, output: Int) {
            tokensIn.increment(by: input)
            tokensOut.increment(by: output)
        }

        /// Records a request's duration.
        public func latency(_ duration: Duration) {
            self.duration.recordNanoseconds(LLMMetrics.nanoseconds(duration))
        }

        /// Records a stream's time to first token.
        public func timeToFirstToken(_ duration: Duration) {
            firstToken.recordNanoseconds(LLMMetrics.nanoseconds(duration))
        }
    }

    /// The instruments of one model (the same objects on every call for the same name).
    public func instruments(model: String) -> ModelInstruments {
        ModelInstruments(
            requests: counter("llm_requests_total", ("model", model)),
            tokensIn: counter("llm_tokens_in_total", ("model", model)),
            tokensOut: counter("llm_tokens_out_total", ("model", model)),
            duration: timer("llm_request_duration_seconds", ("model", model)),
            firstToken: timer("llm_time_to_first_token_seconds", ("model", model)))
    }

    /// Counts a request.
    public func request(model: String) {
        counter("llm_requests_total", ("model", model)).increment()
    }

    /// Counts a failed request by error code.
    public func error(code: String, model: String) {
        counter("llm_errors_total", ("code", code), ("model", model)).increment()
    }

    /// Counts a failover away from an endpoint.
    public func failover(endpoint: String) {
        counter("llm_failovers_total", ("endpoint", endpoint)).increment()
    }

    /// Counts an in-place retry at an endpoint.
    public func retry(endpoint: String) {
        counter("llm_retries_total", ("endpoint", endpoint)).increment()
    }

    /// Counts a wait for an endpoint's rate limit.
    public func rateLimitWait(endpoint: String) {
        counter("llm_rate_limit_waits_total", ("endpoint", endpoint)).increment()
    }

    /// Counts tokens in and out.
    public func tokens(input: Int, output: Int, model: String) {
        counter("llm_tokens_in_total", ("model", model)).increment(by: input)
        counter("llm_tokens_out_total", ("model", model)).increment(by: output)
    }

    /// Records a request's duration.
    public func latency(_ duration: Duration, model: String) {
        timer("llm_request_duration_seconds", ("model", model)).recordNanoseconds(Self.nanoseconds(duration))
    }

    /// Records a stream's time to first token.
    public func timeToFirstToken(_ duration: Duration, model: String) {
        timer("llm_time_to_first_token_seconds", ("model", model)).recordNanoseconds(Self.nanoseconds(duration))
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
