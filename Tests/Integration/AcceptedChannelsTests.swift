import Foundation
import LLMSimulator
import NIOCore
import NIOPosix
import Testing

/// Accepted connections are never released unfinished (NIO traps on that): one that closes before
/// a handler takes it is finished where it is held, and a handler never gets it too.
@Suite struct AcceptedChannelsTests {
    @Test func aConnectionClosedBeforeAHandlerTookItIsFinishedAndNotHandedOut() async throws {
        let accepted = AcceptedChannels<ByteBuffer, ByteBuffer>()
        let (wrapped, arrived) = AsyncStream<NIOAsyncChannel<ByteBuffer, ByteBuffer>>.makeStream()
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let connection = try accepted.wrap(channel)
                    arrived.yield(connection)
                    return connection
                }
            }
        let port = try #require(server.channel.localAddress?.port)
        func connect() async throws -> any Channel {
            try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get()
        }
        var iterator = wrapped.makeAsyncIterator()
        let staying = try await connect()
        let first = try #require(await iterator.next())
        try await connect().close()
        let second = try #require(await iterator.next())
        #expect(accepted.take(first))  // a handler takes it: exactly once
        #expect(!accepted.take(first))
        try await staying.close()
        try? await first.executeThenClose { _, _ in }
        // The client went away before any handler ran: finished where it was held, never handed out.
        try? await second.channel.closeFuture.get()
        #expect(!accepted.take(second))
        try await server.channel.close()
    }

    @Test func connectionsArrivingWhileTheSimulatorShutsDownAreAllFinished() async throws {
        for _ in 0..<20 {
            let simulator = LLMSimulator()
            let port = try await simulator.start()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        // A raw connection that sends nothing; some land after the listener closed.
                        let channel = try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                            .connect(host: "127.0.0.1", port: port).get()
                        try? await channel?.close()
                    }
                }
                group.addTask { try await simulator.shutdown() }
                try await group.waitForAll()
            }
            // Every connection it served was closed, and none left behind trapped the process.
            #expect(simulator.statistics.openConnections == 0)
        }
    }
}
