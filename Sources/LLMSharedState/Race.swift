import LLMCore
import LLMSupport

/// Runs `operation` but answers after `limit` at the latest: a database call that hangs (a stopped
/// server, a held lock) must not hold a request beyond the store's timeout, whether or not the
/// driver honours cancellation.
func withTimeLimit<T: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await LLMSupport.withTimeLimit(limit, timeout: { StoreTimeout(limit: limit) }, operation)
}

/// A statement did not answer within the store's timeout.
struct StoreTimeout: Error, CustomStringConvertible {
    let limit: Duration
    var description: String { "no answer within \(limit)" }
}
