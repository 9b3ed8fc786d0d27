package import Foundation
package import LLMCore
import OTelSemanticConventions
package import Tracing

/// A client span the library starts and ends itself (a request's GenAI span, an attempt's), or
/// nothing when no tracer is bootstrapped: with the no-op tracer the library does no tracing work
/// at all, since even an unrecorded span costs a task-local binding and allocations per request.
/// Nothing bootstrapped (the no-op instrument) is recognised first: `InstrumentationSystem.tracer`
/// searches with a protocol cast.
package struct ClientSpan: Sendable {
    /// The span, nil when tracing is off.
    package let span: (any Span)?

    /// Starts a client span named `name` under the task's current context, and sets its first
    /// attributes; nil inside when no tracer is bootstrapped.
    package init(_ name: String, attributes: (inout SpanAttributes) -> Void) {
        if InstrumentationSystem.instrument is NoOpInstrument || InstrumentationSystem.tracer is NoOpTracer {
            span = nil
            return
        }
        let span = InstrumentationSystem.tracer.startSpan(name, ofKind: .client)
        if span.isRecording { span.updateAttributes(attributes) }
        self.span = span
    }

    /// Runs `operation` with this span as the current context, so the spans it starts are children.
    package func withContext<T>(_ operation: () async throws -> T) async rethrows -> T {
        guard let span else { return try await operation() }
        return try await ServiceContext.$current.withValue(span.context) { try await operation() }
    }

    /// Updates attributes while the span is open (nothing when tracing is off or not recorded).
    package func update(_ attributes: (inout SpanAttributes) -> Void) {
        guard let span, span.isRecording else { return }
        span.updateAttributes(attributes)
    }

    /// Ends the span; a failure sets `error.type` to its ``LLMCore/LLMErrorCode``, records the
    /// error and marks the span's status as an error.
    package func end(failure: LLMError? = nil) {
        guard let span else { return }
        if let failure {
            span.attributes.error.type = .init(rawValue: failure.code.rawValue)
            span.recordError(failure)
            span.setStatus(SpanStatus(code: .error, message: failure.code.rawValue))
        }
        span.end()
    }
}

extension SpanAttributes {
    /// `server.address` and `server.port` of a URL (the scheme's default port when it names none).
    package mutating func setServer(_ url: URL) {
        guard let host = url.host else { return }
        server.address = host
        server.port = url.port ?? (url.scheme == "http" ? 80 : 443)
    }
}
