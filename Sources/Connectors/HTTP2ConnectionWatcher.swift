import NIOCore
import NIOHTTP2

/// Watches one HTTP/2 connection of the connector's, installed right after its `NIOHTTP2Handler`
/// (before AsyncHTTPClient's own handlers):
///
/// - **Idle pings.** After `pingInterval` with no frame read, it sends a `PING`; when nothing at
///   all arrives within another interval, the connection is dead (a NAT or load balancer dropped
///   it without a word) and it closes it, so its streams fail over as a connection failure
///   instead of waiting out their deadlines.
/// - **GOAWAY.** swift-nio-http2 closes the streams a `GOAWAY` leaves unprocessed (those above
///   its last stream id) with the reason `CANCEL`, like a stream the server reset; it marks them
///   `REFUSED_STREAM` instead, the reason RFC 9113 (§6.8) gives them, so the connector knows the
///   server never saw them and sends them again at once.
final class HTTP2ConnectionWatcher: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTP2Frame
    typealias InboundOut = HTTP2Frame
    typealias OutboundIn = HTTP2Frame
    typealias OutboundOut = HTTP2Frame

    /// The ping's 8 bytes: "swiftllm".
    static let pingData = HTTP2PingData(withInteger: 0x7377_6966_746c_6c6d)

    private let pingInterval: TimeAmount?
    private var lastRead = NIODeadline.uptimeNanoseconds(0)
    /// Whether a ping went out and nothing was read since.
    private var awaitingAnswer = false
    private var timer: Scheduled<Void>?
    /// The lowest last stream id of the `GOAWAY`s received.
    private var goAwayLastStream: HTTP2StreamID?

    init(pingInterval: TimeAmount?) {
        self.pingInterval = pingInterval
    }

    func handlerAdded(context: ChannelHandlerContext) {
        lastRead = context.eventLoop.now
        if let pingInterval { schedule(context: context, at: lastRead + pingInterval) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastRead = context.eventLoop.now
        awaitingAnswer = false
        if case .goAway(let last, _, _) = unwrapInboundIn(data).payload {
            goAwayLastStream = min(goAwayLastStream ?? last, last)
        }
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let closed = event as? StreamClosedEvent, closed.reason == .cancel, let last = goAwayLastStream,
            closed.streamID > last
        {
            context.fireUserInboundEventTriggered(StreamClosedEvent(streamID: closed.streamID, reason: .refusedStream))
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func schedule(context: ChannelHandlerContext, at deadline: NIODeadline) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.tick(context: context)
        }
    }

    private func tick(context: ChannelHandlerContext) {
        guard context.channel.isActive, let pingInterval else { return }
        let now = context.eventLoop.now
        if awaitingAnswer {
            // A ping went out an interval ago and nothing came back: the connection is gone.
            context.close(mode: .all, promise: nil)
            return
        }
        if now - lastRead >= pingInterval {
            awaitingAnswer = true
            context.writeAndFlush(
                wrapOutboundOut(HTTP2Frame(streamID: .rootStream, payload: .ping(Self.pingData, ack: false))),
                promise: nil)
            schedule(context: context, at: now + pingInterval)
        } else {
            schedule(context: context, at: lastRead + pingInterval)
        }
    }

    /// A connection initializer for AsyncHTTPClient's `http2ConnectionDebugInitializer` that
    /// installs the watcher after the connection's `NIOHTTP2Handler`.
    static func installer(pingInterval: Duration?) -> @Sendable (any Channel) -> EventLoopFuture<Void> {
        let amount = pingInterval.map { TimeAmount($0) }
        return { channel in
            channel.eventLoop.submit {
                let sync = channel.pipeline.syncOperations
                let http2 = try sync.handler(type: NIOHTTP2Handler.self)
                try sync.addHandler(HTTP2ConnectionWatcher(pingInterval: amount), position: .after(http2))
            }
        }
    }
}
