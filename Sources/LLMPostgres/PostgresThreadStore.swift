import LLMCore
public import LLMSharedState
import LLMThreads
import PostgresNIO

/// Thread versions in PostgreSQL, for many replicas: every replica reads and continues the same
/// threads; two continuing one version at once make two branches.
public final class PostgresThreadStore: SQLBackedThreadStore {
    /// The SQL store it runs on.
    public let store: SQLThreadStore
    /// The database, without its password.
    public let database: String

    /// Connects to the database of a connection string (`postgres://USER[:PASSWORD]@HOST[:PORT]/DB`)
    /// and creates the table when it does not exist.
    /// - Throws: `invalidConfiguration` for a string that does not parse (never showing its
    ///   password); `serviceUnavailable` when the database does not answer.
    public init(url: String, maximumConnections: Int = 8, timeout: Duration = .seconds(10)) async throws {
        let parsed = try PostgresConnectionString(url)
        let configuration = parsed.clientConfiguration(
            maximumConnections: maximumConnections, connectTimeout: timeout)
        store = SQLThreadStore(
            driver: PostgresStateDriver(configuration: configuration), name: "postgres", timeout: timeout)
        database = parsed.redacted
        do {
            try await store.migrate()
        } catch {
            try? await store.shutdown()
            throw error
        }
    }
}
