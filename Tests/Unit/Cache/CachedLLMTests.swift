import Foundation
import LLMCache
import LLMCore
import LLMMedia
import Logging
import MetricsTestKit
import NIOConcurrencyHelpers
import Testing

@Suite struct CachedLLMTests {
    static func cache(
        _ store: any ResponseCacheStore = InMemoryResponseCacheStore(), metrics: TestMetrics = TestMetrics(),
        logger: Logger = Logger(label: "test")
    ) -> ResponseCache {
        ResponseCache(store: store, configuration: .init(logger: logger, metricsFactory: metrics))
    }

    static func requests(_ metrics: TestMetrics, _ result: String) -> Int64 {
        (try? metrics.expectCounter("llm_cache_requests_total", [("cache", "default"), ("result", result)]))?
            .totalValue ?? 0
    }

    @Test func aSecondIdenticalRequestIsAnsweredFromTheCacheWithWhatItSaved() async throws {
        let metrics = TestMetrics()
        let model = CountingModel(.answer(CountingModel.answer("hello")))
        let cached = model.cached(Self.cache(metrics: metrics))
        let first = try await cached.getAnswer("hi")
        #expect(first.cacheHit == nil)
        #expect(first.endpoint == "https://up/v1")
        let second = try await cached.getAnswer("hi", context: RequestContext(requestId: "r2"))
        #expect(model.calls == 1)
        let hit = try #require(second.cacheHit)
        #expect(hit.savedUSD == 7)
        #expect(hit.savedUsage == Usage(promptTokens: 3, completionTokens: 2))
        #expect(!hit.shared)
        #expect(second.content == "hello")
        #expect(second.toolCalls == first.toolCalls)
        #expect(second.reasoning == first.reasoning)
        #expect(second.finishReason == .stop)
        #expect(second.costUSD == 0)
        #expect(second.attempts == 0)
        #expect(second.endpoint == nil)
        #expect(second.requestId == "r2")
        #expect(Self.requests(metrics, "miss") == 1)
        #expect(Self.requests(metrics, "hit") == 1)
        // Another prompt, or other options, is another key.
        _ = try await cached.getAnswer("hi!")
        _ = try await cached.getAnswer([.user("hi")], options: GenerationOptions(temperature: 0.5))
        #expect(model.calls == 3)
    }

    @Test func refreshAsksTheModelAndStoresAnewAndBypassLeavesTheCacheAlone() async throws {
        let model = CountingModel(.answer(CountingModel.answer("one")))
        let cached = model.cached(Self.cache())
        _ = try await cached.getAnswer("q")
        model.set(.answer(CountingModel.answer("two")))
        let refreshed = try await cached.getAnswer([.user("q")], mode: .refresh)
        #expect(refreshed.content == "two" && refreshed.cacheHit == nil)
        #expect(try await cached.getAnswer("q").content == "two")
        model.set(.answer(CountingModel.answer("three")))
        let bypassed = try await CacheMode.$current.withValue(.bypass) { try await cached.getAnswer("q") }
        #expect(bypassed.content == "three")
        #expect(try await cached.getAnswer("q").content == "two")
        #expect(model.calls == 3)
    }

    @Test func aRefreshNeverWaitsForAnIdenticalRequestInFlight() async throws {
        let model = CountingModel(.answer(CountingModel.answer("fresh")), holdUntilOpened: true)
        let cache = Self.cache()
        let cached = model.cached(cache)
        let leader = Task { try await cached.getAnswer("same") }
        while model.calls < 1 { await Task.yield() }
        let refresh = Task { try await cached.getAnswer([.user("same")], mode: .refresh) }
        // The refresh reaches the model itself instead of waiting for the leader.
        while model.calls < 2 { await Task.yield() }
        #expect(cache.waiting == 0)
        model.open()
        #expect(try await leader.value.cacheHit == nil)
        #expect(try await refresh.value.cacheHit == nil)
    }

    @Test func errorsFilteredAndUnfinishedAnswersAreNeverStored() async throws {
        let model = CountingModel(.fail(LLMError(code: .serviceUnavailable, message: "down")))
        let cached = model.cached(Self.cache())
        await #expect(throws: LLMError.self) { try await cached.getAnswer("q") }
        model.set(.answer(CountingModel.answer("blocked", finish: .contentFilter)))
        _ = try await cached.getAnswer("q")
        var flagged = CountingModel.answer("flagged")
        flagged.contentFilterResults = ["hate": ContentFilterResult(filtered: true)]
        model.set(.answer(flagged))
        _ = try await cached.getAnswer("q")
        model.set(.answer(CountingModel.answer("no end", finish: nil)))
        _ = try await cached.getAnswer("q")
        model.set(.answer(CountingModel.answer("good")))
        _ = try await cached.getAnswer("q")
        #expect(try await cached.getAnswer("q").cacheHit != nil)
        #expect(model.calls == 5)
    }

    @Test func aStreamedAnswerIsStoredWhenCompleteAndReplayedAsAStream() async throws {
        let model = CountingModel(.answer(CountingModel.answer("hello")))
        let cached = model.cached(Self.cache())
        var first = StreamAccumulator()
        for try await chunk in cached.streamAnswer("hi") { first.add(chunk) }
        #expect(first.response.content == "hello")
        var replayed = StreamAccumulator()
        var marked = 0
        for try await chunk in cached.streamAnswer("hi") {
            if chunk.cacheHit != nil { marked += 1 }
            replayed.add(chunk)
        }
        #expect(model.calls == 1)
        #expect(marked == 1)
        #expect(replayed.response.content == "hello")
        #expect(replayed.response.finishReason == .stop)
        #expect(replayed.response.usage == Usage(promptTokens: 3, completionTokens: 2))
        // What a stream stored answers a whole request too.
        #expect(try await cached.getAnswer("hi").cacheHit != nil)
    }

    @Test func anInterruptedStreamIsNotStored() async throws {
        let model = CountingModel(.interrupt)
        let cached = model.cached(Self.cache())
        var text = ""
        await #expect(throws: LLMError.self) {
            for try await chunk in cached.streamAnswer("hi") { text += chunk.textDelta ?? "" }
        }
        #expect(text == "half")
        model.set(.answer(CountingModel.answer("hello")))
        #expect(try await cached.getAnswer("hi").cacheHit == nil)
        #expect(model.calls == 2)
    }

    @Test func fiftyConcurrentIdenticalRequestsMakeOneCall() async throws {
        let metrics = TestMetrics()
        let model = CountingModel(.answer(CountingModel.answer("once")), holdUntilOpened: true)
        let cache = Self.cache(metrics: metrics)
        let cached = model.cached(cache)
        let answers = Task {
            try await withThrowingTaskGroup(of: LLMResponse.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        // Half of them stream: a stream follows a flight, and leads one, like a request.
                        if index.isMultiple(of: 2) { return try await cached.getAnswer("same") }
                        var accumulator = StreamAccumulator()
                        for try await chunk in cached.streamAnswer("same") { accumulator.add(chunk) }
                        return accumulator.response
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        // The leader is held at the model until the other 49 wait for it.
        while cache.waiting < 49 { await Task.yield() }
        model.open()
        let all = try await answers.value
        #expect(model.calls == 1)
        #expect(all.count == 50)
        #expect(all.allSatisfy { $0.content == "once" })
        #expect(Self.requests(metrics, "shared") == 49)
        #expect(Self.requests(metrics, "miss") == 1)
    }

    @Test func whenTheLeaderFailsTheWaitersAskOnTheirOwn() async throws {
        let model = CountingModel(.fail(LLMError(code: .serviceUnavailable, message: "down")), holdUntilOpened: true)
        let cache = Self.cache()
        let cached = model.cached(cache)
        let results = Task {
            await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<5 { group.addTask { (try? await cached.getAnswer("same")) != nil } }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        while cache.waiting < 4 { await Task.yield() }
        model.open()
        #expect(await results.value == [false, false, false, false, false])
        #expect(model.calls == 5)
    }

    @Test func aWaiterStopsAtItsDeadlineOrCancellation() async throws {
        let model = CountingModel(.answer(CountingModel.answer("late")), holdUntilOpened: true)
        let cache = Self.cache()
        let cached = model.cached(cache)
        let leader = Task { try await cached.getAnswer("same") }
        while model.calls < 1 { await Task.yield() }
        // Already past its deadline: a timeout, without waiting for the leader.
        let late = await #expect(throws: LLMError.self) {
            try await cached.getAnswer("same", context: RequestContext(deadline: .now - .seconds(1)))
        }
        #expect(late?.code == .timeout)
        let cancelled = Task { try await cached.getAnswer("same") }
        while cache.waiting < 1 { await Task.yield() }
        cancelled.cancel()
        let error = await #expect(throws: LLMError.self) { try await cancelled.value }
        #expect(error?.code == .cancelled)
        model.open()
        #expect(try await leader.value.content == "late")
        #expect(model.calls == 1)
    }

    @Test func aFailingStoreAnswersOnlineAndWarnsOncePerOutage() async throws {
        let logs = LogRecorder()
        let store = FailingStore()
        let model = CountingModel(.answer(CountingModel.answer("online")))
        let cached = model.cached(Self.cache(store, logger: Logger(label: "t") { _ in logs }))
        for _ in 0..<3 { #expect(try await cached.getAnswer("q").content == "online") }
        #expect(model.calls == 3)
        #expect(logs.messages(.warning).count == 1)
        store.failing.withLockedValue { $0 = false }
        _ = try await cached.getAnswer("q")
        #expect(logs.messages(.info) == ["response cache store answers again"])
        #expect(try await cached.getAnswer("q").cacheHit != nil)
    }

    @Test func aRequestWithALocalFileIsNeverCached() async throws {
        let model = CountingModel(.answer(CountingModel.answer("seen")))
        let cached = model.cached(Self.cache())
        let message = ChatMessage.user("what is this", images: [ImageInput(source: .file(path: "/tmp/x.png"))])
        _ = try await cached.getAnswer([message])
        _ = try await cached.getAnswer([message])
        #expect(model.calls == 2)
    }
}

/// A store that throws while `failing`, else keeps values in memory.
final class FailingStore: ResponseCacheStore {
    let failing = NIOLockedValueBox(true)
    private let memory = InMemoryResponseCacheStore()

    func value(for key: String) async throws -> [UInt8]? {
        if failing.withLockedValue({ $0 }) { throw LLMError(code: .serviceUnavailable, message: "store down") }
        return try await memory.value(for: key)
    }

    func store(_ value: [UInt8], for key: String, ttl: Duration) async throws {
        if failing.withLockedValue({ $0 }) { throw LLMError(code: .serviceUnavailable, message: "store down") }
        try await memory.store(value, for: key, ttl: ttl)
    }

    func removeValue(for key: String) async throws { try await memory.removeValue(for: key) }
}

/// Captures log records' levels and messages.
final class LogRecorder: LogHandler, @unchecked Sendable {
    private let records = NIOLockedValueBox<[(Logger.Level, String)]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        records.withLockedValue { $0.append((event.level, "\(event.message)")) }
    }

    func messages(_ level: Logger.Level) -> [String] {
        records.withLockedValue { $0.filter { $0.0 == level }.map(\.1) }
    }
}
