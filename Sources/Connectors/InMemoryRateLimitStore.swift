/// Token buckets in memory, refilled continuously (a limit of N per minute refills N/60 a second,
/// and holds at most N). An actor, so reservations are atomic under any concurrency.
///
/// The methods that ``RateLimitStore`` gives defaults for are `async` here, so that a call on
/// this type itself (not only through the protocol) reaches them rather than the defaults.
public actor InMemoryRateLimitStore: RateLimitStore {
    struct Bucket {
        var requests: Double
        var tokens: Double
        var updated: ContinuousClock.Instant
        var pausedUntil: ContinuousClock.Instant?
    }

    private var buckets: [String: Bucket] = [:]
    private var cooling: [String: ContinuousClock.Instant] = [:]

    /// Creates an empty store; buckets start full.
    public init() {}

    /// Admits when both buckets have room; otherwise the wait until they will.
    public func reserve(key: String, tokens: Int, limits: RateLimits) -> RateLimitDecision {
        if let tpm = limits.tokensPerMinute, tokens > tpm { return .tooLarge(limit: tpm) }
        let now = ContinuousClock.now
        var bucket = refilled(key, limits: limits, now: now)
        defer { buckets[key] = bucket }
        if let paused = bucket.pausedUntil, paused > now { return .wait(paused - now) }
        var wait = Duration.zero
        if let rpm = limits.requestsPerMinute, bucket.requests < 1 {
            wait = max(wait, Self.time(toRefill: 1 - bucket.requests, perMinute: rpm))
        }
        if let tpm = limits.tokensPerMinute, bucket.tokens < Double(tokens) {
            wait = max(wait, Self.time(toRefill: Double(tokens) - bucket.tokens, perMinute: tpm))
        }
        guard wait == .zero else { return .wait(wait) }
        bucket.requests -= 1
        bucket.tokens -= Double(tokens)
        return .admitted
    }

    /// Returns unused tokens (or takes the excess) after the real usage is known.
    public func settle(key: String, reserved: Int, actual: Int, limits: RateLimits) {
        var bucket = refilled(key, limits: limits, now: .now)
        bucket.tokens += Double(reserved - actual)
        if let tpm = limits.tokensPerMinute { bucket.tokens = min(bucket.tokens, Double(tpm)) }
        buckets[key] = bucket
    }

    /// Holds admissions for `key` until `duration` from now.
    public func pause(key: String, for duration: Duration) {
        var bucket = buckets[key] ?? Bucket(requests: 0, tokens: 0, updated: .now)
        let until = ContinuousClock.now + duration
        bucket.pausedUntil = max(bucket.pausedUntil ?? until, until)
        buckets[key] = bucket
    }

    /// The buckets of `key` refilled to now, as whole requests and tokens with their limits.
    public func remaining(key: String, limits: RateLimits) async -> RateLimitInfo? {
        let bucket = refilled(key, limits: limits, now: .now)
        return RateLimitInfo(
            remainingRequests: limits.requestsPerMinute.map { _ in Int(max(0, bucket.requests)) },
            remainingTokens: limits.tokensPerMinute.map { _ in Int(max(0, bucket.tokens)) },
            limitRequests: limits.requestsPerMinute, limitTokens: limits.tokensPerMinute)
    }

    /// Cools `key` down until `duration` from now, unless it already cools down for longer.
    public func coolDown(key: String, for duration: Duration) async {
        let until = ContinuousClock.now + duration
        cooling[key] = max(cooling[key] ?? until, until)
    }

    /// The running cooldowns among `keys` and the time each has left; ended ones are forgotten.
    public func cooldowns(keys: [String]) async -> [String: Duration] {
        let now = ContinuousClock.now
        var running: [String: Duration] = [:]
        for key in keys {
            guard let until = cooling[key] else { continue }
            if until > now { running[key] = until - now } else { cooling[key] = nil }
        }
        return running
    }

    /// Ends the cooldown of `key`.
    public func endCooldown(key: String) async {
        cooling[key] = nil
    }

    private func refilled(_ key: String, limits: RateLimits, now: ContinuousClock.Instant) -> Bucket {
        guard var bucket = buckets[key] else {
            return Bucket(
                requests: Double(limits.requestsPerMinute ?? 0), tokens: Double(limits.tokensPerMinute ?? 0),
                updated: now)
        }
        let elapsed = (now - bucket.updated).seconds
        if let rpm = limits.requestsPerMinute {
            bucket.requests = min(Double(rpm), bucket.requests + elapsed * Double(rpm) / 60)
        }
        if let tpm = limits.tokensPerMinute {
            bucket.tokens = min(Double(tpm), bucket.tokens + elapsed * Double(tpm) / 60)
        }
        bucket.updated = now
        return bucket
    }

    private static func time(toRefill amount: Double, perMinute: Int) -> Duration {
        .milliseconds(Int64((amount * 60_000 / Double(perMinute)).rounded(.up)))
    }
}
