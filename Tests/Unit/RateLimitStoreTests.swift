import Connectors
import Testing

@Suite struct RateLimitStoreTests {
    /// Reserves from 64 concurrent callers and counts the admissions, with how long they took: the
    /// buckets refill continuously, so a slow machine (ThreadSanitizer under load took 15 s) sees the
    /// refill of that time admitted too, and never more.
    static func admissions(_ store: InMemoryRateLimitStore, tokens: Int, limits: RateLimits) async
        -> (admitted: Int, seconds: Double)
    {
        let start = ContinuousClock.now
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    if case .admitted = await store.reserve(key: "k", tokens: tokens, limits: limits) { return true }
                    return false
                }
            }
            var admitted = 0
            for await ok in group where ok { admitted += 1 }
            return admitted
        }
        let elapsed = ContinuousClock.now - start
        return (admitted, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    @Test func requestsPerMinuteNeverOverAdmitsUnderConcurrency() async {
        let (admitted, seconds) = await Self.admissions(
            InMemoryRateLimitStore(), tokens: 0, limits: RateLimits(requestsPerMinute: 10))
        // A full bucket of 10, plus one request per 6 s the reservations took.
        #expect(admitted >= 10 && admitted <= 10 + Int(seconds * 10 / 60), "\(admitted) in \(seconds) s")
    }

    @Test func tokensPerMinuteReservesPromptPlusOutput() async {
        let (admitted, seconds) = await Self.admissions(
            InMemoryRateLimitStore(), tokens: 100, limits: RateLimits(tokensPerMinute: 1_000))
        // 1,000 tokens hold ten reservations of 100, plus the 1,000 a minute refilled meanwhile.
        #expect(admitted >= 10 && admitted <= 10 + Int(seconds * 1_000 / 60 / 100), "\(admitted) in \(seconds) s")
    }

    @Test func aRefusedReservationSaysHowLongToWait() async {
        let store = InMemoryRateLimitStore()
        let limits = RateLimits(requestsPerMinute: 60)  // one a second
        for _ in 0..<60 { _ = await store.reserve(key: "k", tokens: 0, limits: limits) }
        guard case .wait(let delay) = await store.reserve(key: "k", tokens: 0, limits: limits) else {
            Issue.record("expected a wait")
            return
        }
        #expect(delay > .zero && delay <= .seconds(1))
    }

    @Test func settlingReturnsUnusedTokens() async {
        let store = InMemoryRateLimitStore()
        let limits = RateLimits(tokensPerMinute: 1_000)
        #expect(await store.reserve(key: "k", tokens: 1_000, limits: limits) == .admitted)
        #expect(await store.reserve(key: "k", tokens: 500, limits: limits) != .admitted)
        // The request used 300 of its 1,000: 700 come back.
        await store.settle(key: "k", reserved: 1_000, actual: 300, limits: limits)
        #expect(await store.reserve(key: "k", tokens: 600, limits: limits) == .admitted)
    }

    @Test func aRequestLargerThanTheLimitIsRefusedOutright() async {
        let decision = await InMemoryRateLimitStore().reserve(
            key: "k", tokens: 5_000, limits: RateLimits(tokensPerMinute: 1_000))
        #expect(decision == .tooLarge(limit: 1_000))
    }

    @Test func aPauseHoldsEveryAdmission() async {
        let store = InMemoryRateLimitStore()
        await store.pause(key: "k", for: .seconds(2))
        guard case .wait(let delay) = await store.reserve(key: "k", tokens: 0, limits: RateLimits()) else {
            Issue.record("expected a wait while paused")
            return
        }
        #expect(delay > .seconds(1) && delay <= .seconds(2))
        #expect(await store.reserve(key: "other", tokens: 0, limits: RateLimits()) == .admitted)
    }
}
