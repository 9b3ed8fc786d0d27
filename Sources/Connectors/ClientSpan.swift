package import Tracing

/// Runs `operation` inside a client span named `name` whose attributes `attributes` sets; without a
/// bootstrapped tracer (the no-op one) it runs `operation` directly, since even an unrecorded span
/// costs a task-local binding and allocations on every request. Nothing bootstrapped (the no-op
/// instrument) is recognised first: `InstrumentationSystem.tracer` searches with a protocol cast.
package func withClientSpan<T>(
    _ name: String, attributes: (inout SpanAttributes) -> Void, _ operation: () async throws -> T
) async throws -> T {
    if InstrumentationSystem.instrument is NoOpInstrument || InstrumentationSystem.tracer is NoOpTracer {
        return try await operation()
    }
    return try await withSpan(name, ofKind: .client) { span in
        if span.isRecording { attributes(&span.attributes) }
        return try await operation()
    }
}
