public import LLMCore
public import LLMSharedState

/// Rate limits, 429 pauses and cooldowns shared by every process on one host through a SQLite
/// file in WAL mode (DESIGN.md, "Shared state"): a ``LLMSharedState/SQLRateLimitStore`` over
/// sqlite-nio, the embedded default for `llm batch` jobs started in parallel. Each decision is one
/// statement (an atomic write transaction); the tables are
/// ``LLMSharedState/SQLRateLimitStore/tables``, made by ``migrate()``.
///
/// ```swift
/// let store = try await SQLiteRateLimitStore(path: "/var/lib/app/llm-state.sqlite")
/// try await store.migrate()
/// ```
public final class SQLiteRateLimitStore: SQLBackedRateLimitStore {
    /// The SQL store it runs on.
    public let store: SQLRateLimitStore
    /// The database file.
    public let path: String

    /// Opens (creating it if needed) the database file at `path`. `busyTimeout` is how long a
    /// statement waits for another process's write to end (within the store's own timeout).
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) when the file cannot be opened.
    public init(path: String, options: SharedStateOptions = SharedStateOptions(), busyTimeout: Duration = .seconds(2))
        async throws(LLMError)
    {
        guard !path.isEmpty else {
            throw LLMError(
                code: .invalidConfiguration, message: "the SQLite state path is empty",
                hint: "use sqlite:PATH, a file the process can create or write", parameter: "--state")
        }
        do {
            store = SQLRateLimitStore(
                driver: try await SQLiteStateDriver.open(path: path, busyTimeout: busyTimeout), name: "sqlite",
                options: options)
        } catch {
            throw LLMError(
                code: .invalidConfiguration, message: "cannot open the SQLite state file '\(path)': \(error)",
                hint: "use sqlite:PATH, a file the process can create or write", parameter: "--state")
        }
        self.path = path
    }
}
