import AsyncHTTPClient
public import LLMCore
import NIOCore

extension Connector {
    /// Sends a request whose answer is a `text/event-stream`, and yields ``ConnectorStreamElement/opened(_:)``
    /// then each event.
    ///
    /// Retries and failover happen only before the first event reaches the caller; after that a
    /// failure ends the stream with `streamInterrupted`. A stream that ends without `data: [DONE]`
    /// (when ``ConnectorRequest/requiresStreamTerminator``) is an error, never a silently short
    /// answer. The idle timeout applies between network reads. Cancelling the consuming task cancels
    /// the HTTP request and frees its connection.
    public func stream(_ request: ConnectorRequest, context: RequestContext)
        -> AsyncThrowingStream<ConnectorStreamElement, any Error>
    {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ConnectorStreamElement.self)
        let deadline = context.deadline ?? .now + configuration.timeouts.total
        let task = Task {
            do {
                try await withDeadline(deadline, requestId: context.requestId) {
                    try await self.pump(request, context: context, deadline: deadline, into: continuation)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: LLMError(wrapping: error))
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func pump(
        _ request: ConnectorRequest, context: RequestContext, deadline: ContinuousClock.Instant,
        into continuation: AsyncThrowingStream<ConnectorStreamElement, any Error>.Continuation
    ) async throws {
        // Open the stream and read up to its first event inside the retry loop.
        var opened = try await run(request, context: context, deadline: deadline, accept: "text/event-stream") {
            response, info in
            var stream = OpenedStream(info: info, iterator: response.body.makeAsyncIterator())
            try await stream.readFirstEvents(requiresTerminator: request.requiresStreamTerminator)
            return stream
        }
        continuation.yield(.opened(opened.info))
        var delivered = 0
        var text = ""
        func deliver(_ event: ServerSentEvent) {
            continuation.yield(.event(event))
            delivered += 1
            if let piece = request.streamText?(event) { text += piece }
        }
        for event in opened.pending { deliver(event) }
        if opened.sawTerminator || (opened.ended && !request.requiresStreamTerminator) { return }
        do {
            while let buffer = try await opened.iterator.next() {
                for event in opened.decoder.feed(buffer.readableBytesView) {
                    if event.data == "[DONE]" { return }
                    deliver(event)
                }
            }
            guard !request.requiresStreamTerminator else {
                throw LLMError(
                    code: .streamInterrupted,
                    message: "the stream ended after \(delivered) event(s) without its [DONE] terminator",
                    hint: "the answer is incomplete; retry the request")
            }
        } catch {
            if Task.isCancelled { throw CancellationError() }
            let endpoint = endpoints.first { $0.name == opened.info.endpointName } ?? endpoints[0]
            var failure = classify(error, endpoint: endpoint, request: request, context: context)
            if failure.code != .streamInterrupted {
                failure = LLMError(
                    code: .streamInterrupted,
                    message: "the stream broke after \(delivered) event(s): \(failure.message)",
                    hint: "the answer is incomplete; retry the request", httpStatus: opened.info.status,
                    providerCode: failure.code.rawValue)
            }
            if request.streamText != nil { failure.partialContent = text }
            failure.endpoint = opened.info.endpoint
            failure.requestId = opened.info.requestId ?? context.requestId
            throw failure
        }
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
