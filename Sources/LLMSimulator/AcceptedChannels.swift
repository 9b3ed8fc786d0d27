import NIOConcurrencyHelpers
package import NIOCore

/// Holds each accepted connection from the moment the child-channel initializer wraps it until a
/// handler takes it, so that none is ever released unfinished: NIO traps when a wrapped channel
/// is deinitialized without `executeThenClose` having run, and a connection whose initializer
/// completes after the listener closed (a client connecting during shutdown, on a loaded machine)
/// is dropped by the listener's stream. Such a connection is finished here when it closes, and
/// ``closeUntaken()`` closes those still waiting.
package final class AcceptedChannels<Inbound: Sendable, Outbound: Sendable>: Sendable {
    private let waiting = NIOLockedValueBox<[ObjectIdentifier: NIOAsyncChannel<Inbound, Outbound>]>([:])

    /// Creates an empty set.
    package init() {}

    /// Wraps `channel`; call it in the child-channel initializer, on the channel's event loop.
    package func wrap(_ channel: any Channel) throws -> NIOAsyncChannel<Inbound, Outbound> {
        let wrapped = try NIOAsyncChannel<Inbound, Outbound>(wrappingChannelSynchronously: channel)
        let id = ObjectIdentifier(channel)
        waiting.withLockedValue { $0[id] = wrapped }
        channel.closeFuture.whenComplete { _ in
            // Closed before a handler took it: finish it here (exactly one side gets it).
            guard let untaken = self.waiting.withLockedValue({ $0.removeValue(forKey: id) }) else { return }
            Task { try? await untaken.executeThenClose { _, _ in } }
        }
        return wrapped
    }

    /// Takes `connection` for a handler; false when it closed first and was finished here (then
    /// the handler must not use it).
    package func take(_ connection: NIOAsyncChannel<Inbound, Outbound>) -> Bool {
        waiting.withLockedValue { $0.removeValue(forKey: ObjectIdentifier(connection.channel)) } != nil
    }

    /// Closes every connection no handler took (each is then finished as it closes).
    package func closeUntaken() {
        for connection in waiting.withLockedValue({ Array($0.values) }) { connection.channel.close(promise: nil) }
    }
}
