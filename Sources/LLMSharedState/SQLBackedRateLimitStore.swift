public import Connectors

/// A rate-limit store that is a ``SQLRateLimitStore`` over one database's driver
/// (`PostgresRateLimitStore`, `SQLiteRateLimitStore`): every operation is the SQL store's.
public protocol SQLBackedRateLimitStore: RateLimitStore, SQLBackedStore where Backing == SQLRateLimitStore {
    /// The SQL store it runs on.
    var store: SQLRateLimitStore { get }
}

extension SQLBackedRateLimitStore {
    /// See ``SQLRateLimitStore/reserve(key:tokens:limits:)``.
    public func reserve(key: String, tokens: Int, limits: RateLimits) async -> RateLimitDecision {
        await store.reserve(key: key, tokens: tokens, limits: limits)
    }

    /// See ``SQLRateLimitStore/settle(key:reserved:actual:limits:)``.
    public func settle(key: String, reserved: Int, actual: Int, limits: RateLimits) async {
        await store.settle(key: key, reserved: reserved, actual: actual, limits: limits)
    }

    /// See ``SQLRateLimitStore/pause(key:for:)``.
    public func pause(key: String, for duration: Duration) async {
        await store.pause(key: key, for: duration)
    }

    /// See ``SQLRateLimitStore/remaining(key:limits:)``.
    public func remaining(key: String, limits: RateLimits) async -> RateLimitInfo? {
        await store.remaining(key: key, limits: limits)
    }

    /// Shared with every process that uses the database.
    public var isShared: Bool { true }

    /// See ``SQLRateLimitStore/coolDown(key:for:)``.
    public func coolDown(key: String, for duration: Duration) async {
        await store.coolDown(key: key, for: duration)
    }

    /// See ``SQLRateLimitStore/cooldowns(keys:)``.
    public func cooldowns(keys: [String]) async -> [String: Duration] {
        await store.cooldowns(keys: keys)
    }

    /// See ``SQLRateLimitStore/endCooldown(key:)``.
    public func endCooldown(key: String) async {
        await store.endCooldown(key: key)
    }

    /// Whether the database answered the last statement.
    public var isAvailable: Bool { store.isAvailable }
}
