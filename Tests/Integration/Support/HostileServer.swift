import Foundation
import LLMSimulator
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP server (on 127.0.0.1, or inside a `NetworkLab`) that misbehaves on purpose: each connection runs `behavior`, which
/// reads the request and writes whatever bytes it likes, as slowly as it likes, then closes or
/// resets. For the hostile-server tests (what a server can do to the library).
final class HostileServer: Sendable {
    /// One client connection, as the behavior sees it.
    struct Connection: Sendable {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        let inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator.Box
        let written: NIOLockedValueBox<Int>

        /// Reads one request (head and a `content-length` body); returns its text.
        func readRequest() async throws -> String {
            var text = Data()
            while true {
                if let end = text.range(of: Data("\r\n\r\n".utf8)) {
                    let head = String(decoding: text[..<end.lowerBound], as: UTF8.self)
                    let length =
                        head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                        .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                    if text.count - end.upperBound >= length { return String(decoding: text, as: UTF8.self) }
                }
                guard let buffer = try await inbound.next() else { return String(decoding: text, as: UTF8.self) }
                text.append(contentsOf: buffer.readableBytesView)
            }
        }

        /// Writes bytes (and waits until they reached the socket).
        func write(_ text: String) async throws {
            try await write(Data(text.utf8))
        }

        /// Writes bytes (and waits until they reached the socket).
        func write(_ data: Data) async throws {
            try await channel.channel.writeAndFlush(ByteBuffer(bytes: data)).get()
            written.withLockedValue { $0 += data.count }
        }

        /// A response head; `length` nil means `transfer-encoding: chunked` is not used either: the
        /// body then ends when the connection closes.
        func head(status: Int = 200, _ headers: [(String, String)] = [], contentLength: Int? = nil) async throws {
            var text = "HTTP/1.1 \(status) Status\r\n"
            for (name, value) in headers { text += "\(name): \(value)\r\n" }
            if let contentLength { text += "content-length: \(contentLength)\r\n" }
            try await write(text + "\r\n")
        }

        /// A whole JSON response, saying that the connection closes after it (as it does when the
        /// behaviour returns), so the client never reuses a connection the server is closing.
        func json(status: Int = 200, _ body: String, _ headers: [(String, String)] = []) async throws {
            try await head(
                status: status, [("content-type", "application/json"), ("connection", "close")] + headers,
                contentLength: body.utf8.count)
            try await write(body)
        }

        /// Closes the connection with a TCP reset instead of a clean close.
        func reset() async throws {
            if let provider = channel.channel as? any SocketOptionProvider {
                try await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
            }
            try await channel.channel.close()
        }

        /// Waits until the client closes the connection (reading and dropping what it sends).
        func waitForClose() async throws {
            while try await inbound.next() != nil {}
        }

        /// Closes the connection.
        func close() async throws {
            try await channel.channel.close()
        }
    }

    private struct State {
        var channel: (any Channel)?
        var task: Task<Void, Never>?
        var drained: AsyncStream<Void>?
        var host = "127.0.0.1"
        var port = 0
        var connections = 0
    }

    private let state = NIOLockedValueBox(State())
    private let accepted = AcceptedChannels<ByteBuffer, ByteBuffer>()
    /// Bytes the behaviors managed to write, over all connections.
    let written = NIOLockedValueBox(0)
    private let behavior: @Sendable (Connection) async throws -> Void

    init(_ behavior: @escaping @Sendable (Connection) async throws -> Void) {
        self.behavior = behavior
    }

    var port: Int { state.withLockedValue { $0.port } }
    var connections: Int { state.withLockedValue { $0.connections } }
    var baseURL: URL { state.withLockedValue { URL(string: "http://\($0.host):\($0.port)")! } }

    /// Listens on 127.0.0.1 (a free port).
    @discardableResult
    func start() async throws -> Int {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0, childChannelInitializer: wrap)
        return serve(server)
    }

    /// Listens on a socket already bound to `host` (one made inside a `NetworkLab`).
    @discardableResult
    func start(listeningOn socket: NIOBSDSocket.Handle, host: String) async throws -> Int {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(socket, childChannelInitializer: wrap)
        state.withLockedValue { $0.host = host }
        return serve(server)
    }

    /// Wraps an accepted connection, held until `serve` takes it (see AcceptedChannels).
    @Sendable private func wrap(_ channel: any Channel) -> EventLoopFuture<NIOAsyncChannel<ByteBuffer, ByteBuffer>> {
        channel.eventLoop.makeCompletedFuture { try self.accepted.wrap(channel) }
    }

    private func serve(_ server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>) -> Int {
        let behavior = self.behavior
        let written = self.written
        let (drained, accepting) = AsyncStream<Void>.makeStream()
        let task = Task<Void, Never> {
            _ = try? await withThrowingDiscardingTaskGroup { group in
                // Every accepted connection is handed on (one left buffered would trap at deinit).
                defer { accepting.finish() }
                try await server.executeThenClose { inbound in
                    for try await connection in inbound where self.accepted.take(connection) {
                        self.state.withLockedValue { $0.connections += 1 }
                        group.addTask {
                            try? await connection.executeThenClose { inbound, _ in
                                let box = NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator.Box(
                                    inbound.makeAsyncIterator())
                                try? await behavior(Connection(channel: connection, inbound: box, written: written))
                            }
                        }
                    }
                }
            }
        }
        state.withLockedValue {
            $0.channel = server.channel
            $0.task = task
            $0.drained = drained
            $0.port = server.channel.localAddress?.port ?? 0
        }
        return port
    }

    func shutdown() async {
        let (channel, task, drained) = state.withLockedValue { state in
            defer { state.drained = nil }
            return (state.channel, state.task, state.drained)
        }
        try? await channel?.close()
        if let drained { for await _ in drained {} }
        task?.cancel()
        await task?.value
        accepted.closeUntaken()
    }
}

extension NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator {
    /// The iterator by reference, for the behavior's reads.
    final class Box: @unchecked Sendable {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator

        init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) {
            self.iterator = iterator
        }

        func next() async throws -> ByteBuffer? {
            try await iterator.next()
        }
    }
}
