import Connectors
import Testing

@Suite struct RateLimitStoreTests {
    /// Reserves from 64 concurrent callers and counts the admissions.
    static func admissions(_ store: InMemoryRateLimitStore, tokens: Int, limits: RateLimits) async -> Int {
        await withTaskGroup(of: Bool.self) { group in
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
    }

    @Test func requestsPerMinuteNeverOverAdmitsUnderConcurrency() async {
        let admitted = await Self.admissions(
            InMemoryRateLimitStore(), tokens: 0, limits: RateLimits(requestsPerMinute: 10))
        #expect(admitted == 10)
    }

    @Test func tokensPerMinuteReservesPromptPlusOutput() async {
        let admitted = await Self.admissions(
            InMemoryRateLimitStore(), tokens: 100, limits: RateLimits(tokensPerMinute: 1_000))
        #expect(admitted == 10)
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
