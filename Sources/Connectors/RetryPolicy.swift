/// The connector's one retry layer (see DESIGN.md "Connectors" and ``AttemptPlan``).
public struct RetryPolicy: Sendable, Hashable {
    /// Retries allowed after the first pass through the endpoints: each in-place retry (429, 408,
    /// 500) and each further pass after every endpoint failed uses one.
    public var maxRetries: Int
    /// The first backoff; it doubles each retry.
    public var baseBackoff: Duration
    /// The longest backoff.
    public var maxBackoff: Duration
    /// The longest `retry-after` the connector waits; above it, it surfaces `rateLimited` with the
    /// advertised delay instead of sleeping.
    public var maxRetryAfter: Duration
    /// Whether backoffs are randomised (between half and all of the computed delay).
    public var jitter: Bool

    /// Creates a policy; the defaults are 2 retries, 0.5 s doubling to 8 s with jitter, a 60 s cap.
    public init(
        maxRetries: Int = 2, baseBackoff: Duration = .milliseconds(500), maxBackoff: Duration = .seconds(8),
        maxRetryAfter: Duration = .seconds(60), jitter: Bool = true
    ) {
        self.maxRetries = maxRetries
        self.baseBackoff = baseBackoff
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
        self.jitter = jitter
    }

    /// The backoff before retry number `retry` (0-based): min(base x 2^retry, max), with jitter
    /// between half and all of it.
    public func backoff(forRetry retry: Int) -> Duration {
        backoff(forRetry: retry, random: Double.random(in: 0...1))
    }

    /// The backoff before retry number `retry` with a given jitter draw: `random` in 0...1 picks a
    /// delay between half (0) and all (1) of min(base x 2^retry, max); without jitter it is ignored.
    public func backoff(forRetry retry: Int, random: Double) -> Duration {
        let exponent = min(max(retry, 0), 30)
        let computed = min(baseBackoff * (1 << exponent), maxBackoff)
        guard jitter else { return computed }
        let fraction = random.isFinite ? min(max(random, 0), 1) : 1
        return computed * (0.5 + fraction / 2)
    }
}
