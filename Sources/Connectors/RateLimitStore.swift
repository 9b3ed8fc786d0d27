import LLMCore

/// Where rate-limit buckets, 429 pauses and cooldowns (`CooldownStore`) live. The in-memory store
/// is the default and serves the connectors and routers of one process; the SQL stores
/// (`PostgresRateLimitStore` in `LLMPostgres`, `SQLiteRateLimitStore` in `LLMSQLite`) share them
/// among every process that uses the same database, with the same contract.
public protocol RateLimitStore: CooldownStore {
    /// Takes one request and `tokens` from the buckets of `key` if both have room, else says how
    /// long to wait before asking again. Must be atomic per key: concurrent callers never over-admit.
    func reserve(key: String, tokens: Int, limits: RateLimits) async -> RateLimitDecision

    /// Settles a reservation with the tokens really used: the difference is returned to (or taken
    /// from) the token bucket.
    func settle(key: String, reserved: Int, actual: Int, limits: RateLimits) async

    /// Stops admissions for `key` for `duration` (a 429 said so).
    func pause(key: String, for duration: Duration) async

    /// What the buckets of `key` hold now (whole requests and tokens, refilled to this instant),
    /// for a router's headroom; nil when the store cannot say.
    func remaining(key: String, limits: RateLimits) async -> RateLimitInfo?

    /// Whether other processes share this store's state. A connector over a shared store asks it
    /// for every request (so a pause another replica set holds this one too) and reads and
    /// writes endpoint cooldowns through it.
    var isShared: Bool { get }
}

extension RateLimitStore {
    /// Unknown by default.
    public func remaining(key: String, limits: RateLimits) async -> RateLimitInfo? { nil }

    /// Not shared by default.
    public var isShared: Bool { false }

    /// Kept nowhere by default (the connector's own cooldowns still apply).
    public func coolDown(key: String, for duration: Duration) async {}

    /// None by default.
    public func cooldowns(keys: [String]) async -> [String: Duration] { [:] }

    /// Nothing to end by default.
    public func endCooldown(key: String) async {}
}

/// The answer of ``RateLimitStore/reserve(key:tokens:limits:)``.
public enum RateLimitDecision: Sendable, Hashable {
    /// Admitted; the tokens are reserved.
    case admitted
    /// Not now; ask again after this long.
    case wait(Duration)
    /// Never: the request alone needs more tokens than the per-minute limit.
    case tooLarge(limit: Int)
}
