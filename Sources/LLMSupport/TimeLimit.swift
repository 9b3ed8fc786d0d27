import Foundation

/// Runs `operation` but answers after `limit` at the latest, with `timeout()`'s error, whether or
/// not the operation honours cancellation (a database driver that hangs, a tool that never
/// checks): the operation is cancelled when the time is up and finishes on its own.
package func withTimeLimit<T: Sendable>(
    _ limit: Duration, timeout: @escaping @Sendable () -> any Error,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let state = RaceState<T>()
    return try await withCheckedThrowingContinuation { continuation in
        state.start(continuation)
        let work = Task {
            do { state.finish(.success(try await operation())) } catch { state.finish(.failure(error)) }
        }
        let timer = Task {
            try? await Task.sleep(for: limit)
            if !Task.isCancelled { state.finish(.failure(timeout())) }
        }
        state.record([work, timer])
    }
}

/// The continuation a race resumes once, and the tasks it cancels then.
private final class RaceState<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var tasks: [Task<Void, Never>] = []
    private var finished = false

    func start(_ continuation: CheckedContinuation<T, any Error>) {
        lock.withLock { self.continuation = continuation }
    }

    /// Keeps the tasks to cancel; cancels them at once when the race is already over.
    func record(_ tasks: [Task<Void, Never>]) {
        let over = lock.withLock {
            self.tasks = tasks
            return finished
        }
        if over { for task in tasks { task.cancel() } }
    }

    func finish(_ result: Result<T, any Error>) {
        let (continuation, tasks) = lock.withLock {
            defer {
                self.continuation = nil
                finished = true
            }
            return (self.continuation, self.tasks)
        }
        guard let continuation else { return }
        for task in tasks { task.cancel() }
        continuation.resume(with: result)
    }
}
