import LLMSharedState
import Logging
import PostgresNIO

/// Runs the SQL store's statements on a `PostgresClient` (a pool of connections), whose run loop
/// it keeps in a task of its own until ``shutdown()``.
final class PostgresStateDriver: SQLStateDriver {
    let client: PostgresClient
    private let running: Task<Void, Never>
    let dialect = SQLDialect.postgres

    init(configuration: PostgresClient.Configuration) {
        let client = PostgresClient(configuration: configuration)
        self.client = client
        running = Task { await client.run() }
    }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            switch bind {
            case .text(let text): bindings.append(text)
            case .real(let value): bindings.append(value)
            case .null: bindings.appendNull()
            }
        }
        var rows: [[SQLValue]] = []
        for try await row in try await client.query(PostgresQuery(unsafeSQL: sql, binds: bindings)) {
            rows.append(try row.map(Self.value))
        }
        return rows
    }

    func migrate(_ statements: [String]) async throws {
        // One replica at a time: concurrent CREATE TABLE IF NOT EXISTS can collide in the catalog.
        try await client.withTransaction(logger: Logger(label: "swift-llm.state")) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(7242811)", logger: Self.quiet)
            for statement in statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Self.quiet)
            }
        }
    }

    func shutdown() async throws {
        running.cancel()
        await running.value
    }

    private static let quiet = Logger(label: "swift-llm.state", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A cell as text, a number or null (the store's results are text or float8; a function that
    /// returns nothing answers one `void` cell).
    private static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .text, .varchar, .name: return .text(try cell.decode(String.self))
        case .float8, .float4, .int8, .int4, .int2, .numeric: return .real(try cell.decode(Double.self))
        default: return .null
        }
    }
}
