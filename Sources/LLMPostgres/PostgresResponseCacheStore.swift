public import LLMCore
public import LLMSharedState
public import PostgresNIO

/// Cached answers in a PostgreSQL database that every replica shares: a
/// ``LLMSharedState/SQLResponseCacheStore`` over postgres-nio.
///
/// ```swift
/// let store = try PostgresResponseCacheStore(url: "postgres://llm@db.internal:5432/llm")
/// try await store.migrate()
/// let cache = ResponseCache(store: store)
/// ```
public final class PostgresResponseCacheStore: SQLBackedResponseCacheStore {
    /// The SQL store it runs on.
    public let store: SQLResponseCacheStore
    /// The database, without its password.
    public let database: String

    /// Connects to the database of a connection string (`postgres://USER[:PASSWORD]@HOST[:PORT]/DB`,
    /// `?sslmode=disable|prefer|require`), holding at most `maxBytes` of answers. Call
    /// ``migrate()`` once (the first statement that reaches the database makes the table otherwise).
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) for a string that does not parse,
    ///   never showing its password.
    public convenience init(
        url: String, options: SharedStateOptions = SharedStateOptions(),
        maxBytes: Int = 1 << 30, maximumConnections: Int = 8
    ) throws(LLMError) {
        let parsed = try PostgresConnectionString(url)
        let configuration = parsed.clientConfiguration(
            maximumConnections: maximumConnections, connectTimeout: max(options.timeout, .seconds(2)))
        self.init(configuration: configuration, options: options, maxBytes: maxBytes, description: parsed.redacted)
    }

    /// Connects with a postgres-nio client configuration.
    public init(
        configuration: PostgresClient.Configuration, options: SharedStateOptions = SharedStateOptions(),
        maxBytes: Int = 1 << 30, description: String? = nil
    ) {
        store = SQLResponseCacheStore(
            driver: PostgresStateDriver(configuration: configuration), name: "postgres-cache", options: options,
            maxBytes: maxBytes)
        database = description ?? "postgres://\(configuration.username)@\(configuration.host ?? "")"
    }
}
