import Connectors
import LLMSharedState
import Testing

/// The lease rules of the shared stores (``QuotaLease``) with time as an input: the size, one
/// renewal at a time with the others waiting for it, expiry giving the remainder back, settling
/// into the lease, and a dropped lease admitting nothing.
@Suite struct QuotaLeaseTests {
    static let t0 = ContinuousClock.now
    static let second: Duration = .seconds(1)
    static let limits = RateLimits(requestsPerMinute: 6_000)
    static let size = QuotaLease.Size.of(limits, maxRequests: 64)!

    /// The renewal a step asks for (nil when it asks for none).
    static func renewal(_ step: QuotaLease.Step) -> QuotaLease.Renewal? {
        if case .renew(let renewal) = step { return renewal }
        return nil
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

    @Test func anEmptyLeaseAsksForTheRequestAndTheTopUpThenAdmitsLocally() throws {
        var lease = QuotaLease()
        let renewal = try #require(
            Self.renewal(lease.admit(tokens: 0, limits: Self.limits, size: Self.size, now: Self.t0)))
        #expect(renewal.extraRequests == 59)
        #expect(renewal.giveRequests == 0)
        lease.granted(renewal, requests: 60, tokens: 0, now: Self.t0, duration: Self.second)
        // More from the lease; the one that leaves it three quarters spent also sends a top-up.
        let half = Self.t0 + .milliseconds(500)
        for _ in 0..<44 {
            let step = lease.admit(tokens: 0, limits: Self.limits, size: Self.size, now: half)
            #expect(step == .admitted)
        }
        let step = lease.admit(tokens: 0, limits: Self.limits, size: Self.size, now: half)
        guard case .admittedAndTopUp(let topUp) = step else {
            Issue.record("expected a top-up, got \(step)")
            return
        }
        #expect(topUp.topUp && topUp.tokens == 0)
        #expect(topUp.extraRequests == 45)  // with its own one, back to 60
        // While it is in flight the lease goes on admitting, without a second top-up.
        let during = lease.admit(tokens: 0, limits: Self.limits, size: Self.size, now: half)
        #expect(during == .admitted)
        lease.granted(topUp, requests: 46, tokens: 0, now: half, duration: Self.second)
        #expect(lease.requests == 59)
        #expect(lease.expiresAt == half + Self.second)
    }

    @Test func aSpentLeaseIsRenewedByTheRequestThatFindsItEmpty() throws {
        var lease = QuotaLease()
        let renewal = try #require(
            Self.renewal(lease.admit(tokens: 0, limits: Self.limits, size: Self.size, now: Self.t0)))
        lease.granted(renewal, requests: 1, tokens: 0, now: Self.t0, duration: Self.second)  // the bucket had one
        let next = lease.admit(tokens: 0, limits: Self.limits, size: Self.size, now: Self.t0)
        #expect(Self.renewal(next)?.extraRequests == 59)
    }

    @Test func oneRenewalAtATimeTheOthersWaitForIt() throws {
        var lease = QuotaLease()
        let first = try #require(
            Self.renewal(lease.admit(tokens: 0, limits: Self.limits, size: Self.size, now: Self.t0)))
        // Nine more requests while it is in flight: none sends a statement of its own.
        for _ in 0..<9 {
            let step = lease.admit(tokens: 0, limits: Self.limits, size: Self.size, now: Self.t0)
            #expect(step == .waitForRenewal)
        }
        lease.granted(first, requests: 60, tokens: 0, now: Self.t0, duration: Self.second)
        // Woken, they are admitted from the renewed lease, which never held more than its size.
        #expect(lease.requests == 59)
        for _ in 0..<9 {
            let step = lease.admit(tokens: 0, limits: Self.limits, size: Self.size, now: Self.t0)
            #expect(step == .admitted)
        }
        #expect(lease.requests == 50)
        #expect(!lease.renewing)
    }

    @Test func anExpiredLeaseGivesItsRemainderBackWithTheNextRenewal() throws {
        let limits = RateLimits(requestsPerMinute: 6_000, tokensPerMinute: 600_000)
        let size = try #require(QuotaLease.Size.of(limits, maxRequests: 64))
        var lease = QuotaLease()
        let first = try #require(Self.renewal(lease.admit(tokens: 100, limits: limits, size: size, now: Self.t0)))
        #expect(first.extraTokens == 6_000)
        lease.granted(first, requests: 60, tokens: 6_100, now: Self.t0, duration: Self.second)
        let admitted = lease.admit(tokens: 100, limits: limits, size: size, now: Self.t0)
        #expect(admitted == .admitted)
        #expect(!lease.renewing)
        // Live until its duration ends; then the next request's renewal gives the 58 requests and
        // 5,900 tokens back.
        let next = try #require(
            Self.renewal(lease.admit(tokens: 100, limits: limits, size: size, now: Self.t0 + Self.second)))
        #expect(next.giveRequests == 58)
        #expect(next.giveTokens == 5_900)
        #expect(next.extraRequests == 59)
    }

    @Test func settledTokensJoinTheLeaseAndADebtIsPaidWithItsRemainder() throws {
        let limits = RateLimits(requestsPerMinute: 6_000, tokensPerMinute: 600_000)
        let size = try #require(QuotaLease.Size.of(limits, maxRequests: 64))
        var lease = QuotaLease()
        let renewal = try #require(Self.renewal(lease.admit(tokens: 1_000, limits: limits, size: size, now: Self.t0)))
        lease.granted(renewal, requests: 60, tokens: 7_000, now: Self.t0, duration: Self.second)
        #expect(lease.tokens == 6_000)
        lease.settle(reserved: 1_000, actual: 200)  // 800 unused come back to the lease
        #expect(lease.tokens == 6_800)
        lease.settle(reserved: 100, actual: 9_000)  // used far more than reserved: a debt
        #expect(lease.tokens == -2_100)
        // A request cannot be admitted from a debt; the renewal after expiry pays it back.
        #expect(Self.renewal(lease.admit(tokens: 1, limits: limits, size: size, now: Self.t0)) != nil)
        lease.refused()
        let next = try #require(
            Self.renewal(lease.admit(tokens: 1, limits: limits, size: size, now: Self.t0 + Self.second)))
        #expect(next.giveTokens == -2_100)
    }

    @Test func aDroppedLeaseAdmitsNothingAndARefusedRenewalAddsNothing() throws {
        var lease = QuotaLease()
        let renewal = try #require(
            Self.renewal(lease.admit(tokens: 0, limits: Self.limits, size: Self.size, now: Self.t0)))
        lease.granted(renewal, requests: 60, tokens: 0, now: Self.t0, duration: Self.second)
        lease.drop()
        let refused = try #require(
            Self.renewal(lease.admit(tokens: 0, limits: Self.limits, size: Self.size, now: Self.t0)))
        #expect(refused.giveRequests == 0)  // the dropped requests are given up, not given back
        lease.refused()
        #expect(lease.requests == 0)
        #expect(!lease.renewing)
        let remainder = lease.takeRemainder()
        #expect(remainder.requests == 0)
    }
}
