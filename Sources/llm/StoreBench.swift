import Foundation
import SwiftLLM

/// `llm bench --store-only`: the cost of one admission in a rate-limit store — a reservation and
/// its settlement, as a connector makes them for every request under limits — measured one pair
/// after another (the latency a request pays) and from many tasks at once (the throughput).
enum StoreBench {
    struct Figures {
        var pairs: Int
        var concurrency: Int
        var sequentialMicroseconds: Double
        var concurrentPairsPerSecond: Double

        var list: [(String, JSONValue)] {
            [
                ("pairs", .int(pairs)), ("concurrency", .int(concurrency)),
                ("us_per_reserve_settle", .double(sequentialMicroseconds)),
                ("reserve_settle_per_second_concurrent", .double(concurrentPairsPerSecond)),
            ]
        }

        var json: String { JSONValue.object(Dictionary(uniqueKeysWithValues: list)).jsonString }

        var text: String {
            list.map { name, value in
                if case .double(let number) = value { return "\(name): \(String(format: "%.2f", number))" }
                return "\(name): \(value.jsonString)"
            }.joined(separator: "\n")
        }
    }

    /// Limits no run reaches, so every reservation is admitted and the figure is the store's cost.
    static let limits = RateLimits(requestsPerMinute: 1_000_000_000, tokensPerMinute: 1_000_000_000)

    static func measure(_ store: any RateLimitStore, pairs: Int, concurrency: Int) async throws -> Figures {
        let key = "bench-\(UUID().uuidString)"
        @Sendable func pair() async throws {
            guard await store.reserve(key: key, tokens: 100, limits: limits) == .admitted else {
                throw LLMError(code: .invalidConfiguration, message: "the store did not admit under unreachable limits")
            }
            await store.settle(key: key, reserved: 100, actual: 60, limits: limits)
        }
        try await pair()  // the connection and the row, before the clock starts
        let start = ContinuousClock.now
        for _ in 0..<pairs { try await pair() }
        let sequential = BenchCommand.seconds(ContinuousClock.now - start) / Double(pairs) * 1e6
        let concurrentStart = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                let count = pairs / concurrency + (worker < pairs % concurrency ? 1 : 0)
                group.addTask { for _ in 0..<count { try await pair() } }
            }
            try await group.waitForAll()
        }
        let wall = BenchCommand.seconds(ContinuousClock.now - concurrentStart)
        return Figures(
            pairs: pairs, concurrency: concurrency, sequentialMicroseconds: sequential,
            concurrentPairsPerSecond: Double(pairs) / wall)
    }
}
