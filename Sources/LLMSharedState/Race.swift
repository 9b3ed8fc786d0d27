import NIOConcurrencyHelpers

/// Runs `operation` but answers after `limit` at the latest: a database call that hangs (a stopped
/// server, a held lock) must not hold a request beyond the store's timeout, whether or not the
/// driver honours cancellation. The operation is cancelled when the time is up and finishes on
/// its own.
func withTimeLimit<T: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let pending = NIOLockedValueBox<CheckedContinuation<T, any Error>?>(nil)
    let tasks = NIOLockedValueBox<[Task<Void, Never>]>([])
    @Sendable func finish(_ result: Result<T, any Error>) {
        guard
            let continuation = pending.withLockedValue({ value in
                defer { value = nil }
                return value
            })
        else {
            return
        }
        for task in tasks.withLockedValue({ $0 }) { task.cancel() }
        continuation.resume(with: result)
    }
    return try await withCheckedThrowingContinuation { continuation in
        pending.withLockedValue { $0 = continuation }
        let work = Task {
            do { finish(.success(try await operation())) } catch { finish(.failure(error)) }
        }
        let timer = Task {
            try? await Task.sleep(for: limit)
            if !Task.isCancelled { finish(.failure(StoreTimeout(limit: limit))) }
        }
        tasks.withLockedValue { $0 = [work, timer] }
        // The operation may have finished before the tasks were recorded.
        if pending.withLockedValue({ $0 == nil }) {
            work.cancel()
            timer.cancel()
        }
    }
}

/// A statement did not answer within the store's timeout.
struct StoreTimeout: Error, CustomStringConvertible {
    let limit: Duration
    var description: String { "no answer within \(limit)" }
}
