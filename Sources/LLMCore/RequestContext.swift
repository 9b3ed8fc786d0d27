import Atomics
import Foundation
public import Logging

/// Per-request context (the seeds' `ctx`): an id for tracing, a total deadline, a logger, and tags.
/// Cancellation follows the calling `Task`.
public struct RequestContext: Sendable {
    /// The request id: sent to the provider where its API takes a client request id, logged, and
    /// put on errors.
    public var requestId: String
    /// When the whole request (every attempt and failover) must be done; nil uses the connector's
    /// configured total timeout.
    public var deadline: ContinuousClock.Instant?
    /// Where the library logs this request's events (never a key), with the request id in its
    /// metadata (`llm.request_id`). The metadata is added when the logger is read, not per request.
    public var logger: Logger {
        get {
            var logger = baseLogger
            logger[metadataKey: "llm.request_id"] = .string(requestId)
            return logger
        }
        set { baseLogger = newValue }
    }
    private var baseLogger: Logger
    /// Tags for logs, metrics and traces (tenant, feature, ...).
    public var metadata: [String: String]
    /// Receives this request's lifecycle events (``LLMEvent``); called inline, so keep it quick.
    public var eventHandler: (@Sendable (LLMEvent) -> Void)?

    /// Creates a context; a request id is generated when none is given.
    public init(
        requestId: String? = nil, deadline: ContinuousClock.Instant? = nil,
        logger: Logger = RequestContext.defaultLogger, metadata: [String: String] = [:],
        eventHandler: (@Sendable (LLMEvent) -> Void)? = nil
    ) {
        self.requestId = requestId ?? Self.makeRequestId()
        self.deadline = deadline
        self.baseLogger = logger
        self.metadata = metadata
        self.eventHandler = eventHandler
    }

    /// Creates a context whose deadline is `timeout` from now.
    public init(
        requestId: String? = nil, timeout: Duration, logger: Logger = RequestContext.defaultLogger,
        metadata: [String: String] = [:], eventHandler: (@Sendable (LLMEvent) -> Void)? = nil
    ) {
        self.init(
            requestId: requestId, deadline: .now + timeout, logger: logger, metadata: metadata,
            eventHandler: eventHandler)
    }

    /// The logger of contexts made without one: label `swift-llm`, made once, on first use (so after
    /// the application bootstrapped `LoggingSystem`, as swift-log expects).
    public static let defaultLogger = Logger(label: "swift-llm")

    /// Delivers an event to ``eventHandler``, if any.
    public func emit(_ event: LLMEvent) {
        eventHandler?(event)
    }

    /// A copy with a new request id (the logger's `llm.request_id` follows), for one request of a batch.
    public func withRequestId(_ id: String) -> RequestContext {
        var copy = self
        copy.requestId = id
        return copy
    }

    /// Whether the logger writes messages at `level`: check it before building a message's metadata.
    public func logs(_ level: Logger.Level) -> Bool {
        baseLogger.logLevel <= level
    }

    /// The time left until the deadline (negative when passed), or nil without a deadline.
    public var remaining: Duration? {
        deadline.map { $0 - .now }
    }

    /// A new random request id: `req_` and 24 hex digits.
    public static func makeRequestId() -> String {
        let (high, low) = RequestIdGenerator.next()
        func hexDigit<Word: FixedWidthInteger>(_ word: Word, _ shift: Int) -> UInt8 {
            let nibble = UInt8(truncatingIfNeeded: word >> shift) & 0xF
            return nibble < 10 ? 0x30 + nibble : 0x57 + nibble  // 0-9, a-f
        }
        return String(unsafeUninitializedCapacity: 28) { buffer in
            for (index, byte) in "req_".utf8.enumerated() { buffer[index] = byte }
            for position in 0..<16 { buffer[4 + position] = hexDigit(high, 60 - 4 * position) }
            for position in 0..<8 { buffer[20 + position] = hexDigit(low, 28 - 4 * position) }
            return 28
        }
    }
}

/// Random request ids without a system call or a lock per id: a SplitMix64 sequence seeded once
/// from the system's generator, its state advanced atomically (ids must be unique, not secret).
private enum RequestIdGenerator {
    static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15
    static let state: ManagedAtomic<UInt64> = {
        var system = SystemRandomNumberGenerator()
        return ManagedAtomic(system.next())
    }()

    /// Two outputs of the sequence (one id's 96 bits).
    static func next() -> (UInt64, UInt32) {
        let second = state.wrappingIncrementThenLoad(by: increment &* 2, ordering: .relaxed)
        return (mix(second &- increment), UInt32(truncatingIfNeeded: mix(second)))
    }

    private static func mix(_ state: UInt64) -> UInt64 {
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
