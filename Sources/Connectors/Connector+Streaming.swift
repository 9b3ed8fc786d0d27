import AsyncHTTPClient
public import LLMCore
import NIOCore

extension Connector {
    /// Sends a request whose answer is a `text/event-stream`, and yields ``ConnectorStreamElement/opened(_:)``
    /// then each event.
    ///
    /// The stream is pulled: the network is read only as fast as the caller consumes events, so a
    /// slow consumer holds one read buffer, not the whole answer. Retries and failover happen only
    /// before the first event reaches the caller; after that a failure ends the stream with
    /// `streamInterrupted`. A stream that ends without `data: [DONE]` (when
    /// ``ConnectorRequest/requiresStreamTerminator``) is an error, never a silently short answer.
    /// The idle timeout applies between network reads and the total deadline between events.
    /// Cancelling the consuming task cancels the HTTP request and frees its connection; so does
    /// dropping the stream.
    public func stream(_ request: ConnectorRequest, context: RequestContext)
        -> AsyncThrowingStream<ConnectorStreamElement, any Error>
    {
        let puller = EventPuller(connector: self, request: request, context: context)
        return AsyncThrowingStream { try await puller.next() }
    }

    /// The puller behind ``stream(_:context:)``, for the library's own streams: they call
    /// ``EventPuller/next()`` directly instead of through a second `AsyncThrowingStream`.
    package func eventPuller(_ request: ConnectorRequest, context: RequestContext) -> EventPuller {
        EventPuller(connector: self, request: request, context: context)
    }
}

/// Produces a stream's elements on demand. Only the consuming task calls ``next()``, one call at a
/// time (AsyncThrowingStream's unfolding contract), so its state needs no lock.
package final class EventPuller: @unchecked Sendable {
    private let connector: Connector
    private let request: ConnectorRequest
    private let context: RequestContext
    private let deadline: ContinuousClock.Instant
    private var opened: OpenedStream?
    /// The event read while opening the stream, yielded after ``ConnectorStreamElement/opened(_:)``.
    private var first: ServerSentEvent?
    private var finished = false
    private var delivered = 0
    private var text = ""

    init(connector: Connector, request: ConnectorRequest, context: RequestContext) {
        self.connector = connector
        self.request = request
        self.context = context
        self.deadline = context.deadline ?? .now + connector.configuration.timeouts.total
    }

    /// The next element: ``ConnectorStreamElement/opened(_:)`` first, then each event; nil at the end.
    package func next() async throws -> ConnectorStreamElement? {
        guard !finished else { return nil }
        do {
            guard opened != nil else {
                // Open the stream and read up to its first event inside the retry loop.
                let (stream, first) = try await connector.run(
                    request, context: context, deadline: deadline, accept: "text/event-stream"
                ) { response, info in
                    let stream = OpenedStream(info: info, iterator: response.body.makeAsyncIterator())
                    let first = try await stream.firstEvent(requiresTerminator: self.request.requiresStreamTerminator)
                    return (stream, first)
                }
                self.first = first
                opened = stream
                if first == nil && stream.sawTerminator { finished = true }
                return .opened(stream.info)
            }
            if let event = try await nextEvent() {
                delivered += 1
                if let piece = request.streamText?(event) { text += piece }
                return .event(event)
            }
            finished = true
            return nil
        } catch {
            finished = true
            throw failure(error)
        }
    }

    /// The next event; nil after `[DONE]`, or at the end of a stream that needs no terminator.
    private func nextEvent() async throws -> ServerSentEvent? {
        if let event = first {
            first = nil
            return event
        }
        guard let stream = opened else { return nil }
        if let event = try await stream.nextEvent(deadline: deadline) { return event }
        guard stream.sawTerminator || !request.requiresStreamTerminator else { throw missingTerminator() }
        return nil
    }

    @inline(never)
    private func missingTerminator() -> LLMError {
        LLMError(
            code: .streamInterrupted,
            message: "the stream ended after \(delivered) event(s) without its [DONE] terminator",
            hint: "the answer is incomplete; retry the request")
    }

    /// An error before any event is the connector's own; after one it is `streamInterrupted`.
    @inline(never)
    private func failure(_ error: any Error) -> LLMError {
        if Task.isCancelled || error is CancellationError { return .cancelled(requestId: context.requestId) }
        guard let info = opened?.info else { return LLMError(wrapping: error) }
        let endpoint = connector.endpoints[info.endpointIndex]
        var failure = connector.classify(error, endpoint: endpoint, request: request, context: context)
        if failure.code != .streamInterrupted {
            failure = LLMError(
                code: .streamInterrupted,
                message: "the stream broke after \(delivered) event(s): \(failure.message)",
                hint: "the answer is incomplete; retry the request", httpStatus: info.status,
                providerCode: failure.code.rawValue)
        }
        if request.streamText != nil { failure.partialContent = text }
        failure.endpoint = info.endpoint
        failure.requestId = info.requestId ?? context.requestId
        return failure
    }
}

/// A stream whose head arrived with a 2xx status. It holds at most one network buffer, decoding
/// its events one at a time as they are asked for. A class, so that the async functions reading it
/// hold a reference rather than a copy in their frames; only the stream's consumer uses it.
final class OpenedStream {
    let info: ResponseInfo
    var iterator: HTTPClientResponse.Body.AsyncIterator
    var decoder = SSEDecoder()
    /// The network buffer being decoded (its undecoded rest).
    var buffer: ByteBuffer?
    var sawTerminator = false
    var ended = false

    init(info: ResponseInfo, iterator: HTTPClientResponse.Body.AsyncIterator) {
        self.info = info
        self.iterator = iterator
    }

    /// Reads the first event. A stream that closes first failed before anything reached the
    /// caller, so it is a connection failure the loop may retry.
    func firstEvent(requiresTerminator: Bool) async throws -> ServerSentEvent? {
        let event = try await nextEvent(deadline: nil)
        if event == nil && ended && requiresTerminator { throw Self.closedBeforeFirstEvent(info) }
        return event
    }

    @inline(never)
    private static func closedBeforeFirstEvent(_ info: ResponseInfo) -> LLMError {
        LLMError(
            code: .connectionFailed, message: "the stream closed before its first event", endpoint: info.endpoint,
            requestId: info.requestId)
    }

    @inline(never)
    private static func deadlinePassed() -> LLMError {
        LLMError(code: .timeout, message: "the request deadline passed during the stream")
    }

    /// The next event, reading the network when the buffer holds no more; nil after `[DONE]` or
    /// when the body ended. `deadline` is checked before each network read.
    func nextEvent(deadline: ContinuousClock.Instant?) async throws -> ServerSentEvent? {
        while !sawTerminator && !ended {
            if var current = buffer {
                buffer = nil  // uniquely referenced while its reader index moves
                let (event, consumed) = current.withUnsafeReadableBytes { raw in
                    decoder.next(in: raw.assumingMemoryBound(to: UInt8.self))
                }
                current.moveReaderIndex(forwardBy: consumed)
                if current.readableBytes > 0 { buffer = current }
                guard let event else { continue }
                guard event.data != "[DONE]" else {
                    sawTerminator = true
                    buffer = nil
                    return nil
                }
                return event
            }
            if let deadline, ContinuousClock.now >= deadline { throw Self.deadlinePassed() }
            if let next = try await iterator.next() { buffer = next } else { ended = true }
        }
        return nil
    }
}
