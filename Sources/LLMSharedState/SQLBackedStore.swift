import ServiceLifecycle

/// A store over a SQL database (``SQLRateLimitStore``, ``SQLThreadStore``,
/// ``SQLResponseCacheStore``): it makes its tables and closes its connections.
public protocol SQLStore: Sendable {
    /// Creates the store's tables if they do not exist (safe from every replica at start).
    func migrate() async throws

    /// Closes the database connections.
    func shutdown() async throws
}

/// A database's store that is a ``SQLStore`` over that database's driver (`PostgresRateLimitStore`,
/// `SQLiteThreadStore`, ...): its lifetime is the SQL store's.
public protocol SQLBackedStore: Sendable {
    /// The kind of SQL store it runs on.
    associatedtype Backing: SQLStore

    /// The SQL store it runs on.
    var store: Backing { get }
}

extension SQLBackedStore {
    /// Creates the tables if they do not exist (safe from every replica at start).
    public func migrate() async throws {
        try await store.migrate()
    }

    /// Closes the database connections.
    public func shutdown() async throws {
        try await store.shutdown()
    }

    /// Runs as a swift-service-lifecycle `Service` (the database stores declare it): waits for the
    /// group's graceful shutdown, then closes the database connections. In a `ServiceGroup`, list
    /// a rate-limit store before the connectors that use it, so they drain (and settle) before it
    /// closes.
    public func run() async throws {
        try? await gracefulShutdown()
        try await shutdown()
    }
}

extension SQLRateLimitStore: SQLStore {}
extension SQLThreadStore: SQLStore {}
extension SQLResponseCacheStore: SQLStore {}
