public import Logging

/// Per-request context (the seeds' `ctx`): an id for tracing, a total deadline, a logger, and tags.
/// Cancellation follows the calling `Task`.
public struct RequestContext: Sendable {
    /// The request id: sent as `x-client-request-id`, logged, and put on errors.
    public var requestId: String
    /// When the whole request (every attempt and failover) must be done; nil uses the connector's
    /// configured total timeout.
    public var deadline: ContinuousClock.Instant?
    /// Where the library logs this request's events (never a key).
    public var logger: Logger
    /// Tags for logs, metrics and traces (tenant, feature, ...).
    public var metadata: [String: String]
    /// Receives this request's lifecycle events (``LLMEvent``); called inline, so keep it quick.
    public var eventHandler: (@Sendable (LLMEvent) -> Void)?

    /// Creates a context; a request id is generated when none is given.
    public init(
        requestId: String? = nil, deadline: ContinuousClock.Instant? = nil,
        logger: Logger = Logger(label: "swift-llm"), metadata: [String: String] = [:],
        eventHandler: (@Sendable (LLMEvent) -> Void)? = nil
    ) {
        self.requestId = requestId ?? Self.makeRequestId()
        self.deadline = deadline
        self.logger = logger
        self.metadata = metadata
        self.eventHandler = eventHandler
        self.logger[metadataKey: "llm.request_id"] = .string(self.requestId)
    }

    /// Creates a context whose deadline is `timeout` from now.
    public init(
        requestId: String? = nil, timeout: Duration, logger: Logger = Logger(label: "swift-llm"),
        metadata: [String: String] = [:], eventHandler: (@Sendable (LLMEvent) -> Void)? = nil
    ) {
        self.init(
            requestId: requestId, deadline: .now + timeout, logger: logger, metadata: metadata,
            eventHandler: eventHandler)
    }

    /// Delivers an event to ``eventHandler``, if any.
    public func emit(_ event: LLMEvent) {
        eventHandler?(event)
    }

    /// A copy with a new request id (and the logger's id metadata updated), for one request of a batch.
    public func withRequestId(_ id: String) -> RequestContext {
        var copy = self
        copy.requestId = id
        copy.logger[metadataKey: "llm.request_id"] = .string(id)
        return copy
    }

    /// The time left until the deadline (negative when passed), or nil without a deadline.
    public var remaining: Duration? {
        deadline.map { $0 - .now }
    }

    /// A new random request id: `req_` and 24 hex digits.
    public static func makeRequestId() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = String(UInt64.random(in: .min ... .max, using: &generator), radix: 16)
        let low = String(UInt32.random(in: .min ... .max, using: &generator), radix: 16)
        return "req_" + String(repeating: "0", count: 16 - high.count) + high
            + String(repeating: "0", count: 8 - low.count) + low
    }
}
