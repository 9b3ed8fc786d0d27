public import CoreMetrics
import Metrics
import NIOConcurrencyHelpers

/// The library's swift-metrics instruments. They report to the factory given in
/// ``ConnectorConfiguration/metricsFactory`` (by default the one bootstrapped in `MetricsSystem`).
///
/// Every model call is measured by the OpenTelemetry GenAI client metrics, with the attributes
/// `gen_ai.operation.name` (`chat`, `embeddings`, `generate_content`), `gen_ai.provider.name` and
/// `gen_ai.request.model`, and a `unit` dimension that swift-otel exports as the metric's unit:
/// - `gen_ai.client.operation.duration` (timer, `s`), with `error.type` (the ``LLMCore/LLMErrorCode``)
///   when the call failed;
/// - `gen_ai.client.token.usage` (recorder, `{token}`), with `gen_ai.token.type` `input` or `output`;
/// - `gen_ai.client.operation.time_to_first_chunk` (timer, `s`), for streams.
///
/// The library's own counters: `llm_failovers_total{endpoint}`, `llm_retries_total{endpoint}`,
/// `llm_rate_limit_waits_total{endpoint}`.
///
/// Each instrument is made once per label and dimensions and then reused; a model keeps its own
/// (``instruments(operation:provider:model:)``), so its requests look nothing up.
public final class LLMMetrics: Sendable {
    /// Where the instruments report.
    public let factory: any MetricsFactory
    private let counters = NIOLockedValueBox<[InstrumentKey: Counter]>([:])
    private let timers = NIOLockedValueBox<[InstrumentKey: Timer]>([:])

    /// Creates the instruments over a factory.
    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// An instrument's label and dimensions.
    private struct InstrumentKey: Hashable {
        var label: String
        var dimensions: [String]
    }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> Counter {
        let key = InstrumentKey(label: label, dimensions: dimensions.flatMap { [$0.0, $0.1] })
        return counters.withLockedValue { cache in
            if let counter = cache[key] { return counter }
            let counter = Counter(label: label, dimensions: dimensions, factory: factory)
            cache[key] = counter
            return counter
        }
    }

    fileprivate func timer(_ label: String, _ dimensions: [(String, String)]) -> Timer {
        let key = InstrumentKey(label: label, dimensions: dimensions.flatMap { [$0.0, $0.1] })
        return timers.withLockedValue { cache in
            if let timer = cache[key] { return timer }
            let timer = Timer(label: label, dimensions: dimensions, factory: factory)
            cache[key] = timer
            return timer
        }
    }

    /// One model's GenAI instruments, made once and kept by the model.
    package struct ModelInstruments: Sendable {
        fileprivate let metrics: LLMMetrics
        fileprivate let attributes: [(String, String)]
        fileprivate let duration: Timer
        fileprivate let inputTokens: Recorder
        fileprivate let outputTokens: Recorder
        fileprivate let firstChunk: Timer

        /// Records the tokens an operation used.
        package func tokens(input: Int, output: Int?) {
            inputTokens.record(input)
            if let output { outputTokens.record(output) }
        }

        /// Records a successful operation's duration.
        package func succeeded(after duration: Duration) {
            self.duration.recordNanoseconds(LLMMetrics.nanoseconds(duration))
        }

        /// Records a failed operation's duration, with `error.type`.
        package func failed(after duration: Duration, code: String) {
            metrics.timer(
                GenAI.Metric.operationDuration, attributes + [("error.type", code), ("unit", "s")]
            ).recordNanoseconds(LLMMetrics.nanoseconds(duration))
        }

        /// Records a stream's time to its first chunk.
        package func timeToFirstChunk(_ duration: Duration) {
            firstChunk.recordNanoseconds(LLMMetrics.nanoseconds(duration))
        }
    }

    /// The instruments of one model (the same objects on every call for the same names).
    package func instruments(operation: GenAI.Operation, provider: String, model: String) -> ModelInstruments {
        let attributes = [
            (GenAI.Attribute.operationName, operation.rawValue), (GenAI.Attribute.providerName, provider),
            (GenAI.Attribute.requestModel, model),
        ]
        func tokens(_ type: String) -> Recorder {
            Recorder(
                label: GenAI.Metric.tokenUsage,
                dimensions: attributes + [(GenAI.Attribute.tokenType, type), ("unit", "{token}")], aggregate: true,
                factory: factory)
        }
        return ModelInstruments(
            metrics: self, attributes: attributes,
            duration: timer(GenAI.Metric.operationDuration, attributes + [("unit", "s")]),
            inputTokens: tokens("input"), outputTokens: tokens("output"),
            firstChunk: timer(GenAI.Metric.timeToFirstChunk, attributes + [("unit", "s")]))
    }

    /// Counts a failover away from an endpoint.
    public func failover(endpoint: String) {
        counter("llm_failovers_total", [("endpoint", endpoint)]).increment()
    }

    /// Counts an in-place retry at an endpoint.
    public func retry(endpoint: String) {
        counter("llm_retries_total", [("endpoint", endpoint)]).increment()
    }

    /// Counts a wait for an endpoint's rate limit.
    public func rateLimitWait(endpoint: String) {
        counter("llm_rate_limit_waits_total", [("endpoint", endpoint)]).increment()
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
