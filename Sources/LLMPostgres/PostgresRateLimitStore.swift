public import LLMCore
public import LLMSharedState
public import PostgresNIO

/// Rate limits, 429 pauses and cooldowns shared by every process that uses one PostgreSQL
/// database (DESIGN.md, "Shared state"): a ``LLMSharedState/SQLRateLimitStore`` over
/// postgres-nio. Each admission is one statement (one round trip); the tables are
/// ``LLMSharedState/SQLRateLimitStore/tables``, made by ``migrate()``.
///
/// ```swift
/// let store = try PostgresRateLimitStore(url: "postgres://llm@db.internal:5432/llm")
/// try await store.migrate()
/// var configuration = try ConnectorConfiguration.fromEnvironment()
/// configuration.rateLimitStore = store
/// ```
public final class PostgresRateLimitStore: SQLBackedRateLimitStore {
    /// The SQL store it runs on.
    public let store: SQLRateLimitStore
    /// The database, without its password.
    public let database: String

    /// Connects to the database of a connection string (`postgres://USER[:PASSWORD]@HOST[:PORT]/DB`,
    /// `?sslmode=disable|prefer|require`) with a pool of up to `maximumConnections`.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) for a string that does not parse,
    ///   never showing its password.
    public convenience init(
        url: String, options: SharedStateOptions = SharedStateOptions(), maximumConnections: Int = 8
    ) throws(LLMError) {
        let parsed = try PostgresConnectionString(url)
        let configuration = parsed.clientConfiguration(
            maximumConnections: maximumConnections, connectTimeout: max(options.timeout, .seconds(2)))
        self.init(configuration: configuration, options: options, description: parsed.redacted)
    }

    /// Connects with a postgres-nio client configuration.
    public init(
        configuration: PostgresClient.Configuration, options: SharedStateOptions = SharedStateOptions(),
        description: String? = nil
    ) {
        store = SQLRateLimitStore(
            driver: PostgresStateDriver(configuration: configuration), name: "postgres", options: options)
        database = description ?? "postgres://\(configuration.username)@\(configuration.host ?? "")"
    }
}
