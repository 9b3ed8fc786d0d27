import NIOCore
import NIOEmbedded
import NIOHTTP2
import Testing

@testable import Connectors

/// The HTTP/2 connection watcher's rules on an embedded channel, whose clock only moves when the
/// test moves it: a ping after an idle interval, a close when nothing answers it, no ping while
/// frames arrive, and streams a GOAWAY left unprocessed marked refused.
@Suite struct HTTP2ConnectionWatcherTests {
    /// Records the user events that pass the watcher.
    final class EventRecorder: ChannelInboundHandler {
        typealias InboundIn = HTTP2Frame
        var events: [StreamClosedEvent] = []
        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let closed = event as? StreamClosedEvent { events.append(closed) }
        }
    }

    static func channel(pingInterval: TimeAmount?) throws -> (EmbeddedChannel, EmbeddedEventLoop, EventRecorder) {
        let loop = EmbeddedEventLoop()
        let channel = EmbeddedChannel(loop: loop)
        let recorder = EventRecorder()
        try channel.pipeline.syncOperations.addHandler(HTTP2ConnectionWatcher(pingInterval: pingInterval))
        try channel.pipeline.syncOperations.addHandler(recorder)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, loop, recorder)
    }

    static func pings(_ channel: EmbeddedChannel) throws -> Int {
        var count = 0
        while let frame = try channel.readOutbound(as: HTTP2Frame.self) {
            if case .ping(HTTP2ConnectionWatcher.pingData, ack: false) = frame.payload { count += 1 }
        }
        return count
    }

    static let ack = HTTP2Frame(streamID: .rootStream, payload: .ping(HTTP2ConnectionWatcher.pingData, ack: true))

    @Test func anIdleConnectionIsPingedAndClosedWhenNothingAnswers() throws {
        let (channel, loop, _) = try Self.channel(pingInterval: .seconds(30))
        loop.advanceTime(by: .seconds(29))
        #expect(try Self.pings(channel) == 0)
        loop.advanceTime(by: .seconds(1))
        #expect(try Self.pings(channel) == 1)
        #expect(channel.isActive)
        loop.advanceTime(by: .seconds(30))
        #expect(!channel.isActive)
    }

    @Test func anAnsweredPingKeepsTheConnection() throws {
        let (channel, loop, _) = try Self.channel(pingInterval: .seconds(30))
        for _ in 0..<3 {
            loop.advanceTime(by: .seconds(30))
            #expect(try Self.pings(channel) == 1)
            try channel.writeInbound(Self.ack)
            _ = try channel.readInbound(as: HTTP2Frame.self)
        }
        loop.advanceTime(by: .seconds(29))
        #expect(channel.isActive)
        _ = try? channel.finish()
    }

    @Test func framesArrivingMeanNoPing() throws {
        let (channel, loop, _) = try Self.channel(pingInterval: .seconds(30))
        for _ in 0..<5 {
            loop.advanceTime(by: .seconds(20))
            try channel.writeInbound(HTTP2Frame(streamID: 1, payload: .data(.init(data: .byteBuffer(ByteBuffer())))))
            _ = try channel.readInbound(as: HTTP2Frame.self)
        }
        #expect(try Self.pings(channel) == 0)
        #expect(channel.isActive)
        _ = try? channel.finish()
    }

    @Test func withoutAnIntervalNothingIsPinged() throws {
        let (channel, loop, _) = try Self.channel(pingInterval: nil)
        loop.advanceTime(by: .hours(2))
        #expect(try Self.pings(channel) == 0)
        #expect(channel.isActive)
        _ = try? channel.finish()
    }

    @Test func streamsAGoAwayLeftUnprocessedAreRefusedOthersKeepTheirReason() throws {
        let (channel, _, recorder) = try Self.channel(pingInterval: nil)
        // Before any GOAWAY, a cancelled stream is a cancelled stream.
        channel.pipeline.fireUserInboundEventTriggered(StreamClosedEvent(streamID: 1, reason: .cancel))
        try channel.writeInbound(
            HTTP2Frame(streamID: .rootStream, payload: .goAway(lastStreamID: 3, errorCode: .noError, opaqueData: nil)))
        _ = try channel.readInbound(as: HTTP2Frame.self)
        for id in [3, 5, 7] {
            channel.pipeline.fireUserInboundEventTriggered(
                StreamClosedEvent(streamID: HTTP2StreamID(id), reason: .cancel))
        }
        channel.pipeline.fireUserInboundEventTriggered(StreamClosedEvent(streamID: 9, reason: nil))
        #expect(
            recorder.events.map(\.reason) == [.cancel, .cancel, .refusedStream, .refusedStream, nil])
        _ = try? channel.finish()
    }
}
