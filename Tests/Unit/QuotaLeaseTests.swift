import Connectors
import LLMSharedState
import Testing

/// The lease rules of the shared stores (``QuotaLease``) with time as an input: the size, the
/// top-up that never makes a lease hold more than its size, expiry giving the remainder back,
/// settling into the lease, and a dropped lease admitting nothing.
@Suite struct QuotaLeaseTests {
    static let t0 = ContinuousClock.now
    static let second: Duration = .seconds(1)

    /// Whether `lease` admits a request (`#expect` cannot call a mutating method itself).
    static func admits(
        _ lease: inout QuotaLease, tokens: Int = 0, _ limits: RateLimits, at now: ContinuousClock.Instant
    ) -> Bool {
        lease.admit(tokens: tokens, limits: limits, now: now)
    }

    @Test func theSizeIsOnePercentOfTheLimitCappedAndSmallLimitsAreNotLeased() {
        #expect(QuotaLease.Size.of(RateLimits(requestsPerMinute: 6_000), maxRequests: 64)?.requests == 60)
        #expect(QuotaLease.Size.of(RateLimits(requestsPerMinute: 1_000_000), maxRequests: 64)?.requests == 64)
        #expect(QuotaLease.Size.of(RateLimits(requestsPerMinute: 600), maxRequests: 64)?.requests == 6)
        #expect(QuotaLease.Size.of(RateLimits(requestsPerMinute: 199), maxRequests: 64) == nil)
        #expect(QuotaLease.Size.of(RateLimits(requestsPerMinute: 6_000), maxRequests: 1) == nil)
        #expect(
            QuotaLease.Size.of(RateLimits(requestsPerMinute: 6_000, tokensPerMinute: 99_999), maxRequests: 64) == nil)
        let tokens = QuotaLease.Size.of(RateLimits(requestsPerMinute: 6_000, tokensPerMinute: 200_000), maxRequests: 64)
        #expect(tokens?.tokens == 2_000)
        // Unlimited requests: a lease still bounds the admissions between two looks at the database.
        #expect(QuotaLease.Size.of(RateLimits(), maxRequests: 64)?.requests == 64)
    }

    @Test func anEmptyLeaseAsksForTheRequestAndTheTopUpThenAdmitsLocally() {
        let limits = RateLimits(requestsPerMinute: 6_000)
        let size = QuotaLease.Size.of(limits, maxRequests: 64)!
        var lease = QuotaLease()
        #expect(!Self.admits(&lease, tokens: 0, limits, at: Self.t0))
        let renewal = lease.renewal(tokens: 0, size: size, now: Self.t0)
        #expect(renewal.extraRequests == 59)
        #expect(renewal.giveRequests == 0)
        lease.granted(renewal, requests: 60, tokens: 0, now: Self.t0, duration: Self.second)
        // 59 more from the lease, then it is spent.
        for _ in 0..<59 { #expect(Self.admits(&lease, tokens: 0, limits, at: Self.t0 + .milliseconds(500))) }
        #expect(!Self.admits(&lease, tokens: 0, limits, at: Self.t0 + .milliseconds(500)))
    }

    @Test func renewalsInFlightNeverTopTheLeaseUpPastItsSize() {
        let limits = RateLimits(requestsPerMinute: 6_000)
        let size = QuotaLease.Size.of(limits, maxRequests: 64)!
        var lease = QuotaLease()
        // Ten requests find the lease empty at once: only the first asks for the top-up.
        let renewals = (0..<10).map { _ in lease.renewal(tokens: 0, size: size, now: Self.t0) }
        #expect(renewals.map(\.extraRequests).reduce(0, +) == 59)
        for renewal in renewals {
            lease.granted(renewal, requests: 1 + renewal.extraRequests, tokens: 0, now: Self.t0, duration: Self.second)
        }
        // Each request took its own; the lease holds its size less one, never more.
        #expect(lease.requests == 59)
    }

    @Test func anExpiredLeaseGivesItsRemainderBackWithTheNextRenewal() {
        let limits = RateLimits(requestsPerMinute: 6_000, tokensPerMinute: 600_000)
        let size = QuotaLease.Size.of(limits, maxRequests: 64)!
        var lease = QuotaLease()
        let first = lease.renewal(tokens: 100, size: size, now: Self.t0)
        #expect(first.extraTokens == 6_000)
        lease.granted(first, requests: 60, tokens: 6_100, now: Self.t0, duration: Self.second)
        #expect(Self.admits(&lease, tokens: 100, limits, at: Self.t0))
        // Live until its duration ends, then it admits nothing more...
        #expect(!Self.admits(&lease, tokens: 100, limits, at: Self.t0 + Self.second))
        // ...and the next renewal gives the 58 requests and 5,900 tokens back.
        let next = lease.renewal(tokens: 100, size: size, now: Self.t0 + Self.second)
        #expect(next.giveRequests == 58)
        #expect(next.giveTokens == 5_900)
        #expect(next.extraRequests == 59)
    }

    @Test func settledTokensJoinTheLeaseAndADebtIsPaidWithItsRemainder() {
        let limits = RateLimits(requestsPerMinute: 6_000, tokensPerMinute: 600_000)
        let size = QuotaLease.Size.of(limits, maxRequests: 64)!
        var lease = QuotaLease()
        let renewal = lease.renewal(tokens: 1_000, size: size, now: Self.t0)
        lease.granted(renewal, requests: 60, tokens: 7_000, now: Self.t0, duration: Self.second)
        #expect(lease.tokens == 6_000)
        lease.settle(reserved: 1_000, actual: 200)  // 800 unused come back to the lease
        #expect(lease.tokens == 6_800)
        lease.settle(reserved: 100, actual: 9_000)  // used far more than reserved: a debt
        #expect(lease.tokens == -2_100)
        #expect(!Self.admits(&lease, tokens: 1, limits, at: Self.t0))
        let next = lease.renewal(tokens: 1, size: size, now: Self.t0 + Self.second)
        #expect(next.giveTokens == -2_100)
    }

    @Test func aDroppedLeaseAdmitsNothingAndARefusedRenewalAddsNothing() {
        let limits = RateLimits(requestsPerMinute: 6_000)
        let size = QuotaLease.Size.of(limits, maxRequests: 64)!
        var lease = QuotaLease()
        let renewal = lease.renewal(tokens: 0, size: size, now: Self.t0)
        lease.granted(renewal, requests: 60, tokens: 0, now: Self.t0, duration: Self.second)
        lease.drop()
        #expect(!Self.admits(&lease, tokens: 0, limits, at: Self.t0))
        let refused = lease.renewal(tokens: 0, size: size, now: Self.t0)
        lease.refused(refused)
        #expect(lease.requests == 0)
        // The refused renewal's top-up no longer counts as in flight.
        let again = lease.renewal(tokens: 0, size: size, now: Self.t0)
        #expect(again.extraRequests == 59)
        let remainder = lease.takeRemainder()
        #expect(remainder.requests == 0)
    }
}
