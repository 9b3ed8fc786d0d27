public import LLMCache
import NIOConcurrencyHelpers

/// A ``LLMCache/ResponseCacheStore`` in a SQL database that replicas share (DESIGN.md, "Response
/// cache"): one table, `llm_response_cache`, one row per key with its JSON, its size and its
/// expiry on the database's clock. A read is one `SELECT`, a write one upsert; every
/// ``pruneEvery`` writes, one statement deletes the expired rows and another the oldest ones past
/// ``maxBytes``. The same statements run on PostgreSQL and SQLite.
///
/// When the database is slow or down, a read is a miss and a write is skipped (the cache answers
/// online), with the shared stores' warning once per outage and their metrics
/// (`llm_state_store_failures_total`, `llm_state_store_available`).
///
/// `PostgresResponseCacheStore` (`LLMPostgres`) and `SQLiteResponseCacheStore` (`LLMSQLite`) are
/// this store over their drivers.
public final class SQLResponseCacheStore: ResponseCacheStore {
    /// The tables the store uses.
    public static let tables = ["llm_response_cache"]
    /// The most bytes the stored answers take before the oldest are deleted.
    public let maxBytes: Int
    /// How many writes pass between two prunes.
    public let pruneEvery: Int

    private let database: SQLStoreGuard
    private let writes = NIOLockedValueBox(0)
    private let statements: Statements

    struct Statements {
        let migrations: [String]
        let select: String
        let upsert: String
        let delete: String
        let deleteExpired: String
        let trim: String

        init(_ dialect: SQLDialect) {
            let p = dialect.parameter
            migrations = [
                """
                CREATE TABLE IF NOT EXISTS llm_response_cache (
                    key TEXT PRIMARY KEY, value TEXT NOT NULL, bytes DOUBLE PRECISION NOT NULL,
                    stored_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION NOT NULL)
                """,
                "CREATE INDEX IF NOT EXISTS llm_response_cache_expiry ON llm_response_cache (expires_at)",
                "CREATE INDEX IF NOT EXISTS llm_response_cache_age ON llm_response_cache (stored_at)",
            ]
            select = """
                SELECT value FROM llm_response_cache WHERE key = \(p(1, .text)) AND expires_at > \(dialect.now)
                """
            upsert = """
                INSERT INTO llm_response_cache (key, value, bytes, stored_at, expires_at)
                VALUES (\(p(1, .text)), \(p(2, .text)), \(p(3, .real)), \(dialect.now), \(dialect.now) + \(p(4, .real)))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, bytes = excluded.bytes,
                    stored_at = excluded.stored_at, expires_at = excluded.expires_at
                """
            delete = "DELETE FROM llm_response_cache WHERE key = \(p(1, .text))"
            deleteExpired = "DELETE FROM llm_response_cache WHERE expires_at <= \(dialect.now)"
            // The newest rows whose running total stays within the bound are kept.
            trim = """
                DELETE FROM llm_response_cache WHERE key IN (
                    SELECT key FROM (
                        SELECT key, sum(bytes) OVER (ORDER BY stored_at DESC, key) AS total FROM llm_response_cache
                    ) AS ranked WHERE total > \(p(1, .real)))
                """
        }
    }

    /// A store over `driver` of at most `maxBytes` (1 GiB by default); `name` appears in logs and
    /// metrics (`sqlite-cache`, `postgres-cache`). Call ``migrate()`` once to create its table.
    public init(
        driver: any SQLStateDriver, name: String, options: SharedStateOptions = SharedStateOptions(),
        maxBytes: Int = 1 << 30, pruneEvery: Int = 100
    ) {
        statements = Statements(driver.dialect)
        self.maxBytes = max(1, maxBytes)
        self.pruneEvery = max(1, pruneEvery)
        database = SQLStoreGuard(
            driver: driver, name: name, options: options, migrations: statements.migrations,
            subject: "response cache store", fallback: "answering every request online")
    }

    /// Creates the table if it does not exist (safe from every replica at start); a store whose
    /// database did not answer makes it before its first statement that reaches it.
    public func migrate() async throws {
        try await database.migrate(within: max(database.options.timeout * 10, .seconds(5)))
    }

    /// Whether the database answered the last statement.
    public var isAvailable: Bool { database.isAvailable }

    /// The stored answer under `key` if it has not expired; nil too while the database is down.
    public func value(for key: String) async throws -> [UInt8]? {
        guard let row = await database.run(statements.select, [.text(key)])?.first, let text = row.first?.text else {
            return nil
        }
        return Array(text.utf8)
    }

    /// Stores `value` (UTF-8 JSON) under `key` for `ttl`; skipped while the database is down.
    public func store(_ value: [UInt8], for key: String, ttl: Duration) async throws {
        let seconds = Double(ttl.components.seconds) + Double(ttl.components.attoseconds) / 1e18
        _ = await database.run(
            statements.upsert,
            [.text(key), .text(String(decoding: value, as: UTF8.self)), .real(Double(value.count)), .real(seconds)])
        let prune = writes.withLockedValue { writes in
            writes += 1
            return writes % pruneEvery == 0
        }
        if prune { await self.prune() }
    }

    /// Removes the row of `key`.
    public func removeValue(for key: String) async throws {
        _ = await database.run(statements.delete, [.text(key)])
    }

    /// Deletes the expired rows, then the oldest ones past ``maxBytes``.
    public func prune() async {
        _ = await database.run(statements.deleteExpired, [])
        _ = await database.run(statements.trim, [.real(Double(maxBytes))])
    }

    /// Closes the database connections.
    public func shutdown() async throws {
        try await database.driver.shutdown()
    }
}
