import AsyncHTTPClient
import Foundation
public import LLMCore
import NIOCore

extension Connector {
    /// Sends a request and yields its raw body as it arrives (for audio and video downloads).
    ///
    /// Retries and failover happen only before the first bytes reach the caller; a failure after
    /// that ends the stream with `streamInterrupted`. The stream ends when the body does; the
    /// request's deadline bounds it, and a body over `maxStreamBytes` ends it (`streamInterrupted`
    /// whose `providerCode` is `decoding`).
    public func streamBody(_ request: ConnectorRequest, context: RequestContext)
        -> AsyncThrowingStream<ConnectorByteElement, any Error>
    {
        let deadline = context.deadline ?? .now + configuration.timeouts.total
        return pushStream { continuation in
            try self.gate.enter()
            defer { self.gate.leave() }
            do {
                try await self.withDeadline(deadline, requestId: context.requestId) {
                    try await self.pumpBody(request, context: context, deadline: deadline, into: continuation)
                }
            } catch {
                throw LLMError(wrapping: error)
            }
        }
    }

    private func pumpBody(
        _ request: ConnectorRequest, context: RequestContext, deadline: ContinuousClock.Instant,
        into continuation: AsyncThrowingStream<ConnectorByteElement, any Error>.Continuation
    ) async throws {
        var opened = try await run(request, context: context, deadline: deadline) { index, attempt, reserved in
            try await self.httpAttempt(
                request, endpointIndex: index, attempt: attempt, reservedTokens: reserved, deadline: deadline,
                accept: "*/*", context: context
            ) { response, info, _, lease in
                var body = OpenedBody(info: info, iterator: response.body.makeAsyncIterator(), lease: lease)
                try await body.readFirstBytes()
                return body
            }
        }
        continuation.yield(.opened(opened.info))
        var delivered = 0
        if let first = opened.first {
            continuation.yield(.bytes(first))
            delivered += first.count
        }
        if opened.ended { return }
        do {
            while let buffer = try await opened.iterator.next() {
                guard buffer.readableBytes > 0 else { continue }
                delivered += buffer.readableBytes
                guard delivered <= configuration.maxStreamBytes else { throw BodyTooLarge() }
                continuation.yield(.bytes(Data(buffer.readableBytesView)))
            }
        } catch {
            if Task.isCancelled { throw CancellationError() }
            let cause =
                error is BodyTooLarge
                ? LLMError(
                    code: .decoding, message: "the body is over maxStreamBytes (\(configuration.maxStreamBytes) bytes)")
                : classify(error, endpoint: endpoints[opened.info.endpointIndex], request: request, context: context)
            throw LLMError(
                code: .streamInterrupted, message: "the body broke after \(delivered) bytes: \(cause.message)",
                hint: "the download is incomplete; retry the request", httpStatus: opened.info.status,
                providerCode: cause.code.rawValue, endpoint: opened.info.endpoint,
                requestId: opened.info.requestId ?? context.requestId)
        }
    }
}

/// Thrown inside the body loop when the body passed `maxStreamBytes`.
private struct BodyTooLarge: Error {}

/// A raw body whose head arrived with a 2xx status, read up to its first bytes.
struct OpenedBody {
    let info: ResponseInfo
    var iterator: HTTPClientResponse.Body.AsyncIterator
    /// The lane the body arrives on, held until the body is dropped.
    let lease: ClientLanes.Lease
    var first: Data?
    var ended = false

    init(info: ResponseInfo, iterator: HTTPClientResponse.Body.AsyncIterator, lease: ClientLanes.Lease) {
        self.info = info
        self.iterator = iterator
        self.lease = lease
    }

    /// Reads the first non-empty buffer, or notes that the body is empty.
    mutating func readFirstBytes() async throws {
        while first == nil {
            guard let buffer = try await iterator.next() else {
                ended = true
                return
            }
            if buffer.readableBytes > 0 { first = Data(buffer.readableBytesView) }
        }
    }
}
