import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOPosix
import NIOSSL

extension LLMSimulator {
    /// Listens for HTTPS offering HTTP/2 by ALPN (then HTTP/1.1): each HTTP/2 stream, and each
    /// HTTP/1.1 connection, is answered by ``serve(_:isStream:)`` like any request. Streams beyond
    /// `http2.maxConcurrentStreams` are refused by the HTTP/2 layer itself.
    func startMultiplexed(host: String, port: Int, tls: NIOSSLContext, http2: SimulatorHTTP2) async throws -> Int {
        let accepted = self.accepted
        let (exchanges, handOver) = AsyncStream<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>>
            .makeStream()
        let settings = [HTTP2Setting(parameter: .maxConcurrentStreams, value: http2.maxConcurrentStreams)]
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                self.connectionOpened(channel)
                channel.closeFuture.whenComplete { _ in self.connectionClosed(channel) }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                }.flatMap {
                    channel.configureHTTP2SecureUpgrade(
                        h2ChannelConfigurator: { connection in
                            connection.configureHTTP2Pipeline(mode: .server, initialLocalSettings: settings) { stream in
                                stream.eventLoop.makeCompletedFuture {
                                    let sync = stream.pipeline.syncOperations
                                    try sync.addHandler(HTTP2StreamControl.Refuser())
                                    try sync.addHandler(HTTP2FramePayloadToHTTP1ServerCodec())
                                    handOver.yield(try accepted.wrap(stream))
                                }
                            }.map { _ in }
                        },
                        http1ChannelConfigurator: { connection in
                            connection.eventLoop.makeCompletedFuture {
                                try connection.pipeline.syncOperations.configureHTTPServerPipeline(
                                    withErrorHandling: true)
                                handOver.yield(try accepted.wrap(connection))
                            }
                        })
                }
            }
            .bind(host: host, port: port).get()
        server.closeFuture.whenComplete { _ in handOver.finish() }
        let (drained, accepting) = AsyncStream<Void>.makeStream()
        let task = Task<Void, Never> {
            await withDiscardingTaskGroup { group in
                defer { accepting.finish() }
                // Every TCP connection, HTTP/2 or HTTP/1.1, is counted by the initializer.
                for await exchange in exchanges {
                    group.addTask { await self.serve(exchange, isStream: true) }
                }
            }
        }
        let boundPort = server.localAddress?.port ?? 0
        state.withLockedValue {
            $0.port = boundPort
            $0.host = host
            $0.serverChannel = server
            $0.acceptTask = task
            $0.acceptDrained = drained
        }
        return boundPort
    }
}
