public import Connectors

/// One process's lease on a shared bucket (DESIGN.md, "Shared state: leases"): a small share of
/// the bucket's requests and tokens taken in one statement, admitted from locally, with the
/// token counts of finished requests settled into it instead of one statement each. Pure: the
/// store holds one per key under its lock and passes the time in, so the rules are tested with
/// plain values.
///
/// - **Size.** A lease holds at most ``Size/requests`` requests — 1% of the requests per minute,
///   at most `maxRequests` — and ``Size/tokens`` tokens beyond the admitting request's own (1%
///   of the tokens per minute). Limits too small to share that way (under 200 requests or
///   100,000 tokens a minute) are not leased: every admission is a statement, as before.
/// - **Renewal.** When the lease cannot admit a request (empty, or older than its duration), the
///   request asks the database for itself plus what tops the lease up to its size; an expired
///   lease's remainder (and any token debt) is given back in the same statement. One renewal at a
///   time: requests that find one in flight wait for it and then try the renewed lease, so many
///   concurrent requests cost one statement, not one each. A lease three quarters spent is topped up
///   by the request that found it so while the rest still admits, so busy requests rarely wait.
/// - **Bound.** The bucket is never overdrawn: what a lease admits was taken from it. What a
///   lease holds unused is at most one size, so across N replicas the admissions in any minute
///   exceed the limit by at most N × size (N% of it at most), and a pause set elsewhere reaches
///   this process within one lease duration or one lease of admissions.
public struct QuotaLease: Sendable, Hashable {
    /// How much a lease of one bucket holds at most.
    public struct Size: Sendable, Hashable {
        /// Requests (unlimited requests: the most admissions between two looks at the database).
        public var requests: Double
        /// Tokens beyond the admitting request's own (0 without a token limit).
        public var tokens: Double

        /// The size for `limits`, nil when the limits are too small to lease: under 200 requests or
        /// 100,000 tokens a minute (or `maxRequests` below 2).
        public static func of(_ limits: RateLimits, maxRequests: Int) -> Size? {
            let requests = Double(limits.requestsPerMinute.map { min(maxRequests, $0 / 100) } ?? maxRequests)
            let tokens = Double((limits.tokensPerMinute ?? 0) / 100)
            guard requests >= 2, limits.tokensPerMinute == nil || tokens >= 1_000 else { return nil }
            return Size(requests: requests, tokens: tokens)
        }
    }

    /// What one renewal statement gives back and asks for.
    public struct Renewal: Sendable, Hashable {
        /// Requests given back to the bucket.
        public var giveRequests: Double
        /// Tokens given back to the bucket (negative: a debt paid).
        public var giveTokens: Double
        /// The admitting request's tokens.
        public var tokens: Double
        /// Requests that top the lease up, beyond the admitting request.
        public var extraRequests: Double
        /// Tokens that top the lease up, beyond the admitting request's.
        public var extraTokens: Double
        /// A top-up sent while the lease still admits: its admitting request is the lease's own
        /// (everything granted joins the lease).
        public var topUp = false
    }

    /// Requests leased and not yet admitted.
    public private(set) var requests: Double = 0
    /// Tokens leased and not yet reserved (negative: used beyond what was reserved, to be paid).
    public private(set) var tokens: Double = 0
    /// Until when the lease may admit (nil: no lease).
    public private(set) var expiresAt: ContinuousClock.Instant?
    /// Whether a renewal is in flight (requests that cannot be admitted wait for it).
    public private(set) var renewing = false

    /// An empty lease.
    public init() {}

    /// What a request does next.
    public enum Step: Sendable, Hashable {
        /// Admitted from the lease.
        case admitted
        /// Admitted from the lease, which is three quarters spent: send this top-up, so the
        /// requests after it do not wait for a renewal.
        case admittedAndTopUp(Renewal)
        /// Send this renewal (the request is its admitting request).
        case renew(Renewal)
        /// A renewal is in flight: wait for it, then ask again.
        case waitForRenewal
    }

    /// A request of `tokens` at `now`: admitted from the lease when it is live and holds enough;
    /// else the renewal to send (an expired lease's remainder goes back with it, and the request
    /// asks for itself plus the top-up), unless one is already in flight.
    public mutating func admit(tokens request: Int, limits: RateLimits, size: Size, now: ContinuousClock.Instant)
        -> Step
    {
        if let expiresAt, now < expiresAt, requests >= 1, limits.tokensPerMinute == nil || tokens >= Double(request) {
            requests -= 1
            if limits.tokensPerMinute != nil { tokens -= Double(request) }
            let running =
                requests < size.requests / 4 || (limits.tokensPerMinute != nil && tokens < size.tokens / 4)
            guard running, !renewing else { return .admitted }
            renewing = true
            return .admittedAndTopUp(
                Renewal(
                    giveRequests: 0, giveTokens: 0, tokens: 0, extraRequests: max(0, size.requests - 1 - requests),
                    extraTokens: max(0, size.tokens - max(0, tokens)), topUp: true))
        }
        guard !renewing else { return .waitForRenewal }
        var renewal = Renewal(
            giveRequests: 0, giveTokens: 0, tokens: Double(request), extraRequests: 0, extraTokens: 0)
        if expiresAt.map({ now >= $0 }) ?? true {
            (renewal.giveRequests, renewal.giveTokens) = (requests, tokens)
            (requests, tokens, expiresAt) = (0, 0, nil)
        }
        renewal.extraRequests = max(0, size.requests - 1 - requests)
        renewal.extraTokens = max(0, size.tokens - max(0, tokens))
        renewing = true
        return .renew(renewal)
    }

    /// The database granted `renewal` (`requests` and `tokens` in all, the admitting request's
    /// included) at `now`: the rest joins the lease, live for `duration`.
    public mutating func granted(
        _ renewal: Renewal, requests: Double, tokens: Double, now: ContinuousClock.Instant, duration: Duration
    ) {
        renewing = false
        self.requests += max(0, renewal.topUp ? requests : requests - 1)
        self.tokens += max(0, tokens - renewal.tokens)
        expiresAt = now + duration
    }

    /// The database did not admit the renewal (or did not answer): nothing joins the lease (a
    /// refused top-up leaves the lease as it was, to expire when its duration ends).
    public mutating func refused() {
        renewing = false
    }

    /// A finished request reserved `reserved` tokens and used `actual`: the difference joins the
    /// lease (or is owed by it), to go back with its remainder.
    public mutating func settle(reserved: Int, actual: Int) {
        tokens += Double(reserved - actual)
    }

    /// Empties the lease (a pause here: nothing more is admitted from it); what it held is given
    /// up, never admitted late.
    public mutating func drop() {
        (requests, tokens, expiresAt) = (0, 0, nil)
    }

    /// Takes what the lease holds, to give back (at shutdown).
    public mutating func takeRemainder() -> (requests: Double, tokens: Double) {
        defer { drop() }
        return (requests, tokens)
    }
}
