import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOPosix
import NIOSSL

/// A lean OpenAI-style streaming server for the scale benchmark: TLS with ALPN (`h2`, then
/// `http/1.1`), every `POST` answered with `tokens` chat-completion chunks paced `interval` apart,
/// then `data: [DONE]`. Each chunk's text is the server's monotonic clock (nanoseconds) when it was
/// written, so the client can tell how long each chunk took to reach its consumer. `GET /stats`
/// answers the connections accepted. Each event loop paces its streams from one timer, so a tick
/// writes every due chunk of the loop at once.
final class PacingServer: Sendable {
    let tokens: Int
    let interval: TimeAmount
    private let connections = NIOLockedValueBox(0)
    /// One pacer per event loop, used only on its loop.
    private let pacers: [ObjectIdentifier: NIOLoopBound<LoopPacer>]

    init(tokens: Int, interval: TimeAmount) async throws {
        self.tokens = tokens
        self.interval = interval
        var pacers: [ObjectIdentifier: NIOLoopBound<LoopPacer>] = [:]
        for loop in MultiThreadedEventLoopGroup.singleton.makeIterator() {
            pacers[ObjectIdentifier(loop)] = try await loop.submit { NIOLoopBound(LoopPacer(), eventLoop: loop) }.get()
        }
        self.pacers = pacers
    }

    /// The pacer of `loop` (called on it).
    func pacer(for loop: any EventLoop) -> LoopPacer {
        pacers[ObjectIdentifier(loop)]!.value
    }

    func run(port: Int, certificate: String, key: String, maxConcurrentStreams: Int) async throws {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        tls.applicationProtocols = ["h2", "http/1.1"]
        let context = try NIOSSLContext(configuration: tls)
        let settings = [HTTP2Setting(parameter: .maxConcurrentStreams, value: maxConcurrentStreams)]
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                self.connections.withLockedValue { $0 += 1 }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                }.flatMap {
                    channel.configureHTTP2SecureUpgrade(
                        h2ChannelConfigurator: { connection in
                            connection.configureHTTP2Pipeline(mode: .server, initialLocalSettings: settings) { stream in
                                stream.eventLoop.makeCompletedFuture {
                                    try stream.pipeline.syncOperations.addHandler(HTTP2FramePayloadToHTTP1ServerCodec())
                                    try stream.pipeline.syncOperations.addHandler(PacedResponder(server: self))
                                }
                            }.map { _ in }
                        },
                        http1ChannelConfigurator: { connection in
                            connection.eventLoop.makeCompletedFuture {
                                try connection.pipeline.syncOperations.configureHTTPServerPipeline()
                                try connection.pipeline.syncOperations.addHandler(PacedResponder(server: self))
                            }
                        })
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        FileHandle.standardOutput.write(Data("ready on \(server.localAddress?.port ?? 0)\n".utf8))
        try await server.closeFuture.get()
    }

    var connectionsAccepted: Int { connections.withLockedValue { $0 } }

    /// The chunk whose text is `stamp`.
    static func chunk(_ stamp: UInt64) -> String {
        #"data: {"id":"chatcmpl-scale","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":""#
            + "\(stamp) " + #""},"finish_reason":null}]}"# + "\n\n"
    }

    static let done =
        #"data: {"id":"chatcmpl-scale","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#
        + "\n\ndata: [DONE]\n\n"
}

/// The streams one event loop paces, written together on each tick.
final class LoopPacer {
    private var streams: [ObjectIdentifier: PacedResponder] = [:]
    private var task: RepeatedTask?

    func add(_ responder: PacedResponder, on loop: any EventLoop, every interval: TimeAmount) {
        streams[ObjectIdentifier(responder)] = responder
        if task == nil {
            let bound = NIOLoopBound(self, eventLoop: loop)
            task = loop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in bound.value.tick() }
        }
    }

    func remove(_ responder: PacedResponder) {
        streams[ObjectIdentifier(responder)] = nil
    }

    private func tick() {
        for responder in Array(streams.values) { responder.writeNext() }
    }

}

/// Answers one request (an HTTP/2 stream, or one at a time on an HTTP/1.1 connection).
final class PacedResponder: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: PacingServer
    private var context: ChannelHandlerContext?
    private var sent = 0
    private var head: HTTPRequestHead?

    init(server: PacingServer) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            if head.method == .GET {
                let body = #"{"connections":\#(server.connectionsAccepted)}"#
                var headers = HTTPHeaders([("content-type", "application/json")])
                headers.add(name: "content-length", value: "\(body.utf8.count)")
                context.write(
                    wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))),
                    promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                return
            }
            self.context = context
            sent = 0
            let headers = HTTPHeaders([("content-type", "text/event-stream"), ("cache-control", "no-cache")])
            context.writeAndFlush(
                wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))),
                promise: nil)
            server.pacer(for: context.eventLoop).add(self, on: context.eventLoop, every: server.interval)
        }
    }

    func writeNext() {
        guard let context else { return }
        guard context.channel.isActive else {
            finish()
            return
        }
        if sent < server.tokens {
            let stamp = DispatchTime.now().uptimeNanoseconds
            sent += 1
            context.writeAndFlush(
                wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: PacingServer.chunk(stamp))))), promise: nil)
            return
        }
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: PacingServer.done)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        finish()
    }

    private func finish() {
        if let context { server.pacer(for: context.eventLoop).remove(self) }
        context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }
}
