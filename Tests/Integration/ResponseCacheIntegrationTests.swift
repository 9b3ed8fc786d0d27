import Foundation
import LLMPostgres
import LLMSQLite
import LLMSharedState
import LLMSimulator
import Logging
import NIOConcurrencyHelpers
import SwiftLLM
import Testing

/// The response cache over real sockets and real databases: two `llm` processes sharing a SQLite
/// file, two replicas sharing a PostgreSQL database (one upstream call between them), a stream
/// replayed from the cache, a failed answer not cached, single flight over a held upstream, and a
/// database that is down.
@Suite struct ResponseCacheIntegrationTests {
    /// `llm chat PROMPT --json --cache LOCATION` (a patient store: a loaded machine's statement
    /// must not make a hit a miss) against `simulator`; the parsed output.
    static func chat(
        _ prompt: String, cache: String, simulator: LLMSimulator, extra: [String] = []
    ) async throws -> (status: Int32, object: [String: Any], stderr: String) {
        let result = try await CLIRunner.run(
            [
                "chat", prompt, "--endpoint", simulator.baseURL.absoluteString, "--deployment", "gpt-4.1-mini",
                "--api-key", CLITests.key, "--json", "--cache", cache, "--cache-timeout", "30",
            ] + extra)
        let object = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any]
        return (result.status, object ?? [:], result.stderr)
    }

    @Test func twoProcessesShareOneUpstreamCallThroughSQLite() async throws {
        let cache = "sqlite:" + StorePair.sqlitePath()
        let prompt = "shared \(UUID().uuidString)"
        try await CLITests.withSimulator { simulator in
            let first = try await Self.chat(prompt, cache: cache, simulator: simulator)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.object["cache_hit"] == nil)
            let second = try await Self.chat(prompt, cache: cache, simulator: simulator)
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.object["content"] as? String == "sim says: \(prompt)")
            let hit = try #require(
                second.object["cache_hit"] as? [String: Any],
                "\(second.object)\nfirst: \(first.stderr)\nsecond: \(second.stderr)")
            #expect(hit["shared"] as? Bool == false)
            #expect((hit["saved_usd"] as? Double ?? 0) > 0)
            #expect(second.object["cost_usd"] as? Double == 0)
            #expect(simulator.requests.count == 1)
            // A streamed request with the same prompt is replayed from the cache as a stream.
            let streamed = try await Self.chat(prompt, cache: cache, simulator: simulator, extra: ["--stream"])
            #expect(streamed.object["content"] as? String == "sim says: \(prompt)")
            #expect(streamed.object["cache_hit"] != nil)
            // --cache-mode refresh asks again; bypass leaves the cache alone.
            _ = try await Self.chat(prompt, cache: cache, simulator: simulator, extra: ["--cache-mode", "refresh"])
            _ = try await Self.chat(prompt, cache: cache, simulator: simulator, extra: ["--cache-mode", "bypass"])
            #expect(simulator.requests.count == 3)
        }
    }

    /// Two replicas on one PostgreSQL database: two stores with their own connection pools (as
    /// RateLimitStoreContractTests has them), each behind its own cache and model.
    @Test func twoReplicasShareOneUpstreamCallThroughPostgreSQL() async throws {
        guard let url = StoreKind.postgresURL else {
            print("[cache] LLM_TEST_POSTGRES_URL is not set: the PostgreSQL cache store is not tested here")
            return
        }
        let logs = LogCapture()
        let options = SharedStateOptions(timeout: .seconds(30), logger: Logger(label: "cache") { _ in logs })
        let stores = [
            try PostgresResponseCacheStore(url: url, options: options),
            try PostgresResponseCacheStore(url: url, options: options),
        ]
        for store in stores { try await store.migrate() }
        let prompt = "replicas \(UUID().uuidString)"
        try await CLITests.withSimulator(apiKey: nil) { simulator in
            let endpoint = Endpoint(
                baseURL: simulator.baseURL.appendingPathComponent("v1"), style: .openAI, deployment: "gpt-4.1-mini")
            try await withConnector(configuration: ConnectorConfiguration(primary: endpoint)) { connector in
                let model = try LLMFactory.make(
                    metadata: try ModelCatalog.require(named: "gpt-4.1-mini"), connector: connector)
                let replicas = stores.map {
                    model.cached(ResponseCache(store: $0, configuration: .init(storeTimeout: .seconds(60))))
                }
                let first = try await replicas[0].getAnswer(prompt)
                #expect(first.cacheHit == nil)
                let second = try await replicas[1].getAnswer(prompt)
                #expect(second.cacheHit != nil, "\(stores.map(\.isAvailable)) \(logs.text)")
                #expect(second.content == first.content)
                var streamed = StreamAccumulator()
                for try await chunk in replicas[1].streamAnswer(prompt) { streamed.add(chunk) }
                #expect(streamed.response.content == first.content)
                #expect(streamed.response.cacheHit != nil)
            }
            #expect(simulator.requests.count == 1)
        }
        for store in stores { try await store.shutdown() }
        #expect(logs.records.isEmpty, "\(logs.text)")
    }

    @Test func aStreamIsStoredAndAFailedAnswerIsNot() async throws {
        let cache = "sqlite:" + StorePair.sqlitePath()
        let prompt = "streamed \(UUID().uuidString)"
        try await CLITests.withSimulator { simulator in
            // A refused request (400, never retried) stores nothing: the next one asks again.
            simulator.enqueue(.status(400))
            let failed = try await Self.chat(prompt, cache: cache, simulator: simulator)
            #expect(failed.status != 0)
            let streamed = try await Self.chat(prompt, cache: cache, simulator: simulator, extra: ["--stream"])
            #expect(streamed.object["content"] as? String == "sim says: \(prompt)", "\(streamed.stderr)")
            #expect(streamed.object["cache_hit"] == nil)
            let whole = try await Self.chat(prompt, cache: cache, simulator: simulator)
            #expect(whole.object["cache_hit"] != nil, "\(whole.object)")
            #expect(simulator.requests.count == 2)
        }
    }

    @Test func aSecondBatchIsAnsweredFromTheFirstOnesCache() async throws {
        let cache = "sqlite:" + StorePair.sqlitePath()
        let input = BatchCLITests.temporaryPath("in.jsonl")
        let run = UUID().uuidString
        let lines = (0..<5).map { #"{"id": "l\#($0)", "prompt": "prompt \#($0) \#(run)"}"# }
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: input))
        try await CLITests.withSimulator { simulator in
            var outputs: [[[String: Any]]] = []
            for _ in 0..<2 {
                let output = BatchCLITests.temporaryPath("out.jsonl")
                let result = try await CLIRunner.run(
                    [
                        "batch", input, "--output", output, "--endpoint", simulator.baseURL.absoluteString,
                        "--deployment", "gpt-4.1-mini", "--api-key", CLITests.key, "--cache", cache,
                        "--cache-timeout", "30",
                    ])
                #expect(result.status == 0, "\(result.stderr)")
                outputs.append(try BatchCLITests.outputLines(output))
            }
            #expect(simulator.requests.count == 5)
            #expect(outputs[0].allSatisfy { $0["cache_hit"] == nil && $0["ok"] as? Bool == true })
            #expect(outputs[1].count == 5)
            #expect(outputs[1].allSatisfy { $0["cache_hit"] as? Bool == true }, "\(outputs[1])")
            #expect(
                Set(outputs[1].compactMap { $0["content"] as? String })
                    == Set(outputs[0].compactMap { $0["content"] as? String }))
        }
    }

    @Test func fiftyIdenticalRequestsMakeOneUpstreamCall() async throws {
        let (released, release) = AsyncStream<Void>.makeStream()
        let served = NIOLockedValueBox(0)
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            served.withLockedValue { $0 += 1 }
            for await _ in released {}
            try await connection.json(
                HostileServerTests.answer.replacingOccurrences(
                    of: "USAGE", with: #"{"prompt_tokens":5,"completion_tokens":1}"#))
        }
        try await server.start()
        let cache = ResponseCache(store: InMemoryResponseCacheStore())
        try await HostileServerTests.withModel(server.baseURL, timeouts: Timeouts(total: .seconds(60))) { model in
            let cached = model.cached(cache)
            let answers = Task {
                try await withThrowingTaskGroup(of: String.self) { group in
                    for _ in 0..<50 { group.addTask { try await cached.getAnswer("same").content } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            while cache.waiting < 49 { await Task.yield() }
            release.finish()
            let contents = try await answers.value
            #expect(contents.count == 50 && contents.allSatisfy { $0 == "ok" })
            #expect(served.withLockedValue { $0 } == 1)
        }
        await server.shutdown()
    }

    @Test func aDatabaseThatIsDownServesOnlineAndSaysSoOnce() async throws {
        let port = try await closedPort()
        let logs = LogCapture()
        let store = try PostgresResponseCacheStore(
            url: "postgres://llm:pw-cache-secret@127.0.0.1:\(port)/llm",
            options: SharedStateOptions(timeout: .seconds(2), logger: Logger(label: "cache") { _ in logs }))
        try await CLITests.withSimulator(apiKey: nil) { simulator in
            let endpoint = Endpoint(
                baseURL: simulator.baseURL.appendingPathComponent("v1"), style: .openAI, deployment: "gpt-4.1-mini")
            try await withConnector(configuration: ConnectorConfiguration(primary: endpoint)) { connector in
                let model = try LLMFactory.make(
                    metadata: try ModelCatalog.require(named: "gpt-4.1-mini"), connector: connector
                ).cached(ResponseCache(store: store, configuration: .init(storeTimeout: .seconds(30))))
                for _ in 0..<3 { #expect(try await model.getAnswer("q").content == "sim says: q") }
            }
            #expect(simulator.requests.count == 3)
        }
        #expect(!store.isAvailable)
        let warnings = logs.records.filter { $0.level == .warning }
        #expect(warnings.map(\.message) == ["response cache store unavailable; answering every request online"])
        #expect(!logs.text.contains("pw-cache-secret"))
        try await store.shutdown()
    }
}
