import Hummingbird
import Metrics
import OTel
import Prometheus
import ServiceLifecycle
import Tracing

/// The app's telemetry, set up before the connector is made (it takes the metrics factory and the
/// tracer when it is created): metrics to a Prometheus registry that `GET /metrics` serves, and,
/// when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, traces and metrics over OTLP/HTTP through swift-otel
/// (its other settings from the standard `OTEL_*` variables). swift-llm's spans and metrics follow
/// the OpenTelemetry GenAI conventions (`chat gpt-4.1-mini` spans with `gen_ai.*` attributes,
/// `gen_ai.client.operation.duration`, `gen_ai.client.token.usage`), so any OTLP backend's GenAI
/// views read them as they are.
struct Observability {
    let registry = PrometheusCollectorRegistry()
    /// The exporters' background services, to run in the app's ServiceGroup (empty without OTLP).
    private(set) var services: [any Service] = []

    /// Bootstraps swift-metrics (and swift-distributed-tracing when OTLP is configured); once per process.
    init(environment: [String: String]) throws {
        var factories: [any MetricsFactory] = [PrometheusMetricsFactory(registry: registry)]
        if environment["OTEL_EXPORTER_OTLP_ENDPOINT"] != nil {
            var configuration = OTel.Configuration.default
            configuration.serviceName = "swift-llm-chat"
            configuration.logs.enabled = false
            // Where tokens fall: the GenAI conventions' bucket boundaries for token counts.
            configuration.metrics.valueHistogramBuckets["gen_ai.client.token.usage"] = [
                1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1_048_576,
            ]
            let metrics = try OTel.makeMetricsBackend(configuration: configuration)
            let tracing = try OTel.makeTracingBackend(configuration: configuration)
            factories.append(metrics.factory)
            InstrumentationSystem.bootstrap(tracing.factory)
            services = [metrics.service, tracing.service]
        }
        MetricsSystem.bootstrap(MultiplexMetricsHandler(factories: factories))
    }

    /// GET /metrics: the Prometheus text format.
    func addMetricsRoute(to router: Router<BasicRequestContext>) {
        let registry = registry
        router.get("metrics") { _, _ -> Response in
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
