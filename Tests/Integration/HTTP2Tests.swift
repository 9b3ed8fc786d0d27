import Foundation
import LLMSimulator
import SwiftLLM
import Testing

/// HTTP/2 to the upstream over real sockets: LLMSimulator serving TLS with a private CA and
/// offering `h2` by ALPN (swift-nio-http2), the connector negotiating it. Multiplexing, the
/// server's stream limit, lanes over a few connections, `REFUSED_STREAM` and `GOAWAY` resent at
/// once outside the retry budget, cancelling one stream, idle pings, and the HTTP/1.1 fallback.
@Suite(.serialized) struct HTTP2Tests {
    static let key = "sk-http2-0123456789"

    static func simulator(http2: SimulatorHTTP2? = SimulatorHTTP2(), wordsPerChunk: Int = 1) async throws
        -> LLMSimulator
    {
        let certificates = try TestCertificates.shared()
        let simulator = LLMSimulator(
            configuration: SimulatorConfiguration(
                apiKey: key, wordsPerChunk: wordsPerChunk, name: "h2",
                tls: SimulatorTLS(
                    certificateChainPath: certificates.serverCertificatePath,
                    privateKeyPath: certificates.serverKeyPath),
                http2: http2))
        try await simulator.start()
        return simulator
    }

    static func configuration(
        _ simulator: LLMSimulator, httpVersion: HTTPVersionPreference = .automatic, poolSize: Int = 8,
        streamsPerConnection: Int = 100, maxRetries: Int = 0, pingInterval: Duration? = .seconds(30)
    ) throws -> ConnectorConfiguration {
        ConnectorConfiguration(
            primary: Endpoint(
                baseURL: simulator.baseURL.appendingPathComponent("v1"), style: .openAI, deployment: "gpt-4o",
                apiKey: APIKey(key), name: "h2"),
            retry: RetryPolicy(maxRetries: maxRetries),
            // Generous: a request waiting for one of the server's streams waits within AsyncHTTPClient's
            // connect timeout, and a sanitizer-slowed machine running the other suites is slow.
            timeouts: Timeouts(connect: .seconds(60), attempt: .seconds(60), idle: .seconds(30), total: .seconds(120)),
            poolSize: poolSize, tls: TLSSettings(additionalTrustRoots: [try TestCertificates.shared().caPath]),
            httpVersion: httpVersion, http2StreamsPerConnection: streamsPerConnection, http2PingInterval: pingInterval)
    }

    static func model(_ connector: Connector) throws -> any LLM {
        try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
    }

    /// Streams `count` answers at once and returns their texts.
    static func streamConcurrently(_ model: any LLM, count: Int, prompt: String) async throws -> [String] {
        try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<count {
                group.addTask {
                    var text = ""
                    for try await chunk in model.streamAnswer([.user("\(prompt) \(index)")]) {
                        text += chunk.textDelta ?? ""
                    }
                    return text
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test func manyStreamsShareOneConnection() async throws {
        let simulator = try await Self.simulator()
        for _ in 0..<21 { simulator.enqueue(.delayChunks(.milliseconds(20))) }
        try await withConnector(configuration: try Self.configuration(simulator)) { connector in
            let model = try Self.model(connector)
            // The first answer opens the connection and tells the pool it speaks HTTP/2.
            _ = try await model.getAnswer([.user("first")])
            let texts = try await Self.streamConcurrently(model, count: 20, prompt: "one of many")
            #expect(texts.count == 20)
            #expect(texts.allSatisfy { $0.hasPrefix("h2 says: one of many") })
        }
        // Over HTTP/1.1 twenty streams at once need twenty connections; over HTTP/2 one carries them.
        #expect(simulator.statistics.connectionsAccepted == 1)
        #expect(simulator.statistics.maxInFlight > 1)
        try await simulator.shutdown()
    }

    @Test func theServersStreamLimitIsRespected() async throws {
        let simulator = try await Self.simulator(http2: SimulatorHTTP2(maxConcurrentStreams: 3))
        for _ in 0..<12 { simulator.enqueue(.delayChunks(.milliseconds(20))) }
        try await withConnector(configuration: try Self.configuration(simulator, poolSize: 1)) { connector in
            let texts = try await Self.streamConcurrently(try Self.model(connector), count: 12, prompt: "limited")
            #expect(texts.count == 12)
        }
        // One connection, never more than the server's three streams at once, nothing refused.
        #expect(simulator.statistics.connectionsAccepted == 1)
        #expect(simulator.statistics.maxInFlight <= 3)
        #expect(simulator.statistics.requests == 12)
        try await simulator.shutdown()
    }

    @Test func streamsSpreadOverAFewConnectionsOnlyWhenEachIsFull() async throws {
        let simulator = try await Self.simulator()
        // Streams of about 1.5 s, so all thirty are open at once even on a loaded machine.
        for _ in 0..<31 { simulator.enqueue(.delayChunks(.milliseconds(300))) }
        let configuration = try Self.configuration(simulator, poolSize: 4, streamsPerConnection: 10)
        try await withConnector(configuration: configuration) { connector in
            let model = try Self.model(connector)
            // The first answer tells the connector the endpoint speaks HTTP/2.
            _ = try await model.getAnswer([.user("first")])
            let texts = try await Self.streamConcurrently(model, count: 30, prompt: "spread")
            #expect(texts.count == 30)
        }
        // Thirty streams at ten per connection: three connections (never more than poolSize).
        let connections = simulator.statistics.connectionsAccepted
        #expect(connections >= 3 && connections <= 4, "\(connections) connections")
        try await simulator.shutdown()
    }

    @Test func aRefusedStreamIsSentAgainAtOnceOutsideTheRetryBudget() async throws {
        let simulator = try await Self.simulator()
        simulator.enqueue(.refuseStream, .refuseStream)
        try await withConnector(configuration: try Self.configuration(simulator, maxRetries: 0)) { connector in
            let answer = try await Self.model(connector).getAnswer([.user("refused twice")])
            #expect(answer.content == "h2 says: refused twice")
            #expect(answer.attempts == 3)
        }
        #expect(simulator.statistics.requests == 3)
        // The first resend went on another connection than the one that refused.
        #expect(simulator.statistics.connectionsAccepted >= 2)
        try await simulator.shutdown()
    }

    @Test func aStreamPastAGoAwayIsSentAgainOnANewConnection() async throws {
        let simulator = try await Self.simulator()
        try await withConnector(configuration: try Self.configuration(simulator, maxRetries: 0)) { connector in
            let model = try Self.model(connector)
            _ = try await model.getAnswer([.user("before")])
            simulator.enqueue(.goAway)
            var text = ""
            for try await chunk in model.streamAnswer([.user("after the goaway")]) { text += chunk.textDelta ?? "" }
            #expect(text == "h2 says: after the goaway")
        }
        // The GOAWAY closed the first connection; the resend went on a second.
        #expect(simulator.statistics.connectionsAccepted == 2)
        try await simulator.shutdown()
    }

    @Test func anEndpointThatKeepsRefusingFailsAsAConnectionFailure() async throws {
        let simulator = try await Self.simulator()
        for _ in 0..<10 { simulator.enqueue(.refuseStream) }
        try await withConnector(configuration: try Self.configuration(simulator, maxRetries: 0)) { connector in
            let error = await captureError { _ = try await Self.model(connector).getAnswer([.user("never")]) }
            #expect(error?.code == .connectionFailed)
            #expect(error?.providerCode == "REFUSED_STREAM")
            // The free resends are bounded, then the budget (none here) decides.
            #expect(simulator.statistics.requests == AttemptPlan.maxUnprocessedResends + 1)
        }
        try await simulator.shutdown()
    }

    @Test func cancellingOneStreamLeavesTheOthersOnTheConnection() async throws {
        let simulator = try await Self.simulator()
        simulator.enqueue(.delayChunks(.milliseconds(200)), .delayChunks(.milliseconds(20)))
        try await withConnector(configuration: try Self.configuration(simulator)) { connector in
            let model = try Self.model(connector)
            let started = AsyncStream<Void>.makeStream()
            let cancelled = Task {
                var text = ""
                for try await chunk in model.streamAnswer([.user("to be cancelled after its first words")]) {
                    text += chunk.textDelta ?? ""
                    started.continuation.yield()
                }
                return text
            }
            for await _ in started.stream { break }
            let survivor = Task {
                var text = ""
                for try await chunk in model.streamAnswer([.user("the survivor")]) { text += chunk.textDelta ?? "" }
                return text
            }
            cancelled.cancel()
            let error = await captureError { _ = try await cancelled.value }
            #expect(error?.code == .cancelled)
            #expect(try await survivor.value == "h2 says: the survivor")
        }
        // Both streams were on the one connection: the cancel reset a stream, not the connection.
        #expect(simulator.statistics.connectionsAccepted == 1)
        try await simulator.shutdown()
    }

    @Test func idlePingsAreAnsweredAndKeepASilentStreamAlive() async throws {
        let simulator = try await Self.simulator()
        simulator.enqueue(.delayChunks(.seconds(5)))
        let configuration = try Self.configuration(simulator, pingInterval: .seconds(2))
        try await withConnector(configuration: configuration) { connector in
            var text = ""
            for try await chunk in try Self.model(connector).streamAnswer([.user("alive")]) {
                text += chunk.textDelta ?? ""
            }
            // Pings went out in every silence; had their answers not been read, the connection
            // would have been closed after 4 s of silence (the watcher's rules are unit-tested).
            #expect(text == "h2 says: alive")
        }
        #expect(simulator.statistics.connectionsAccepted == 1)
        try await simulator.shutdown()
    }

    @Test func aServerWithoutHTTP2IsReachedOverHTTP1UnlessHTTP2IsRequired() async throws {
        let simulator = try await Self.simulator(http2: nil)
        try await withConnector(configuration: try Self.configuration(simulator)) { connector in
            let answer = try await Self.model(connector).getAnswer([.user("fallback")])
            #expect(answer.content == "h2 says: fallback")
        }
        try await withConnector(configuration: try Self.configuration(simulator, httpVersion: .http2)) { connector in
            let error = await captureError { _ = try await Self.model(connector).getAnswer([.user("required")]) }
            #expect(error?.code == .invalidConfiguration)
            #expect(error?.message.contains("HTTP/1.1") == true)
        }
        try await simulator.shutdown()
    }

    @Test func http1CanBeForcedOnAServerThatOffersHTTP2() async throws {
        let simulator = try await Self.simulator()
        for _ in 0..<4 { simulator.enqueue(.delayChunks(.milliseconds(300))) }
        try await withConnector(configuration: try Self.configuration(simulator, httpVersion: .http1)) { connector in
            let texts = try await Self.streamConcurrently(try Self.model(connector), count: 4, prompt: "one each")
            #expect(texts.count == 4)
        }
        // HTTP/1.1: a connection per stream in flight (over HTTP/2 one would carry them all).
        let statistics = simulator.statistics
        #expect(statistics.maxInFlight >= 2)
        #expect(statistics.connectionsAccepted >= statistics.maxInFlight)
        try await simulator.shutdown()
    }

    @Test func llmBenchReachesAPrivateCAServerWithTheChatCommandsTLSOptions() async throws {
        let simulator = try await Self.simulator()
        let ca = try TestCertificates.shared().caPath
        let base = [
            "bench", "--endpoint", simulator.baseURL.appendingPathComponent("v1").absoluteString, "--api-key", Self.key,
            "--requests", "20", "--concurrency", "4", "--json",
        ]
        // Without the CA the server's certificate is not trusted: a typed TLS error, exit 1.
        let untrusted = try await CLIRunner.run(base)
        #expect(untrusted.status == 1)
        #expect(untrusted.stderr.contains("tlsFailure"), "\(untrusted.stderr)")
        // --ca-file, over HTTP/2 required.
        let flagged = try await CLIRunner.run(base + ["--ca-file", ca, "--http2"])
        #expect(flagged.status == 0, "\(flagged.stderr)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(flagged.stdout.utf8)) as? [String: Any])
        #expect(figures["requests"] as? Int == 20)
        // SSL_CERT_FILE, as for llm chat, forced to HTTP/1.1.
        let environment = try await CLIRunner.run(base + ["--http1"], environment: ["SSL_CERT_FILE": ca])
        #expect(environment.status == 0, "\(environment.stderr)")
        // The two flags exclude each other.
        let both = try await CLIRunner.run(base + ["--ca-file", ca, "--http1", "--http2"])
        #expect(both.status != 0)
        #expect(both.stderr.contains("--http1 and --http2"), "\(both.stderr)")
        try await simulator.shutdown()
    }
}
