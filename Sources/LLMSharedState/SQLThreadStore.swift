import LLMCore
import LLMSupport
public import LLMThreads

/// A ``ThreadStore`` in a SQL database, over an ``SQLStateDriver``: one table,
/// `llm_thread_versions`, one row per version (what it added to its parent), inserted once and
/// never updated. A save is one `INSERT … ON CONFLICT (id) DO NOTHING` per version, a read one
/// `SELECT` of the lineage's rows. Every statement answers within `timeout` or fails with
/// `serviceUnavailable`.
public final class SQLThreadStore: ThreadStore {
    /// The tables the store uses.
    public static let tables = ["llm_thread_versions"]

    private let driver: any SQLStateDriver
    private let timeout: Duration
    private let name: String

    /// A store over `driver`; `name` appears in errors (`sqlite`, `postgres`).
    public init(driver: any SQLStateDriver, name: String, timeout: Duration = .seconds(10)) {
        self.driver = driver
        self.name = name
        self.timeout = timeout
    }

    /// Creates the table and its index when they do not exist.
    public func migrate() async throws {
        _ = try await run { [driver] in
            try await driver.migrate([
                """
                CREATE TABLE IF NOT EXISTS llm_thread_versions (
                    id TEXT PRIMARY KEY, lineage_id TEXT NOT NULL, parent_id TEXT,
                    created_at DOUBLE PRECISION NOT NULL, change TEXT NOT NULL, base DOUBLE PRECISION NOT NULL,
                    added TEXT NOT NULL, system_prompt TEXT, configuration TEXT)
                """,
                """
                CREATE INDEX IF NOT EXISTS llm_thread_versions_lineage
                    ON llm_thread_versions (lineage_id, created_at, id)
                """,
            ])
            return []
        }
    }

    /// Inserts each record whose id is new (one statement per record, parents first).
    public func insert(_ records: [ThreadRecord]) async throws {
        let p = driver.dialect.parameter
        let sql = """
            INSERT INTO llm_thread_versions
                (id, lineage_id, parent_id, created_at, change, base, added, system_prompt, configuration)
            VALUES (\(p(1, .text)), \(p(2, .text)), \(p(3, .text)), \(p(4, .real)), \(p(5, .text)), \(p(6, .real)),
                \(p(7, .text)), \(p(8, .text)), \(p(9, .text)))
            ON CONFLICT (id) DO NOTHING
            """
        for record in records {
            let binds: [SQLValue] = [
                .text(record.id), .text(record.lineageId), record.parentId.map(SQLValue.text) ?? .null,
                .real(record.createdAt), .text(record.change), .real(Double(record.base)), .text(record.added),
                record.systemPrompt.map(SQLValue.text) ?? .null, record.configuration.map(SQLValue.text) ?? .null,
            ]
            _ = try await run { [driver] in try await driver.query(sql, binds) }
        }
    }

    /// The lineage's rows, by time, then id.
    public func records(lineage: String) async throws -> [ThreadRecord] {
        try await select("WHERE lineage_id = \(driver.dialect.parameter(1, .text))", lineage)
    }

    /// The rows of the lineage that holds `id`.
    public func records(lineageOf id: String) async throws -> [ThreadRecord] {
        let p = driver.dialect.parameter(1, .text)
        return try await select(
            "WHERE lineage_id = (SELECT lineage_id FROM llm_thread_versions WHERE id = \(p))", id)
    }

    /// Whether a row with `id` exists.
    public func contains(_ id: String) async throws -> Bool {
        let sql = "SELECT id FROM llm_thread_versions WHERE id = \(driver.dialect.parameter(1, .text))"
        return try await !run { [driver] in try await driver.query(sql, [.text(id)]) }.isEmpty
    }

    /// Deletes the lineage's rows.
    public func deleteLineage(_ lineage: String) async throws {
        let sql = "DELETE FROM llm_thread_versions WHERE lineage_id = \(driver.dialect.parameter(1, .text))"
        _ = try await run { [driver] in try await driver.query(sql, [.text(lineage)]) }
    }

    /// Closes the connections.
    public func shutdown() async throws {
        try await driver.shutdown()
    }

    private func select(_ condition: String, _ key: String) async throws -> [ThreadRecord] {
        let sql = """
            SELECT id, lineage_id, parent_id, created_at, change, base, added, system_prompt, configuration
            FROM llm_thread_versions \(condition) ORDER BY created_at, id
            """
        return try await run { [driver] in try await driver.query(sql, [.text(key)]) }.map { row in
            guard row.count == 9, let id = row[0].text, let lineage = row[1].text, let created = row[3].double,
                let change = row[4].text, let base = row[5].double, let added = row[6].text,
                base >= 0, base < 1e9
            else {
                throw LLMError(
                    code: .decoding, message: "the \(name) thread store returned a damaged row",
                    hint: "check the llm_thread_versions table")
            }
            return ThreadRecord(
                id: id, lineageId: lineage, parentId: row[2].text, createdAt: created, change: change,
                base: Int(base), added: added, systemPrompt: row[7].text, configuration: row[8].text)
        }
    }

    /// Runs a statement within the timeout; a failure is `serviceUnavailable` naming the store.
    private func run(_ statement: @escaping @Sendable () async throws -> [[SQLValue]]) async throws -> [[SQLValue]] {
        do {
            return try await withTimeLimit(timeout, statement)
        } catch let error as LLMError {
            throw error
        } catch {
            throw LLMError(
                code: .serviceUnavailable, message: "the \(name) thread store did not answer: \(error)",
                hint: "check that the database is running and reachable")
        }
    }
}
