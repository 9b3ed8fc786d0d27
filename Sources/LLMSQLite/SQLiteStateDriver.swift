import LLMSharedState
import Logging
import NIOConcurrencyHelpers
import SQLiteNIO

/// Runs the SQL store's statements on one SQLite connection to a file in WAL mode (readers and the
/// one writer do not block each other; each statement is its own transaction, and processes on
/// the same host wait for the write lock up to the busy timeout).
final class SQLiteStateDriver: SQLStateDriver {
    let connection: SQLiteConnection
    let dialect = SQLDialect.sqlite

    private init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Opens (creating it if needed) the database at `path`, in WAL mode.
    static func open(path: String, busyTimeout: Duration) async throws -> SQLiteStateDriver {
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path),
            logger: Logger(label: "swift-llm.state", factory: { _ in SwiftLogNoOpLogHandler() }))
        do {
            let milliseconds = Int(
                busyTimeout.components.seconds * 1_000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000)
            for pragma in [
                "PRAGMA busy_timeout = \(max(0, milliseconds))", "PRAGMA journal_mode = WAL",
                "PRAGMA synchronous = NORMAL",
            ] {
                _ = try await rows(connection, pragma, [])
            }
        } catch {
            try? await connection.close()
            throw error
        }
        return SQLiteStateDriver(connection: connection)
    }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
        let data: [SQLiteData] = binds.map { bind in
            switch bind {
            case .text(let text): .text(text)
            case .real(let value): .float(value)
            case .null: .null
            }
        }
        return try await Self.rows(connection, sql, data).map { row in
            row.columns.map { column in
                switch column.data {
                case .text(let text): .text(text)
                case .null, .blob: .null
                case .integer, .float: .real(column.data.double ?? 0)
                }
            }
        }
    }

    func migrate(_ statements: [String]) async throws {
        // CREATE TABLE IF NOT EXISTS takes the write lock: processes doing it at once wait in turn.
        for statement in statements {
            guard statement.hasPrefix(SQLDialect.addColumnIfMissing) else {
                _ = try await Self.rows(connection, statement, [])
                continue
            }
            // SQLite has no ADD COLUMN IF NOT EXISTS: look at the table's columns first.
            let parts = statement.dropFirst(SQLDialect.addColumnIfMissing.count).split(
                separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2, let column = parts[1].split(separator: " ").first else { continue }
            let existing = try await Self.rows(
                connection, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2",
                [.text(String(parts[0])), .text(String(column))])
            if existing.isEmpty {
                _ = try await Self.rows(connection, "ALTER TABLE \(parts[0]) ADD COLUMN \(parts[1])", [])
            }
        }
    }

    /// The rows of one statement, collected under a lock: they are read on SQLiteNIO's thread
    /// pool and returned to the caller's task (SQLiteNIO's own collecting `query` appends to an
    /// unguarded variable, which ThreadSanitizer reports, the pool's handoff being invisible to it).
    private static func rows(_ connection: SQLiteConnection, _ sql: String, _ binds: [SQLiteData]) async throws
        -> [SQLiteRow]
    {
        let rows = NIOLockedValueBox<[SQLiteRow]>([])
        try await connection.query(sql, binds) { row in rows.withLockedValue { $0.append(row) } }
        return rows.withLockedValue { $0 }
    }

    func shutdown() async throws {
        try await connection.close()
    }
}
