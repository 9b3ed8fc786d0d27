import Foundation
import LLMSQLite
import LLMSharedState
import Logging
import MetricsTestKit
import NIOConcurrencyHelpers
import SwiftLLM
import Testing

/// A driver that passes statements to a real one, or fails them, or never answers, as a test says.
final class FaultyDriver: SQLStateDriver {
    enum Mode {
        case pass
        case fail
        case hang
    }

    struct Down: Error, CustomStringConvertible {
        var description: String { "connection refused" }
    }

    let base: any SQLStateDriver
    let mode = NIOLockedValueBox(Mode.pass)
    let statements = NIOLockedValueBox(0)
    private let hung = NIOLockedValueBox<[CheckedContinuation<Void, Never>]>([])

    init(_ base: any SQLStateDriver) { self.base = base }

    var dialect: SQLDialect { base.dialect }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
        statements.withLockedValue { $0 += 1 }
        switch mode.withLockedValue({ $0 }) {
        case .pass: return try await base.query(sql, binds)
        case .fail: throw Down()
        case .hang:
            // Ignores cancellation, as a driver stuck on a dead socket might.
            await withCheckedContinuation { continuation in hung.withLockedValue { $0.append(continuation) } }
            throw Down()
        }
    }

    func migrate(_ statements: [String]) async throws { try await base.migrate(statements) }

    func shutdown() async throws {
        for continuation in hung.withLockedValue({ value in
            defer { value = [] }
            return value
        }) {
            continuation.resume()
        }
        try await base.shutdown()
    }
}

/// What a SQL store does when its database is down or hangs, per failure mode: the local limits
/// by default, every request admitted (open) or none (closed); one warning per outage, a metric,
/// and recovery on its own.
@Suite struct SharedStateFailureTests {
    /// A SQL store over a faulty driver on a fresh SQLite file, with its logs and metrics.
    static func store(_ mode: StoreFailureMode, timeout: Duration = .seconds(2), retryInterval: Duration = .zero)
        async throws -> (SQLRateLimitStore, FaultyDriver, LogCapture, TestMetrics)
    {
        let sqlite = try await SQLiteRateLimitStore(path: StorePair.sqlitePath())
        try await sqlite.migrate()
        let driver = FaultyDriver(sqlite.store.driver)
        let logs = LogCapture()
        let metrics = TestMetrics()
        let options = SharedStateOptions(
            failureMode: mode, timeout: timeout, retryInterval: retryInterval,
            logger: Logger(label: "test") { _ in logs }, metricsFactory: metrics)
        return (SQLRateLimitStore(driver: driver, name: "sqlite", options: options), driver, logs, metrics)
    }

    @Test func aDownDatabaseFallsBackToLocalLimitsWarnsOnceAndRecovers() async throws {
        let (store, driver, logs, metrics) = try await Self.store(.local)
        let key = StorePair.key()
        let limits = RateLimits(requestsPerMinute: 2)
        driver.mode.withLockedValue { $0 = .fail }
        #expect(await store.reserve(key: key, tokens: 0, limits: limits) == .admitted)
        #expect(await store.reserve(key: key, tokens: 0, limits: limits) == .admitted)
        // The local bucket is empty now: the third waits, as one process alone would.
        guard case .wait = await store.reserve(key: key, tokens: 0, limits: limits) else {
            Issue.record("the local limits did not hold")
            return
        }
        #expect(!store.isAvailable)
        #expect(logs.records.filter { $0.level == .warning }.count == 1, "\(logs.text)")
        #expect(logs.text.contains("unavailable; falling back to this process's own limits"))
        #expect(try metrics.expectCounter("llm_state_store_failures_total", [("store", "sqlite")]).totalValue == 3)
        #expect(try metrics.expectGauge("llm_state_store_available", [("store", "sqlite")]).lastValue == 0)

        // The database is back: the next statement probes it and the shared buckets answer (this
        // key is new there, so full).
        driver.mode.withLockedValue { $0 = .pass }
        #expect(await store.reserve(key: key, tokens: 0, limits: limits) == .admitted)
        #expect(store.isAvailable)
        #expect(logs.records.contains { $0.level == .info && $0.message == "shared state store answers again" })
        #expect(try metrics.expectGauge("llm_state_store_available", [("store", "sqlite")]).lastValue == 1)
        try await store.shutdown()
    }

    @Test func whileDownOnlyOneStatementProbesTheDatabaseEachRetryInterval() async throws {
        let (store, driver, _, _) = try await Self.store(.local, retryInterval: .seconds(600))
        driver.mode.withLockedValue { $0 = .fail }
        for _ in 0..<20 { _ = await store.reserve(key: StorePair.key(), tokens: 0, limits: RateLimits()) }
        // The first failure opens the circuit; the next probe is ten minutes away.
        #expect(driver.statements.withLockedValue { $0 } == 1)
        try await store.shutdown()
    }

    @Test func openAdmitsEverythingAndClosedNothingWhileDown() async throws {
        let limits = RateLimits(requestsPerMinute: 1)
        let (open, openDriver, _, _) = try await Self.store(.open)
        openDriver.mode.withLockedValue { $0 = .fail }
        for _ in 0..<3 { #expect(await open.reserve(key: "k", tokens: 0, limits: limits) == .admitted) }
        try await open.shutdown()

        let (closed, closedDriver, _, _) = try await Self.store(.closed)
        closedDriver.mode.withLockedValue { $0 = .fail }
        #expect(await closed.reserve(key: "k", tokens: 0, limits: limits) == .wait(closed.options.retryInterval))
        try await closed.shutdown()
    }

    @Test func aHangingDatabaseCostsTheStoreTimeoutNotTheRequest() async throws {
        let (store, driver, logs, _) = try await Self.store(.local, timeout: .milliseconds(200))
        driver.mode.withLockedValue { $0 = .hang }
        // The statement never answers; the store gives up on it and answers from local limits.
        #expect(
            await store.reserve(key: StorePair.key(), tokens: 0, limits: RateLimits(requestsPerMinute: 5)) == .admitted)
        #expect(logs.text.contains("no answer within"))
        #expect(!store.isAvailable)
        try await store.shutdown()
    }

    @Test func aStoreNeverMigratedMakesItsTablesWithItsFirstStatement() async throws {
        // As when the database was down at start: no migrate() call succeeded. (Patient: a loaded
        // machine may take more than the default second to make the tables.)
        let sqlite = try await SQLiteRateLimitStore(path: StorePair.sqlitePath(), options: StorePair.patient)
        let limits = RateLimits(requestsPerMinute: 1)
        #expect(await sqlite.reserve(key: "k", tokens: 0, limits: limits) == .admitted)
        // The second is refused by the shared bucket (the first was counted in the database).
        guard case .wait = await sqlite.reserve(key: "k", tokens: 0, limits: limits) else {
            Issue.record("the shared bucket did not hold")
            return
        }
        #expect(sqlite.isAvailable)
        try await sqlite.shutdown()
    }

    @Test func cooldownsAndPausesSetWhileDownHoldInThisProcess() async throws {
        let (store, driver, _, _) = try await Self.store(.local)
        driver.mode.withLockedValue { $0 = .fail }
        let key = StorePair.key()
        await store.coolDown(key: key, for: .seconds(5))
        #expect(await store.cooldowns(keys: [key])[key] != nil)
        await store.pause(key: key, for: .seconds(5))
        guard case .wait = await store.reserve(key: key, tokens: 0, limits: RateLimits()) else {
            Issue.record("a pause set while the database was down did not hold")
            return
        }
        try await store.shutdown()
    }
}
