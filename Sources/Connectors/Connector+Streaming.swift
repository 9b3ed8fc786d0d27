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
}

/// Produces a stream's elements on demand. Only the consuming task calls ``next()``, one call at a
/// time (AsyncThrowingStream's unfolding contract), so its state needs no lock.
final class EventPuller: @unchecked Sendable {
    private let connector: Connector
    private let request: ConnectorRequest
    private let context: RequestContext
    private let deadline: ContinuousClock.Instant
    private var opened: OpenedStream?
    private var pending: [ServerSentEvent] = []
    private var finished = false
    private var delivered = 0
    private var text = ""

    init(connector: Connector, request: ConnectorRequest, context: RequestContext) {
        self.connector = connector
        self.request = request
        self.context = context
        self.deadline = context.deadline ?? .now + connector.configuration.timeouts.total
    }

    func next() async throws -> ConnectorStreamElement? {
        guard !finished else { return nil }
        do {
            guard opened != nil else {
                // Open the stream and read up to its first event inside the retry loop.
                let stream = try await connector.run(
                    request, context: context, deadline: deadline, accept: "text/event-stream"
                ) { response, info in
                    var stream = OpenedStream(info: info, iterator: response.body.makeAsyncIterator())
                    try await stream.readFirstEvents(requiresTerminator: self.request.requiresStreamTerminator)
                    return stream
                }
                pending = stream.pending
                opened = stream
                if stream.sawTerminator && stream.pending.isEmpty { finished = true }
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

    /// The next event: a buffered one, else read until one completes; nil after `[DONE]`.
    private func nextEvent() async throws -> ServerSentEvent? {
        while true {
            if !pending.isEmpty {
                let event = pending.removeFirst()
                if event.data == "[DONE]" { return nil }
                return event
            }
            guard var stream = opened else { return nil }
            if stream.sawTerminator || stream.ended {
                guard stream.sawTerminator || !request.requiresStreamTerminator else {
                    throw LLMError(
                        code: .streamInterrupted,
                        message: "the stream ended after \(delivered) event(s) without its [DONE] terminator",
                        hint: "the answer is incomplete; retry the request")
                }
                return nil
            }
            guard ContinuousClock.now < deadline else {
                throw LLMError(code: .timeout, message: "the request deadline passed during the stream")
            }
            opened = nil  // keep the iterator uniquely referenced while it is advanced
            defer { opened = stream }
            if let buffer = try await stream.iterator.next() {
                pending = stream.decoder.feed(buffer.readableBytesView)
                if let done = pending.firstIndex(where: { $0.data == "[DONE]" }) {
                    pending.removeSubrange(done...)
                    stream.sawTerminator = true
                }
            } else {
                stream.ended = true
            }
        }
    }

    /// An error before any event is the connector's own; after one it is `streamInterrupted`.
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

/// A stream whose head arrived with a 2xx status, read up to its first event.
struct OpenedStream {
    let info: ResponseInfo
    var iterator: HTTPClientResponse.Body.AsyncIterator
    var decoder = SSEDecoder()
    /// Events read but not yet yielded.
    var pending: [ServerSentEvent] = []
    var sawTerminator = false
    var ended = false

    init(info: ResponseInfo, iterator: HTTPClientResponse.Body.AsyncIterator) {
        self.info = info
        self.iterator = iterator
    }

    /// Reads until at least one event (or the terminator) arrived. A stream that closes first
    /// failed before anything reached the caller, so it is a connection failure the loop may retry.
    mutating func readFirstEvents(requiresTerminator: Bool) async throws {
        while pending.isEmpty && !sawTerminator {
            guard let buffer = try await iterator.next() else {
                ended = true
                if requiresTerminator {
                    throw LLMError(
                        code: .connectionFailed, message: "the stream closed before its first event",
                        endpoint: info.endpoint, requestId: info.requestId)
                }
                return
            }
            for event in decoder.feed(buffer.readableBytesView) {
                if event.data == "[DONE]" {
                    sawTerminator = true
                    break
                }
                pending.append(event)
            }
        }
    }
}
