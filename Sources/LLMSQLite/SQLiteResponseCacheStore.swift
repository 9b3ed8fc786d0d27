import Foundation
public import LLMCore
public import LLMSharedState

/// Cached answers in a SQLite file (WAL mode), shared by the processes of one host: a
/// ``LLMSharedState/SQLResponseCacheStore`` over sqlite-nio, the embedded default.
///
/// ```swift
/// let cache = ResponseCache(store: try await SQLiteResponseCacheStore(path: "/var/lib/app/llm-cache.sqlite"))
/// ```
public final class SQLiteResponseCacheStore: SQLBackedResponseCacheStore {
    /// The SQL store it runs on.
    public let store: SQLResponseCacheStore
    /// The database file.
    public let path: String

    /// Opens (creating it and its table when needed) the database at `path`, holding at most
    /// `maxBytes` of answers. A statement waits up to `busyTimeout` for another process's write.
    /// - Throws: ``LLMCore/LLMError`` `invalidConfiguration` naming the path when the file cannot be
    ///   opened or created, or is not a SQLite database.
    public init(
        path: String, options: SharedStateOptions = SharedStateOptions(),
        maxBytes: Int = 1 << 30, busyTimeout: Duration = .seconds(1)
    ) async throws(LLMError) {
        guard !path.isEmpty else { throw Self.unusable(path, "the path is empty") }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            store = SQLResponseCacheStore(
                driver: try await SQLiteStateDriver.open(path: path, busyTimeout: busyTimeout), name: "sqlite-cache",
                options: options, maxBytes: maxBytes)
        } catch {
            throw Self.unusable(path, "\(error)")
        }
        self.path = path
        do {
            try await store.migrate()
        } catch {
            try? await store.shutdown()
            throw Self.unusable(path, "\(error)")
        }
    }

    private static func unusable(_ path: String, _ reason: String) -> LLMError {
        LLMError(
            code: .invalidConfiguration, message: "cannot open the response cache '\(path)': \(reason)",
            hint: "use sqlite:PATH, a SQLite file the process can create or write", parameter: "--cache")
    }
}
