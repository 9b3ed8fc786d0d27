import Foundation
import LLMCore
import LLMMedia
import NIOConcurrencyHelpers
import Testing

@testable import LLMCache

@Suite struct ResponseCacheStoreTests {
    /// A clock the test moves.
    final class ManualClock: Sendable {
        private let instant = NIOLockedValueBox(ContinuousClock.now)
        var now: ContinuousClock.Instant { instant.withLockedValue { $0 } }
        func advance(_ duration: Duration) { instant.withLockedValue { $0 += duration } }
    }

    @Test func theLeastRecentlyUsedGoFirstWhenTheBytesRunOut() async throws {
        // Each entry: 10 bytes of value and a 2-byte key.
        let store = InMemoryResponseCacheStore(maxBytes: 36)
        let value = [UInt8](repeating: 1, count: 10)
        try await store.store(value, for: "k1", ttl: .seconds(60))
        try await store.store(value, for: "k2", ttl: .seconds(60))
        try await store.store(value, for: "k3", ttl: .seconds(60))
        #expect(store.bytes == 36)
        _ = try await store.value(for: "k1")  // k1 is now the most recently used
        try await store.store(value, for: "k4", ttl: .seconds(60))
        #expect(try await store.value(for: "k2") == nil)
        #expect(try await store.value(for: "k1") == value)
        #expect(try await store.value(for: "k3") == value)
        #expect(try await store.value(for: "k4") == value)
        #expect(store.count == 3 && store.bytes == 36)
        // Replacing a value counts its new size once.
        try await store.store([1, 2], for: "k4", ttl: .seconds(60))
        #expect(store.bytes == 28)
        // A value larger than the whole store is not kept, and empties nothing.
        try await store.store([UInt8](repeating: 0, count: 100), for: "big", ttl: .seconds(60))
        #expect(try await store.value(for: "big") == nil)
        #expect(store.count == 3)
    }

    @Test func anEntryExpiresAfterItsTTL() async throws {
        let clock = ManualClock()
        let store = InMemoryResponseCacheStore(now: { clock.now })
        try await store.store([7], for: "k", ttl: .seconds(10))
        clock.advance(.seconds(9))
        #expect(try await store.value(for: "k") == [7])
        clock.advance(.seconds(1))
        #expect(try await store.value(for: "k") == nil)
        #expect(store.count == 0 && store.bytes == 0)
    }

    @Test func aStoredAnswerComesBackWholeAndAsAStreamThatFoldsToIt() throws {
        let response = LLMResponse(
            id: "r", model: "m", content: "text", refusal: nil,
            toolCalls: [ToolCall(id: "c", name: "f", arguments: "{}", signature: "s")],
            reasoning: [Reasoning(text: "why", signature: "sig", provider: .test, id: "rs", origin: "o")],
            finishReason: .other("end_turn"), usage: Usage(promptTokens: 5, completionTokens: 6, cachedTokens: 1),
            additionalChoices: ["second"], costUSD: 0.5, stopSequence: "STOP",
            logprobs: [TokenLogprob(token: "t", logprob: -0.5, top: [.init(token: "u", logprob: -1)])])
        let stored = CachedAnswer(response, storedAt: Date(timeIntervalSince1970: 1_000))
        let back = try #require(CachedAnswer(bytes: stored.bytes))
        #expect(back == stored)
        var expected = response
        expected.attempts = 0
        #expect(back.response == expected)
        var folded = StreamAccumulator()
        for chunk in back.chunks { folded.add(chunk) }
        #expect(folded.response.content == "text")
        #expect(folded.response.toolCalls == response.toolCalls)
        #expect(folded.response.reasoning == response.reasoning)
        #expect(folded.response.finishReason == .other("end_turn"))
        #expect(folded.response.stopSequence == "STOP")
        #expect(folded.response.usage == response.usage)
        // Bytes that are not this layout (another program's row, a damaged one) are a miss.
        #expect(CachedAnswer(bytes: Array(#"{"version":2}"#.utf8)) == nil)
        #expect(CachedAnswer(bytes: [0xFF, 0x00]) == nil)
    }

    @Test func theKeyHoldsWhatDecidesTheAnswerAndNothingElse() throws {
        let model = ModelMetadata(name: "m", provider: .test)
        func key(
            _ messages: [ChatMessage] = [.user("hi")], _ options: GenerationOptions = GenerationOptions(),
            model: ModelMetadata = model, namespace: String = ""
        ) -> String? {
            ResponseCacheKey.make(namespace: namespace, metadata: model, messages: messages, options: options)
        }
        let base = try #require(key())
        #expect(base.count == 64)
        #expect(key() == base)
        // What the answer depends on changes the key.
        #expect(key([.user("hi!")]) != base)
        #expect(key([.system("be brief"), .user("hi")]) != base)
        #expect(key([.user("hi")], GenerationOptions(temperature: 0)) != base)
        #expect(key([.user("hi")], GenerationOptions(tools: [ToolDefinition(name: "f")])) != base)
        #expect(key(model: ModelMetadata(name: "m2", provider: .test)) != base)
        #expect(key(model: ModelMetadata(name: "m", provider: LLMProvider(rawValue: "other"))) != base)
        #expect(key(model: ModelMetadata(name: "m", provider: .test, deployment: "prod")) != base)
        #expect(key(namespace: "v2") != base)
        // The end user's id for abuse monitoring does not.
        #expect(key([.user("hi")], GenerationOptions(user: "u-1")) == base)
        // A local file's content is unknown to the key: not cached at all.
        #expect(key([.user("see", images: [ImageInput(source: .file(path: "/x.png"))])]) == nil)
    }
}
