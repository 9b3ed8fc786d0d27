/// Where rate-limit buckets live. The in-memory store is the default; a shared store (Redis, a
/// database) can implement this to limit several processes together.
public protocol RateLimitStore: Sendable {
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
}

extension RateLimitStore {
    /// Unknown by default.
    public func remaining(key: String, limits: RateLimits) async -> RateLimitInfo? { nil }
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
