import LLMSupport
import Logging
import Metrics
import NIOConcurrencyHelpers

/// A shared store's view of its database: runs each statement within the store's timeout, and
/// while the database is down answers nil at once (the store falls back), asking again every
/// ``SharedStateOptions/retryInterval``. It logs one warning per outage and one info line when the
/// database answers again, counts failures in `llm_state_store_failures_total` and keeps
/// `llm_state_store_available` at 0 or 1, both with the store's name as `store`.
///
/// ``SQLRateLimitStore`` and ``SQLResponseCacheStore`` both run on one; it makes the store's tables
/// before the first statement that reaches the database, when ``migrate(within:)`` could not.
final class SQLStoreGuard: Sendable {
    let driver: any SQLStateDriver
    let name: String
    let options: SharedStateOptions
    private let migrations: [String]
    /// What the log lines call the store (`shared state store`).
    private let subject: String
    /// What the store does meanwhile, for the warning (`falling back to this process's own limits`).
    private let fallback: String
    private let state = NIOLockedValueBox(State())
    private let failures: Counter
    private let available: Gauge

    private struct State {
        var down = false
        /// While down: when the next statement may probe the database.
        var probeAt: ContinuousClock.Instant?
        /// Whether the store has made (or found) its tables.
        var migrated = false
    }

    init(
        driver: any SQLStateDriver, name: String, options: SharedStateOptions, migrations: [String],
        subject: String, fallback: String
    ) {
        self.driver = driver
        self.name = name
        self.options = options
        self.migrations = migrations
        self.subject = subject
        self.fallback = fallback
        let factory = options.metricsFactory ?? MetricsSystem.factory
        failures = Counter(label: "llm_state_store_failures_total", dimensions: [("store", name)], factory: factory)
        available = Gauge(label: "llm_state_store_available", dimensions: [("store", name)], factory: factory)
        available.record(1)
    }

    /// Whether the database answered the last statement.
    var isAvailable: Bool { !state.withLockedValue { $0.down } }

    /// Creates the tables if they do not exist, within `limit`.
    func migrate(within limit: Duration) async throws {
        let (driver, migrations) = (self.driver, self.migrations)
        try await withTimeLimit(limit) { try await driver.migrate(migrations) }
        state.withLockedValue { $0.migrated = true }
    }

    /// Runs one statement within the timeout; nil when the database is down (then it says so once,
    /// and asks again only after the retry interval).
    func run(_ sql: String, _ binds: [SQLValue]) async -> [[SQLValue]]? {
        let now = ContinuousClock.now
        let skip = state.withLockedValue { state in
            guard state.down else { return false }
            guard let probeAt = state.probeAt, now >= probeAt else { return true }
            state.probeAt = now + options.retryInterval
            return false
        }
        if skip { return nil }
        do {
            if !state.withLockedValue({ $0.migrated }) { try await migrate(within: options.timeout) }
            let driver = self.driver
            let rows = try await withTimeLimit(options.timeout) { try await driver.query(sql, binds) }
            if state.withLockedValue({ state in
                defer { state.down = false }
                return state.down
            }) {
                available.record(1)
                options.logger.info("\(subject) answers again", metadata: ["llm.state_store": "\(name)"])
            }
            return rows
        } catch {
            failures.increment()
            let first = state.withLockedValue { state in
                defer {
                    state.down = true
                    state.probeAt = ContinuousClock.now + options.retryInterval
                }
                return !state.down
            }
            if first {
                available.record(0)
                options.logger.warning(
                    "\(subject) unavailable; \(fallback)",
                    metadata: ["llm.state_store": "\(name)", "llm.error": "\(Self.describe(error))"])
            }
            return nil
        }
    }

    /// An error's description without what a driver might echo of the connection (the drivers'
    /// own errors say only their kind and the server's message).
    private static func describe(_ error: any Error) -> String {
        String(String(describing: error).prefix(300).map { $0.isNewline ? " " : $0 })
    }
}
