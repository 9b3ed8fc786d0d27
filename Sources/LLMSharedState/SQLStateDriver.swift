/// What a database driver gives ``SQLRateLimitStore``: statements run one at a time, each atomic
/// on its own (the store never needs a transaction that spans statements).
public protocol SQLStateDriver: Sendable {
    /// The SQL spelling of the driver's database.
    var dialect: SQLDialect { get }

    /// Runs one statement with positional `binds` (`$1`… or `?1`… in the dialect's spelling) and
    /// returns its rows, each a list of text, real or null values.
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]]

    /// Creates the store's tables if they do not exist, safely when several processes do it at once.
    func migrate(_ statements: [String]) async throws

    /// Closes the connections.
    func shutdown() async throws
}
