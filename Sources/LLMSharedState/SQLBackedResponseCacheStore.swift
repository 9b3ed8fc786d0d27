public import LLMCache

/// A response cache store that is a ``SQLResponseCacheStore`` over one database's driver
/// (`PostgresResponseCacheStore`, `SQLiteResponseCacheStore`): every operation is the SQL store's.
public protocol SQLBackedResponseCacheStore: ResponseCacheStore, SQLBackedStore
where Backing == SQLResponseCacheStore {
    /// The SQL store it runs on.
    var store: SQLResponseCacheStore { get }
}

extension SQLBackedResponseCacheStore {
    /// See ``SQLResponseCacheStore/value(for:)``.
    public func value(for key: String) async throws -> [UInt8]? {
        try await store.value(for: key)
    }

    /// See ``SQLResponseCacheStore/store(_:for:ttl:)``.
    public func store(_ value: [UInt8], for key: String, ttl: Duration) async throws {
        try await store.store(value, for: key, ttl: ttl)
    }

    /// See ``SQLResponseCacheStore/removeValue(for:)``.
    public func removeValue(for key: String) async throws {
        try await store.removeValue(for: key)
    }

    /// Whether the database answered the last statement.
    public var isAvailable: Bool { store.isAvailable }
}
