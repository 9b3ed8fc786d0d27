import Foundation
import LLMPostgres
import LLMSQLite
import LLMSharedState
import SwiftLLM
import Testing

/// The rate-limit stores one contract is tested against, and two handles on each: the in-memory
/// store (both handles are the same actor), SQLite (two stores on one file, as two processes on a
/// host have), and PostgreSQL (two stores with their own connection pools on one database, as two
/// replicas have) when `LLM_TEST_POSTGRES_URL` names a database (`.ci/run` starts a throwaway one).
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static let postgresURL = ProcessInfo.processInfo.environment["LLM_TEST_POSTGRES_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// Every store this machine can test.
    static var available: [StoreKind] {
        if postgresURL == nil {
            print("[state] LLM_TEST_POSTGRES_URL is not set: the PostgreSQL store is not tested here (.ci/run sets it)")
        }
        return postgresURL == nil ? [.memory, .sqlite] : allCases
    }

    /// The stores shared between processes.
    static var shared: [StoreKind] { available.filter { $0 != .memory } }
}

/// Two handles on one store, closed by ``close()``.
struct StorePair: Sendable {
    let first: any RateLimitStore
    let second: any RateLimitStore
    let closers: [@Sendable () async throws -> Void]

    /// A unique key, so tests against one database do not meet.
    static func key(_ name: String = "k") -> String { "\(name)-\(UUID().uuidString)" }

    /// A temporary SQLite file path.
    static func sqlitePath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("llm-state-\(UUID().uuidString).sqlite").path
    }

    /// Options whose statement timeout a loaded test machine does not reach (a timeout makes the
    /// store answer from local limits, which SharedStateFailureTests test on their own).
    static let patient = SharedStateOptions(timeout: .seconds(30))

    /// Opens two handles on a store of `kind`; the second reads cooldowns afresh on every call (a
    /// refresh interval of zero), so a test sees another handle's writes at once.
    static func open(_ kind: StoreKind, options: SharedStateOptions = patient, path: String? = nil)
        async throws -> StorePair
    {
        var fresh = options
        fresh.cooldownRefresh = .zero
        switch kind {
        case .memory:
            let store = InMemoryRateLimitStore()
            return StorePair(first: store, second: store, closers: [])
        case .sqlite:
            let path = path ?? sqlitePath()
            let first = try await SQLiteRateLimitStore(path: path, options: options)
            let second = try await SQLiteRateLimitStore(path: path, options: fresh)
            try await first.migrate()
            try await second.migrate()
            return StorePair(
                first: first, second: second,
                closers: [{ try await first.shutdown() }, { try await second.shutdown() }])
        case .postgres:
            let url = try #require(StoreKind.postgresURL)
            let first = try PostgresRateLimitStore(url: url, options: options)
            let second = try PostgresRateLimitStore(url: url, options: fresh)
            try await first.migrate()
            try await second.migrate()
            return StorePair(
                first: first, second: second,
                closers: [{ try await first.shutdown() }, { try await second.shutdown() }])
        }
    }

    /// Runs `body` with a pair of `kind`, closing it afterwards.
    static func with(
        _ kind: StoreKind, options: SharedStateOptions = patient, _ body: (StorePair) async throws -> Void
    ) async throws {
        let pair = try await open(kind, options: options)
        do {
            try await body(pair)
        } catch {
            try? await pair.close()
            throw error
        }
        try await pair.close()
    }

    func close() async throws {
        for close in closers { try await close() }
    }
}
