/// Where a ``ResponseCache`` keeps answers: bytes under a key, each with its own lifetime.
///
/// The library has three: ``InMemoryResponseCacheStore`` (one process, bounded by bytes),
/// `SQLiteResponseCacheStore` (`LLMSQLite`, the processes of one host) and
/// `PostgresResponseCacheStore` (`LLMPostgres`, every replica). A store that throws is treated as
/// down: the cache serves online and the SQL stores say so once per outage.
public protocol ResponseCacheStore: Sendable {
    /// The value stored under `key`, if it has not expired.
    func value(for key: String) async throws -> [UInt8]?

    /// Stores `value` under `key` for `ttl`, replacing what was there.
    func store(_ value: [UInt8], for key: String, ttl: Duration) async throws

    /// Removes what is stored under `key`.
    func removeValue(for key: String) async throws
}
