import Foundation
import LLMSharedState
import SwiftLLM
import Testing

/// One contract, three stores (`StoreKind`): whatever a connector or router asks of a rate-limit
/// store answers the same in memory, in SQLite and in PostgreSQL — and for the shared stores, the
/// same when the second question comes through another handle (another process's connection).
@Suite struct RateLimitStoreContractTests {
    /// The time since `start`, and a millisecond for the stores' rounding.
    static func since(_ start: ContinuousClock.Instant) -> Duration { ContinuousClock.now - start + .milliseconds(1) }

    /// What a limit of `perMinute` refills since `start`, rounded up.
    static func refill(_ perMinute: Int, since start: ContinuousClock.Instant) -> Int {
        Int(((ContinuousClock.now - start) / .seconds(60) * Double(perMinute)).rounded(.up))
    }

    @Test(arguments: StoreKind.available)
    func aFullBucketAdmitsTheLimitThenSaysHowLongToWait(kind: StoreKind) async throws {
        try await StorePair.with(kind) { stores in
            let key = StorePair.key()
            let limits = RateLimits(requestsPerMinute: 6)
            let started = ContinuousClock.now
            for index in 0..<6 {
                let store = index.isMultiple(of: 2) ? stores.first : stores.second
                #expect(await store.reserve(key: key, tokens: 0, limits: limits) == .admitted)
            }
            // Six a minute refill one every 10 s.
            guard case .wait(let wait) = await stores.second.reserve(key: key, tokens: 0, limits: limits) else {
                Issue.record("a seventh request was admitted")
                return
            }
            // Less what refilled since the first (on a loaded machine the seven take a while).
            #expect(wait <= .seconds(10) && wait >= .seconds(10) - Self.since(started))
            // Another key has its own buckets.
            #expect(await stores.first.reserve(key: StorePair.key(), tokens: 0, limits: limits) == .admitted)
        }
    }

    @Test(arguments: StoreKind.available)
    func tokensAreReservedThenSettledWithWhatWasUsed(kind: StoreKind) async throws {
        try await StorePair.with(kind) { stores in
            let key = StorePair.key()
            let limits = RateLimits(tokensPerMinute: 1_000)
            let started = ContinuousClock.now
            #expect(await stores.first.reserve(key: key, tokens: 1_001, limits: limits) == .tooLarge(limit: 1_000))
            #expect(await stores.first.reserve(key: key, tokens: 600, limits: limits) == .admitted)
            // 400 left; 200 more take 12 s at 1,000 a minute.
            guard case .wait(let wait) = await stores.second.reserve(key: key, tokens: 600, limits: limits) else {
                Issue.record("600 tokens were admitted with 400 left")
                return
            }
            #expect(wait <= .seconds(12) && wait >= .seconds(12) - Self.since(started))
            // The request used 100 of its 600: 500 come back.
            await stores.second.settle(key: key, reserved: 600, actual: 100, limits: limits)
            #expect(await stores.first.reserve(key: key, tokens: 600, limits: limits) == .admitted)
            let left = await stores.second.remaining(key: key, limits: limits)
            #expect(
                (299...300 + Self.refill(1_000, since: started)).contains(left?.remainingTokens ?? -1),
                "\(String(describing: left))")
            #expect(left?.limitTokens == 1_000)
            #expect(left?.remainingRequests == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func remainingCountsWholeRequestsAndAnUnknownKeyIsFull(kind: StoreKind) async throws {
        try await StorePair.with(kind) { stores in
            let key = StorePair.key()
            let limits = RateLimits(requestsPerMinute: 10, tokensPerMinute: 5_000)
            let started = ContinuousClock.now
            #expect(await stores.first.reserve(key: key, tokens: 1_000, limits: limits) == .admitted)
            #expect(await stores.first.reserve(key: key, tokens: 1_000, limits: limits) == .admitted)
            let left = await stores.second.remaining(key: key, limits: limits)
            #expect((8...8 + Self.refill(10, since: started)).contains(left?.remainingRequests ?? -1))
            #expect((3_000...3_000 + Self.refill(5_000, since: started)).contains(left?.remainingTokens ?? -1))
            let unknown = await stores.second.remaining(key: StorePair.key(), limits: limits)
            #expect(unknown?.remainingRequests == 10)
            #expect(unknown?.remainingTokens == 5_000)
        }
    }

    @Test(arguments: StoreKind.available)
    func aPauseHoldsEveryRequestToTheKeyEvenWithoutLimits(kind: StoreKind) async throws {
        try await StorePair.with(kind) { stores in
            let key = StorePair.key()
            let started = ContinuousClock.now
            await stores.first.pause(key: key, for: .seconds(3))
            // A shorter pause later does not shorten it.
            await stores.first.pause(key: key, for: .seconds(1))
            guard case .wait(let wait) = await stores.second.reserve(key: key, tokens: 0, limits: RateLimits()) else {
                Issue.record("a paused key admitted a request")
                return
            }
            #expect(wait <= .seconds(3) && wait >= .seconds(3) - Self.since(started))
            #expect(await stores.second.reserve(key: StorePair.key(), tokens: 0, limits: RateLimits()) == .admitted)
        }
    }

    @Test(arguments: StoreKind.available)
    func cooldownsAreSetReadAndEnded(kind: StoreKind) async throws {
        try await StorePair.with(kind) { stores in
            let (key, other) = (StorePair.key("endpoint"), StorePair.key("deployment"))
            let started = ContinuousClock.now
            await stores.first.coolDown(key: key, for: .seconds(5))
            await stores.first.coolDown(key: key, for: .seconds(1))
            let running = await stores.second.cooldowns(keys: [key, other])
            #expect(running.keys.sorted() == [key])
            #expect(running[key].map { $0 <= .seconds(5) && $0 >= .seconds(5) - Self.since(started) } == true)
            await stores.first.endCooldown(key: key)
            #expect(await stores.second.cooldowns(keys: [key, other]).isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func concurrentReservationsThroughTwoHandlesNeverOverAdmit(kind: StoreKind) async throws {
        try await StorePair.with(kind) { stores in
            let key = StorePair.key()
            let limits = RateLimits(requestsPerMinute: 20)
            let started = ContinuousClock.now
            let admitted = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<64 {
                    let store = index.isMultiple(of: 2) ? stores.first : stores.second
                    group.addTask { await store.reserve(key: key, tokens: 0, limits: limits) == .admitted }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            // The burst of 20, and what refilled while the 64 ran (one every 3 s).
            let refilled = Int((ContinuousClock.now - started) / .seconds(3))
            #expect(
                admitted >= 20 && admitted <= 20 + refilled, "admitted \(admitted) in \(ContinuousClock.now - started)")
            for store in [stores.first, stores.second] {
                #expect((store as? any SQLBackedRateLimitStore)?.isAvailable ?? true)
            }
        }
    }

    // MARK: - Leases (limits of 200 requests a minute and more)

    @Test(arguments: StoreKind.available)
    func aLeasedLimitNeverOveradmitsAcrossHandles(kind: StoreKind) async throws {
        try await StorePair.with(kind) { stores in
            let key = StorePair.key()
            // Leased in slices of 12 (1% of 1,200); 1,600 asks from 16 tasks over two handles.
            let limits = RateLimits(requestsPerMinute: 1_200)
            let started = ContinuousClock.now
            let admitted = await withTaskGroup(of: Int.self) { group in
                for worker in 0..<16 {
                    let store = worker.isMultiple(of: 2) ? stores.first : stores.second
                    group.addTask {
                        var admitted = 0
                        for _ in 0..<100 where await store.reserve(key: key, tokens: 0, limits: limits) == .admitted {
                            admitted += 1
                        }
                        return admitted
                    }
                }
                return await group.reduce(0, +)
            }
            // Never more than the bucket and its refill; at most two slices (12 each) held unused.
            let refilled = Int((ContinuousClock.now - started) / .milliseconds(50)) + 1
            #expect(admitted <= 1_200 + refilled, "admitted \(admitted)")
            #expect(admitted >= (kind == .memory ? 1_200 : 1_200 - 2 * 12), "admitted \(admitted)")
        }
    }

    @Test(arguments: StoreKind.shared)
    func aPauseReachesAHandleThatHoldsALeaseWithinOneLease(kind: StoreKind) async throws {
        try await StorePair.with(kind) { stores in
            let key = StorePair.key()
            let limits = RateLimits(requestsPerMinute: 6_000)
            #expect(await stores.second.reserve(key: key, tokens: 0, limits: limits) == .admitted)
            await stores.first.pause(key: key, for: .seconds(30))
            // The second handle admits at most what its lease still held, then sees the pause.
            var fromTheLease = 0
            while await stores.second.reserve(key: key, tokens: 0, limits: limits) == .admitted {
                fromTheLease += 1
                if fromTheLease > 60 { break }
            }
            #expect(fromTheLease <= 59)
            guard case .wait(let wait) = await stores.second.reserve(key: key, tokens: 0, limits: limits) else {
                Issue.record("the pause did not reach the second handle")
                return
            }
            #expect(wait > .seconds(25))
        }
    }

    @Test(arguments: StoreKind.shared)
    func aLeasesRemainderAndSettledTokensGoBackAtShutdown(kind: StoreKind) async throws {
        let path = StorePair.sqlitePath()
        let key = StorePair.key()
        let limits = RateLimits(requestsPerMinute: 6_000, tokensPerMinute: 600_000)
        let pair = try await StorePair.open(kind, path: path)
        let started = ContinuousClock.now
        #expect(await pair.first.reserve(key: key, tokens: 1_000, limits: limits) == .admitted)
        await pair.first.settle(key: key, reserved: 1_000, actual: 100, limits: limits)
        // While the first handle holds its lease, the bucket lacks the lease, not only the request.
        let during = await pair.second.remaining(key: key, limits: limits)
        #expect((during?.remainingRequests ?? 0) <= 6_000 - 60 + Self.refill(6_000, since: started))
        try await pair.close()
        let after = try await StorePair.open(kind, path: path)
        let left = await after.first.remaining(key: key, limits: limits)
        // Only the request that was admitted, and the 100 tokens it used, stay taken.
        #expect((5_999...6_000).contains(left?.remainingRequests ?? -1), "\(String(describing: left))")
        #expect((599_900...600_000).contains(left?.remainingTokens ?? -1), "\(String(describing: left))")
        try await after.close()
    }
}
