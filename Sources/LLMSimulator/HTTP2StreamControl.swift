import NIOCore
import NIOHTTP2

/// What the simulator does to an HTTP/2 stream beyond answering it: refusing it, or a `GOAWAY`
/// that leaves it unprocessed. On an HTTP/1.1 connection neither applies (the caller closes it).
enum HTTP2StreamControl {
    /// The outbound event that asks a stream's ``Refuser`` to reset it.
    struct RefuseStream {}

    /// Sits first in each HTTP/2 stream's pipeline (below the HTTP/1 codec) and writes a
    /// `RST_STREAM` with `REFUSED_STREAM` when asked.
    final class Refuser: ChannelOutboundHandler {
        typealias OutboundIn = HTTP2Frame.FramePayload
        typealias OutboundOut = HTTP2Frame.FramePayload

        func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
            guard event is RefuseStream else {
                context.triggerUserOutboundEvent(event, promise: promise)
                return
            }
            context.writeAndFlush(wrapOutboundOut(.rstStream(.refusedStream)), promise: promise)
        }
    }

    /// Resets `stream` with `REFUSED_STREAM` (nothing on an HTTP/1.1 connection).
    static func refuse(_ stream: any Channel) {
        stream.triggerUserOutboundEvent(RefuseStream(), promise: nil)
    }

    /// Sends a `GOAWAY` on `stream`'s connection whose last stream id is the one before `stream`'s,
    /// then waits until the client closes the connection, leaving the stream unanswered (nothing
    /// on an HTTP/1.1 connection).
    static func goAway(_ stream: any Channel) async throws {
        guard let connection = stream.parent else { return }
        let id = try await stream.getOption(HTTP2StreamChannelOptions.streamID).get()
        let last = Int(id) >= 3 ? HTTP2StreamID(Int(id) - 2) : .rootStream
        try await connection.writeAndFlush(
            HTTP2Frame(
                streamID: .rootStream, payload: .goAway(lastStreamID: last, errorCode: .noError, opaqueData: nil))
        ).get()
        try await stream.closeFuture.get()
    }
}
