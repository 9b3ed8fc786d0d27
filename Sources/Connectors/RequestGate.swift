package import LLMCore
import NIOConcurrencyHelpers

/// What a long-lived owner of connections (a connector, a router) needs for a graceful shutdown:
/// the requests and streams in flight counted, new ones refused once draining begins, and a wait
/// until the last one ends (or a grace period passes).
package final class RequestGate: Sendable {
    private struct State {
        var inFlight = 0
        var draining = false
        var shutDown = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = NIOLockedValueBox(State())
    /// What is refused once draining began (named in the error).
    private let name: String

    /// A gate for the owner `name` (a connector's primary endpoint, "router").
    package init(name: String) {
        self.name = name
    }

    /// Counts a request in, or refuses it once draining began.
    /// - Throws: ``LLMCore/LLMError`` (`serviceUnavailable`): the owner is shutting down (a router
    ///   moves on to another deployment).
    package func enter() throws(LLMError) {
        let refused = state.withLockedValue { state in
            if state.draining { return true }
            state.inFlight += 1
            return false
        }
        if refused {
            throw LLMError(
                code: .serviceUnavailable, message: "\(name) is shutting down and takes no new requests",
                hint: "send it to a connector or router that is running")
        }
    }

    /// Counts a request out; the last one out of a draining gate wakes the drain.
    package func leave() {
        let waiters = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            state.inFlight -= 1
            guard state.draining, state.inFlight == 0 else { return [] }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// The requests and streams in flight.
    package var inFlight: Int { state.withLockedValue { $0.inFlight } }

    /// Whether draining began (new requests are refused).
    package var isDraining: Bool { state.withLockedValue { $0.draining } }

    /// Refuses new requests from now on and waits until those in flight ended, or `grace` passed,
    /// or the calling task is cancelled. Returns how many were still in flight.
    @discardableResult
    package func drain(within grace: Duration) async -> Int {
        state.withLockedValue { $0.draining = true }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.idle() }
            group.addTask { try? await Task.sleep(for: grace) }
            await group.next()
            group.cancelAll()
        }
        return inFlight
    }

    /// Marks the owner shut down; true the first time only (so a second shutdown does nothing).
    package func markShutDown() -> Bool {
        state.withLockedValue { state in
            state.draining = true
            defer { state.shutDown = true }
            return !state.shutDown
        }
    }

    /// Returns when nothing is in flight (or the task is cancelled).
    private func idle() async {
        let id = state.withLockedValue { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLockedValue { state -> Bool in
                    if state.inFlight == 0 || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLockedValue { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
