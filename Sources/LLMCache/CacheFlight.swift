import NIOConcurrencyHelpers

/// One request in flight for a key, which identical requests wait for instead of asking the model
/// again (single flight): the leader ends it with the answer to share, or with none (it failed,
/// was cancelled, or its answer is not one to cache), and the waiters then go on their own.
final class CacheFlight: Sendable {
    private struct State {
        var finished = false
        var answer: CachedAnswer?
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
        /// Waiters released (cancelled, or past their deadline) before they were registered.
        var released: Set<Int> = []
    }

    private let state = NIOLockedValueBox(State())

    /// Waits until the leader ends, `deadline` passes or the calling task is cancelled; the
    /// leader's answer when it ended with one.
    func wait(until deadline: ContinuousClock.Instant?) async -> CachedAnswer? {
        let id = state.withLockedValue { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        let timer = deadline.map { deadline in
            Task { [weak self] in
                try? await Task.sleep(until: deadline, clock: .continuous)
                self?.release(id)
            }
        }
        defer { timer?.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLockedValue { state in
                    guard !state.finished, state.released.remove(id) == nil else { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            release(id)
        }
        return state.withLockedValue { $0.finished ? $0.answer : nil }
    }

    /// How many requests wait for it now.
    var waiting: Int { state.withLockedValue { $0.waiters.count } }

    /// Ends the flight: every waiter wakes, and those to come return at once.
    func finish(_ answer: CachedAnswer?) {
        let waiters = state.withLockedValue { state in
            state.finished = true
            state.answer = answer
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    private func release(_ id: Int) {
        let waiter = state.withLockedValue { state in
            guard let waiter = state.waiters.removeValue(forKey: id) else {
                if !state.finished { state.released.insert(id) }
                return nil as CheckedContinuation<Void, Never>?
            }
            return waiter
        }
        waiter?.resume()
    }
}
