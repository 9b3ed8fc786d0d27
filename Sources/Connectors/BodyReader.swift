import AsyncHTTPClient
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Reads a response body part by part, each read bounded by a time limit.
///
/// AsyncHTTPClient's deadline ends when the response head arrives, and its read timeout (the
/// connector's idle timeout) bounds only a silence, not a body trickled a byte at a time. So the
/// limit is checked before every read, and a read that could outlast it — one whose read timeout
/// would end more than ``tolerance`` after the limit — runs in a task of its own that an
/// event-loop timer cancels at the limit (cancelling the request and closing its connection). A
/// read that cannot outlast the limit is awaited directly: no task, no timer. Cancelling the caller
/// cancels the reading task too.
///
/// A class, so that the async functions reading it hold a reference; one reader at a time.
final class BodyReader: @unchecked Sendable {
    /// Thrown when the limit came before the read's data.
    struct LimitPassed: Error {}

    /// How far past its limit a silent read may end (at the read timeout) before it is raced.
    static let tolerance: Duration = .milliseconds(100)

    private var iterator: HTTPClientResponse.Body.AsyncIterator
    private let readTimeout: Duration

    /// A reader of `body` over a client whose read timeout is `readTimeout`.
    init(_ body: HTTPClientResponse.Body, readTimeout: Duration) {
        self.iterator = body.makeAsyncIterator()
        self.readTimeout = readTimeout
    }

    /// The next part of the body, by `limit`; nil at its end.
    /// - Throws: ``LimitPassed``, the transport's error, or `CancellationError`.
    func next(until limit: ContinuousClock.Instant) async throws -> ByteBuffer? {
        let now = ContinuousClock.now
        guard now < limit else { throw LimitPassed() }
        if now + readTimeout <= limit + Self.tolerance { return try await iterator.next() }
        return try await raced(until: limit)
    }

    /// The whole rest of the body, at most `maxBytes`, by `limit`; nil when it is over `maxBytes`.
    func collect(upTo maxBytes: Int, until limit: ContinuousClock.Instant) async throws -> ByteBuffer? {
        var collected: ByteBuffer?
        while let part = try await next(until: limit) {
            guard (collected?.readableBytes ?? 0) + part.readableBytes <= maxBytes else { return nil }
            if collected == nil {
                collected = part
            } else {
                var part = part
                collected!.writeBuffer(&part)
            }
        }
        return collected ?? ByteBuffer()
    }

    @inline(never)
    private func raced(until limit: ContinuousClock.Instant) async throws -> ByteBuffer? {
        let reading = Task { try await self.iterator.next() }
        let expired = NIOLockedValueBox(false)
        let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(deadline: NIODeadline(limit)) {
            expired.withLockedValue { $0 = true }
            reading.cancel()
        }
        defer { timer.cancel() }
        let part: ByteBuffer?
        do {
            part = try await withTaskCancellationHandler {
                try await reading.value
            } onCancel: {
                reading.cancel()
            }
        } catch {
            if expired.withLockedValue({ $0 }) && !Task.isCancelled { throw LimitPassed() }
            throw error
        }
        // A cancelled read may end as the end of the body rather than as an error.
        if part == nil, expired.withLockedValue({ $0 }) { throw LimitPassed() }
        return part
    }
}
