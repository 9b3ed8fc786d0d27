import AsyncHTTPClient
import Foundation
public import LLMCore
import NIOCore

extension Connector {
    /// Sends a request whose answer is a `text/event-stream`, and yields ``ConnectorStreamElement/opened(_:)``
    /// then each event.
    ///
    /// The stream is pulled: the network is read only as fast as the caller consumes events, so a
    /// slow consumer holds one read buffer, not the whole answer. The request's
    /// ``ConnectorRequest/framing`` says which events end the stream, report a failure, or come
    /// before the content: events up to the first content event are read inside the retry loop
    /// (a failure among them is retried or failed over like a failed response); after that a
    /// failure ends the stream with `streamInterrupted`. A stream that ends without its terminal
    /// event (when the framing requires one) is an error, never a silently short answer. The idle
    /// timeout applies between network reads and the total deadline between events. Cancelling the
    /// consuming task cancels the HTTP request and frees its connection; so does dropping the stream.
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
    private var finished = false
    /// Whether the stream is counted in the connector's requests in flight (from opening to its end).
    private var counted = false
    private var delivered = 0

    init(connector: Connector, request: ConnectorRequest, context: RequestContext) {
        self.connector = connector
        self.request = request
        self.context = context
        self.deadline = context.deadline ?? .now + connector.configuration.timeouts.total
    }

    deinit {
        if counted { connector.gate.leave() }
    }

    /// The stream ended (or failed): no more elements, and it no longer counts as in flight.
    private func end() {
        finished = true
        opened = nil  // gives its connection lane back now, not when the stream is dropped
        if counted {
            counted = false
            connector.gate.leave()
        }
    }

    /// The next element: ``ConnectorStreamElement/opened(_:)`` first, then each event; nil at the end.
    package func next() async throws -> ConnectorStreamElement? {
        guard !finished else { return nil }
        do {
            guard let stream = opened else {
                try connector.gate.enter()
                counted = true
                // Open the stream and read up to its first content event inside the retry loop,
                // within the attempt's limit.
                let stream = try await connector.run(request, context: context, deadline: deadline) {
                    index, attempt, reserved in
                    try await self.connector.httpAttempt(
                        self.request, endpointIndex: index, attempt: attempt, reservedTokens: reserved,
                        deadline: self.deadline, accept: self.request.framing.encoding.mediaType,
                        requiredContentType: self.request.framing.encoding.requiredContentType,
                        context: self.context
                    ) { response, info, limit, lease in
                        let stream = OpenedStream(
                            info: info, body: response.body, framing: self.request.framing,
                            configuration: self.connector.configuration, lease: lease)
                        try await stream.readPreamble(until: limit, deadline: self.deadline)
                        return stream
                    }
                }
                opened = stream
                return .opened(stream.info)
            }
            if let whole = stream.whole {
                stream.whole = nil
                delivered += 1
                return .whole(whole)
            }
            if let event = try await stream.nextEvent(deadline: deadline) {
                delivered += 1
                return .event(event)
            }
            end()
            return nil
        } catch {
            let failure = failure(error)
            end()
            throw failure
        }
    }

    /// An error before the stream opened is the connector's own; after it, `streamInterrupted`
    /// (the one place this rule lives: a failure event the framing classified, a broken or
    /// oversized body, the deadline). The text it cut short is the caller's to attach (the chat
    /// lifecycle does).
    @inline(never)
    private func failure(_ error: any Error) -> LLMError {
        if Task.isCancelled || error is CancellationError { return .cancelled(requestId: context.requestId) }
        guard let info = opened?.info else { return LLMError(wrapping: error) }
        let endpoint = connector.endpoints[info.endpointIndex]
        var failure = connector.classify(error, endpoint: endpoint, request: request, context: context)
        // After the first event every failure is `streamInterrupted`, the cause (`decoding` for a
        // corrupt or oversized frame) kept as the provider code.
        if failure.code != .streamInterrupted {
            failure = LLMError(
                code: .streamInterrupted,
                message: "the stream broke after \(delivered) event(s): \(failure.message)",
                hint: "the answer is incomplete; retry the request", httpStatus: info.status,
                providerCode: failure.providerCode ?? failure.code.rawValue, providerMessage: failure.providerMessage)
        }
        failure.endpoint = info.endpoint
        failure.requestId = info.requestId ?? context.requestId
        return failure
    }
}

/// A stream whose head arrived with a 2xx status. It holds at most one network buffer, decoding
/// its events one at a time as they are asked for, and the events read before its first content
/// event. A class, so that the async functions reading it hold a reference rather than a copy in
/// their frames; only the stream's consumer uses it.
///
/// Every network read is bounded by a limit (the attempt's before the content, the request's
/// deadline after) through ``BodyReader``, so neither a stall nor keep-alive comments carry the
/// stream past it. A line or event over `maxStreamEventBytes` and a stream over `maxStreamBytes`
/// end it.
final class OpenedStream {
    /// At most this many events are held before the content starts; after them the stream is
    /// committed to its endpoint anyway.
    static let maxPreambleEvents = 64

    let info: ResponseInfo
    let framing: any StreamFraming
    let maxStreamBytes: Int
    let reader: BodyReader
    /// The lane the stream arrives on, held until the stream is dropped.
    let lease: ClientLanes.Lease
    var decoder: SSEDecoder
    /// The decoder of a binary event stream, used instead of ``decoder`` when set.
    var frames: EventStreamDecoder?
    /// The network buffer being decoded (its undecoded rest).
    var buffer: ByteBuffer?
    /// Bytes read from the network so far.
    var received = 0
    /// Events read before the content started, yielded first.
    var held: [ServerSentEvent] = []
    var heldIndex = 0
    /// Events yielded to the caller so far.
    var yielded = 0
    var sawTerminal = false
    var ended = false
    /// A whole JSON body that answered the stream request instead of events.
    var whole: Data?

    init(
        info: ResponseInfo, body: HTTPClientResponse.Body, framing: any StreamFraming,
        configuration: ConnectorConfiguration, lease: ClientLanes.Lease
    ) {
        self.info = info
        self.lease = lease
        self.reader = BodyReader(body, readTimeout: configuration.timeouts.idle)
        self.framing = framing
        self.maxStreamBytes = configuration.maxStreamBytes
        self.decoder = SSEDecoder(maxEventBytes: configuration.maxStreamEventBytes)
        if framing.encoding == .awsEventStream {
            self.frames = EventStreamDecoder(maxMessageBytes: configuration.maxStreamEventBytes)
        }
    }

    /// Reads the events before the content (and the first content event), keeping them to yield,
    /// by `limit`. A failure event among them is thrown, so the attempt loop retries or fails over;
    /// so is a stream that closes before any event, or one whose first event ends it (an empty
    /// answer), or one that sends nothing usable by the limit.
    func readPreamble(until limit: ContinuousClock.Instant, deadline: ContinuousClock.Instant) async throws {
        if frames == nil, info.contentType?.lowercased().hasPrefix("application/json") == true {
            try await readWhole(until: limit, deadline: deadline)
            return
        }
        while held.count < Self.maxPreambleEvents, let event = try await rawEvent(until: limit, deadline: deadline) {
            switch framing.role(of: event) {
            case .preamble:
                held.append(event)
            case .content:
                held.append(event)
                return
            case .terminal:
                sawTerminal = true
                guard !held.isEmpty else { throw Self.emptyStream(info, framing: framing) }
                return
            case .failure(let error):
                throw error
            }
        }
        if ended && held.isEmpty && framing.requiresTerminal { throw Self.closedBeforeFirstEvent(info) }
    }

    /// Reads a JSON body that answered the stream request (LiteLLM's mocked answers on its Messages
    /// route do), bounded like a stream, for the caller to parse whole.
    private func readWhole(until limit: ContinuousClock.Instant, deadline: ContinuousClock.Instant) async throws {
        let body: ByteBuffer?
        do {
            body = try await reader.collect(upTo: maxStreamBytes, until: limit)
        } catch is BodyReader.LimitPassed {
            throw limitPassed(limit, deadline: deadline)
        }
        guard let body else { throw tooLarge() }
        received = body.readableBytes
        ended = true
        sawTerminal = true  // a whole body is complete: no terminator to wait for
        guard body.readableBytes > 0 else { throw Self.closedBeforeFirstEvent(info) }
        whole = Data(body.readableBytesView)
    }

    @inline(never)
    private static func closedBeforeFirstEvent(_ info: ResponseInfo) -> LLMError {
        LLMError(
            code: .connectionFailed, message: "the stream closed before its first event", endpoint: info.endpoint,
            requestId: info.requestId)
    }

    @inline(never)
    private static func emptyStream(_ info: ResponseInfo, framing: any StreamFraming) -> LLMError {
        LLMError(
            code: .decoding, message: "the stream ended with \(framing.terminalName) before any answer",
            hint: "the service sent no answer; retry the request", endpoint: info.endpoint,
            requestId: info.requestId)
    }

    /// The error when a read's limit passed: the request's deadline, or the attempt's timeout
    /// before the content started (which fails over).
    @inline(never)
    private func limitPassed(_ limit: ContinuousClock.Instant, deadline: ContinuousClock.Instant) -> LLMError {
        guard limit < deadline else {
            return LLMError(code: .timeout, message: "the request deadline passed during the stream")
        }
        return LLMError(
            code: .timeout,
            message:
                "\(info.endpointName) sent no event within the attempt timeout (the request deadline leaves \(FailedResponse.seconds(max(.zero, deadline - .now))) s)"
        )
    }

    @inline(never)
    private func tooLarge() -> LLMError {
        let what =
            decoder.limitExceeded
            ? "a line or event of the stream is over maxStreamEventBytes (\(decoder.maxEventBytes) bytes)"
            : "the stream is over maxStreamBytes (\(maxStreamBytes) bytes)"
        return LLMError(code: .decoding, message: what, hint: "raise the limit if such streams are expected")
    }

    @inline(never)
    private func missingTerminal(after events: Int) -> LLMError {
        LLMError(
            code: .streamInterrupted,
            message: "the stream ended after \(events) event(s) without its \(framing.terminalName) terminator",
            hint: "the answer is incomplete; retry the request")
    }

    /// The next event for the caller: the held ones first, then from the network, by `deadline`;
    /// nil after the terminal event, or at the end of a body that needs none. A failure event is
    /// thrown.
    func nextEvent(deadline: ContinuousClock.Instant) async throws -> ServerSentEvent? {
        if heldIndex < held.count {
            let event = held[heldIndex]
            heldIndex += 1
            yielded += 1
            return event
        }
        guard !sawTerminal else { return nil }
        while let event = try await rawEvent(until: deadline, deadline: deadline) {
            switch framing.role(of: event) {
            case .preamble, .content:
                yielded += 1
                return event
            case .terminal:
                sawTerminal = true
                return nil
            case .failure(let error): throw error
            }
        }
        if framing.requiresTerminal { throw missingTerminal(after: yielded) }
        return nil
    }

    /// The next event of the body as decoded, reading the network by `limit` when the buffer holds
    /// no more; nil when the body ended.
    private func rawEvent(until limit: ContinuousClock.Instant, deadline: ContinuousClock.Instant) async throws
        -> ServerSentEvent?
    {
        while !ended {
            if var current = buffer {
                buffer = nil  // uniquely referenced while its reader index moves
                let (event, consumed): (ServerSentEvent?, Int)
                if frames == nil {
                    (event, consumed) = current.withUnsafeReadableBytes { raw in
                        decoder.next(in: raw.assumingMemoryBound(to: UInt8.self))
                    }
                } else {
                    (event, consumed) = try frame(in: current)
                }
                if decoder.limitExceeded { throw tooLarge() }
                current.moveReaderIndex(forwardBy: consumed)
                if current.readableBytes > 0 { buffer = current }
                if let event { return event }
                continue
            }
            let next: ByteBuffer?
            do {
                next = try await reader.next(until: limit)
            } catch is BodyReader.LimitPassed {
                throw limitPassed(limit, deadline: deadline)
            }
            if let next {
                received += next.readableBytes
                guard received <= maxStreamBytes else { throw tooLarge() }
                buffer = next
            } else {
                ended = true
                if frames?.hasPartialMessage == true { throw cutFrame() }
            }
        }
        return nil
    }

    /// The next binary frame in `current` as an event.
    private func frame(in current: ByteBuffer) throws(LLMError) -> (ServerSentEvent?, Int) {
        try current.withUnsafeReadableBytes { (raw) throws(LLMError) in
            try frames!.nextEvent(in: raw.assumingMemoryBound(to: UInt8.self))
        }
    }

    @inline(never)
    private func cutFrame() -> LLMError {
        LLMError(
            code: .streamInterrupted, message: "the event stream ended inside a frame",
            hint: "the answer is incomplete; retry the request")
    }
}
