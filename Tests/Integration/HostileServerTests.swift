import Foundation
import LLMSimulator
import Logging
import SwiftLLM
import Testing

/// What a misbehaving server can do to the library, over real sockets (`HostileServer`): for each
/// case the typed error, the time it took (never more than the deadline plus a small margin), the
/// memory it cost (bounded), and that no secret reached the error or the logs. Each case prints
/// one line of that report.
@Suite(.serialized) struct HostileServerTests {
    static let key = "sk-hostile-SECRET-0123456789"
    /// What a case may overrun its deadline by: the scheduler on a loaded two-core CI machine
    /// running the other suites (the soak among them) in parallel. Far below what the bugs cost (an idle timeout of
    /// 60 s, a trickled body of minutes).
    static let margin: Duration = .seconds(5)
    /// The log metadata of an attempt that failed on its attempt timeout.
    static let failedOverOnTimeout = #""llm.error_code": "timeout""#
    /// Timeouts for a hostile primary that holds its attempt for a minute or more, failing over to a
    /// healthy backup. The attempt timeout bounds the backup's answer too, so it is generous: under
    /// ThreadSanitizer, beside the soak, a loaded two-core machine once took more than 3 s for the
    /// backup's answer. It is still far below what the hostile server would hold (60 s to 100 s).
    static let failoverTimeouts = Timeouts(
        connect: .seconds(2), attempt: .seconds(8), idle: .seconds(60), total: .seconds(60))
    /// The request deadline for those cases: two attempt timeouts and room for the scheduler.
    static let failoverDeadline: Duration = .seconds(30)

    struct Observation {
        var error: LLMError?
        var elapsed: Duration
        var peakGrowthMB: Double
        var logs: String
    }

    /// Runs `body` with a context whose deadline is `deadline` and whose logs are captured,
    /// sampling the process's resident memory; checks no spelling of the key reached the error
    /// or the logs, and prints the case's line.
    static func observe(
        _ name: String, deadline: Duration = .seconds(30),
        _ body: (RequestContext) async throws -> Void
    ) async -> Observation {
        let capture = LogCapture()
        let context = RequestContext(timeout: deadline, logger: Logger(label: "hostile") { _ in capture })
        let baseline = residentMB()
        let peak = PeakSampler()
        let sampler = Task {
            while !Task.isCancelled {
                peak.record(residentMB())
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        let start = ContinuousClock.now
        var failure: LLMError?
        do { try await body(context) } catch { failure = LLMError(wrapping: error) }
        let elapsed = ContinuousClock.now - start
        sampler.cancel()
        _ = await sampler.value
        let observation = Observation(
            error: failure, elapsed: elapsed, peakGrowthMB: max(0, peak.value - baseline), logs: capture.text)
        let seen = [failure.map { "\($0) \($0.body ?? "") \($0.providerMessage ?? "")" } ?? "", capture.text]
            .joined(separator: "\n")
        for spelling in APIKey(key).spellings {
            #expect(!seen.contains(spelling), "\(name): the key reached the error or the logs")
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "hostile: \(name) -> \(failure.map { "error[\($0.code)]" } ?? "ok") in \(String(format: "%.2f", seconds)) s (deadline \(deadline)), peak +\(String(format: "%.0f", observation.peakGrowthMB)) MB, no secret in output"
        )
        return observation
    }

    static func residentMB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
            let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    /// A model over `server` (OpenAI style), with an optional healthy backup and the timeouts given.
    static func withModel(
        _ server: HostileServer, backup: LLMSimulator? = nil, timeouts: Timeouts = Timeouts(),
        maxStreamBytes: Int = 256 * 1024 * 1024, maxStreamEventBytes: Int = SSEDecoder.defaultMaxEventBytes,
        _ body: (any LLM) async throws -> Void
    ) async throws {
        try await server.start()
        do {
            try await withModel(
                server.baseURL, backups: backup.map { [$0.baseURL] } ?? [], timeouts: timeouts,
                maxStreamBytes: maxStreamBytes, maxStreamEventBytes: maxStreamEventBytes, body)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    /// A model over `primary` and `backups` (URLs ending before `/v1`, OpenAI style; plain HTTP
    /// allowed, for servers off loopback), shut down after `body`.
    static func withModel(
        _ primary: URL, backups: [URL] = [], timeouts: Timeouts, retries: Int = 1,
        maxStreamBytes: Int = 256 * 1024 * 1024, maxStreamEventBytes: Int = SSEDecoder.defaultMaxEventBytes,
        _ body: (any LLM) async throws -> Void
    ) async throws {
        let configuration = ConnectorConfiguration(
            primary: Endpoint(
                baseURL: primary.appendingPathComponent("v1"), style: .openAI, deployment: "gpt-4o",
                apiKey: APIKey(key), name: "hostile"),
            backups: backups.enumerated().map {
                BackupEndpoint(baseURL: $0.element.appendingPathComponent("v1"), name: "backup\($0.offset)")
            },
            retry: RetryPolicy(maxRetries: retries, baseBackoff: .milliseconds(50), jitter: false),
            timeouts: timeouts, maxStreamEventBytes: maxStreamEventBytes, maxStreamBytes: maxStreamBytes,
            allowInsecureHTTP: true)
        let connector = try Connector(configuration: configuration)
        let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
        do {
            try await body(model)
        } catch {
            try? await connector.shutdown()
            throw error
        }
        // AsyncHTTPClient's shutdown waits for connections still being made (up to the connect
        // timeout: the blackhole case of NetworkFaultTests spends most of its time here).
        try await connector.shutdown()
    }

    static func healthyBackup() async throws -> LLMSimulator {
        let backup = LLMSimulator(configuration: SimulatorConfiguration(apiKey: key, name: "backup"))
        try await backup.start()
        return backup
    }

    static let answer =
        #"{"id":"c","object":"chat.completion","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":USAGE}"#

    // MARK: - Numbers off the wire

    @Test(arguments: [("retry-after-ms", "1e300"), ("retry-after", "1e30"), ("retry-after-ms", "inf")])
    func anAbsurdRetryAfterIsClampedAndSurfacedNotATrap(header: String, value: String) async throws {
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.json(
                status: 429, #"{"error":{"message":"slow down","code":"429"}}"#, [(header, value)])
        }
        try await Self.withModel(server) { model in
            // A deadline of a minute: waiting the retry-after out would take all of it (and end in
            // a timeout), where the bug-free run takes two short requests, even on a loaded machine.
            let seen = await Self.observe("429 \(header): \(value)", deadline: .seconds(60)) { context in
                _ = try await model.getAnswer([.user("x")], context: context)
            }
            #expect(seen.error?.code == .rateLimited, "\(seen.logs) \(String(describing: seen.error))")
            // "inf" is no number of milliseconds: ignored, so the 429 is retried with backoff.
            if value != "inf" { #expect(seen.error?.retryAfter == .seconds(86_400)) }
            // Reported at once, not waited out until the deadline.
            #expect(seen.elapsed < .seconds(30), "\(seen.logs) \(String(describing: seen.error))")
        }
    }

    @Test(arguments: [
        (#"{"prompt_tokens":9223372036854775807,"completion_tokens":10}"#, "9223372036854775807"),
        (
            #"{"prompt_tokens":5,"completion_tokens":1,"prompt_tokens_details":{"cached_tokens":-9223372036854775808}}"#,
            "-9223372036854775808"
        ),
        (#"{"prompt_tokens":-3,"completion_tokens":1}"#, "-3"),
        (#"{"prompt_tokens":1e20,"completion_tokens":1}"#, "1e+20"),
        (#"{"prompt_tokens":2.5,"completion_tokens":1}"#, "2.5"),
    ])
    func tokenCountsOutOfRangeAreDecodingErrorsNeverATrapOrANegativeCost(usage: String, shown: String) async throws {
        let body = Self.answer.replacingOccurrences(of: "USAGE", with: usage)
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.json(body)
        }
        try await Self.withModel(server) { model in
            let seen = await Self.observe("usage \(shown)") { context in
                _ = try await model.getAnswer([.user("x")], context: context)
            }
            #expect(seen.error?.code == .decoding)
            #expect(
                seen.error?.message.contains("is \(shown), not a token count") == true, "\(seen.error?.message ?? "")")
        }
    }

    @Test func deepNestingIsADecodingErrorNotAStackOverflow() async throws {
        let body = String(repeating: "[", count: 200_000)
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.json(body)
        }
        try await Self.withModel(server) { model in
            let seen = await Self.observe("200,000 nested arrays") { context in
                _ = try await model.getAnswer([.user("x")], context: context)
            }
            #expect(seen.error?.code == .decoding)
        }
    }

    // MARK: - Time: every phase within the deadline

    @Test func aTricklingBodyFailsOverToTheBackupWithinTheAttemptTimeout() async throws {
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.head([("content-type", "application/json")], contentLength: 500)
            for _ in 0..<500 {
                try await connection.write("{")
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        let backup = try await Self.healthyBackup()
        try await Self.withModel(server, backup: backup, timeouts: Self.failoverTimeouts) { model in
            var answer: LLMResponse?
            let seen = await Self.observe(
                "body trickled 1 byte / 0.2 s, healthy backup", deadline: Self.failoverDeadline
            ) {
                context in
                answer = try await model.getAnswer([.user("x")], context: context)
            }
            #expect(seen.error == nil)
            #expect(answer?.content == "backup says: x")
            // The attempt timeout cut the primary: it failed over on a timeout, well before the
            // 100 s the trickle would take, and within the request's deadline (an answer at all
            // proves that; the machine's load decides how long the backup takes).
            #expect(seen.logs.contains(Self.failedOverOnTimeout), "\(seen.logs)")
            #expect(seen.elapsed < Self.failoverDeadline + Self.margin)
        }
        try await backup.shutdown()
    }

    @Test func aTricklingBodyWithoutABackupEndsAtTheDeadline() async throws {
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.head([("content-type", "application/json")], contentLength: 500)
            for _ in 0..<500 {
                try await connection.write(" ")
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        try await Self.withModel(server) { model in
            let seen = await Self.observe("body trickled 1 byte / 0.1 s, no backup", deadline: .milliseconds(1_500)) {
                context in
                _ = try await model.getAnswer([.user("x")], context: context)
            }
            #expect(seen.error?.code == .timeout)
            #expect(seen.elapsed < .milliseconds(1_500) + Self.margin)
        }
    }

    @Test func headersThenSilenceFailOverToTheBackup() async throws {
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.head([("content-type", "application/json")], contentLength: 100)
            try await Task.sleep(for: .seconds(60))
        }
        let backup = try await Self.healthyBackup()
        try await Self.withModel(server, backup: backup, timeouts: Self.failoverTimeouts) { model in
            var answer: LLMResponse?
            let seen = await Self.observe("headers, then nothing; healthy backup", deadline: Self.failoverDeadline) {
                context in
                answer = try await model.getAnswer([.user("x")], context: context)
            }
            #expect(answer?.content == "backup says: x")
            #expect(seen.logs.contains(Self.failedOverOnTimeout), "\(seen.logs)")
            #expect(seen.elapsed < Self.failoverDeadline + Self.margin)
        }
        try await backup.shutdown()
    }

    @Test func aStreamThatNeverSendsAnEventFailsOver() async throws {
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.head([("content-type", "text/event-stream")])
            try await Task.sleep(for: .seconds(60))
        }
        let backup = try await Self.healthyBackup()
        try await Self.withModel(server, backup: backup, timeouts: Self.failoverTimeouts) { model in
            var text = ""
            let seen = await Self.observe("stream head, then nothing; healthy backup", deadline: Self.failoverDeadline)
            {
                context in
                for try await chunk in model.streamAnswer([.user("x")], context: context) {
                    text += chunk.textDelta ?? ""
                }
            }
            // The silent stream would hold for a minute: an answer within the deadline shows the
            // attempt timeout cut it, and the log that the failover was on that timeout.
            #expect(seen.error == nil)
            #expect(text == "backup says: x")
            #expect(seen.logs.contains(Self.failedOverOnTimeout), "\(seen.logs)")
        }
        try await backup.shutdown()
    }

    @Test func keepAliveCommentsCannotCarryAStreamPastTheDeadline() async throws {
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.head([("content-type", "text/event-stream")])
            try await connection.write(
                #"data: {"id":"c","choices":[{"index":0,"delta":{"content":"partial"}}]}"# + "\n\n")
            while true {
                try await connection.write(": keep-alive\n\n")
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let timeouts = Timeouts(connect: .seconds(2), attempt: .seconds(5), idle: .seconds(60), total: .seconds(30))
        try await Self.withModel(server, timeouts: timeouts) { model in
            let seen = await Self.observe("one event, then keep-alive comments forever", deadline: .milliseconds(1_500))
            { context in
                for try await _ in model.streamAnswer([.user("x")], context: context) {}
            }
            #expect(seen.error?.code == .streamInterrupted)
            #expect(seen.error?.providerCode == "timeout")
            #expect(seen.error?.partialContent == "partial")
            #expect(seen.elapsed < .milliseconds(1_500) + Self.margin)
        }
    }

    @Test func aStallAfterTheFirstEventEndsAtTheDeadlineNotTheIdleTimeout() async throws {
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.head([("content-type", "text/event-stream")])
            try await connection.write(#"data: {"id":"c","choices":[{"index":0,"delta":{"content":"a"}}]}"# + "\n\n")
            try await Task.sleep(for: .seconds(60))
        }
        let timeouts = Timeouts(connect: .seconds(2), attempt: .seconds(5), idle: .seconds(60), total: .seconds(30))
        try await Self.withModel(server, timeouts: timeouts) { model in
            let seen = await Self.observe("one event, then silence (idle 60 s)", deadline: .milliseconds(1_200)) {
                context in
                for try await _ in model.streamAnswer([.user("x")], context: context) {}
            }
            #expect(seen.error?.code == .streamInterrupted)
            #expect(seen.elapsed < .milliseconds(1_200) + Self.margin)
        }
    }

    @Test func aTLSHandshakeThatNeverCompletesEndsAtTheDeadline() async throws {
        let server = HostileServer { connection in
            _ = try await connection.readRequest()  // the ClientHello has no blank line: waits forever
        }
        try await server.start()
        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: URL(string: "https://127.0.0.1:\(server.port)/v1")!, style: .openAI, deployment: "gpt-4o",
                    apiKey: APIKey(Self.key)),
                retry: RetryPolicy(maxRetries: 0)))
        let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
        let seen = await Self.observe("TLS handshake never answered (connect timeout 10 s)", deadline: .seconds(1)) {
            context in
            _ = try await model.getAnswer([.user("x")], context: context)
        }
        #expect(seen.error?.code == .timeout)
        #expect(seen.elapsed < .seconds(1) + Self.margin)
        try await connector.shutdown()
        await server.shutdown()
    }

    // MARK: - Memory: bounded whatever the server sends

    @Test func aGigabyteLineWithoutANewlineIsRefusedAtTheEventLimit() async throws {
        let megabyte = Data(repeating: UInt8(ascii: "a"), count: 1_048_576)
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.head([("content-type", "text/event-stream")])
            try await connection.write("data: ")
            for _ in 0..<1_000 { try await connection.write(megabyte) }  // stops when the client hangs up
        }
        try await Self.withModel(server) { model in
            let seen = await Self.observe("1,000 MB SSE line without a newline", deadline: .seconds(60)) { context in
                for try await _ in model.streamAnswer([.user("x")], context: context) {}
            }
            #expect(seen.error?.code == .decoding)
            #expect(seen.error?.message.contains("over maxStreamEventBytes") == true)
            // The client stopped reading at the 16 MB limit: the server could not push much more.
            #expect(server.written.withLockedValue { $0 } < 80 * 1_048_576)
            #expect(seen.peakGrowthMB < 200)
        }
    }

    @Test func aStreamOverItsByteBudgetIsCut() async throws {
        let event = #"data: {"id":"c","choices":[{"index":0,"delta":{"content":"word "}}]}"# + "\n\n"
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.head([("content-type", "text/event-stream")])
            while true { try await connection.write(String(repeating: event, count: 50)) }
        }
        try await Self.withModel(server, maxStreamBytes: 256 * 1024) { model in
            var delivered = 0
            let seen = await Self.observe("an endless stream, maxStreamBytes 256 KB") { context in
                for try await chunk in model.streamAnswer([.user("x")], context: context) {
                    delivered += chunk.textDelta == nil ? 0 : 1
                }
            }
            #expect(seen.error?.code == .streamInterrupted)
            #expect(seen.error?.providerCode == "decoding")
            #expect(delivered > 0 && delivered < 256 * 1024 / 60)
        }
    }

    @Test func anEndlessAudioBodyIsCutAtTheStreamLimit() async throws {
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.head([("content-type", "audio/mpeg")])
            let noise = Data(repeating: 0xFF, count: 16 * 1024)
            while true { try await connection.write(noise) }
        }
        try await server.start()
        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: server.baseURL.appendingPathComponent("v1"), style: .openAI, apiKey: APIKey(Self.key)),
                maxStreamBytes: 1024 * 1024))
        let tts = SpeechLLM(metadata: ModelCatalog.metadata(named: "gpt-4o-mini-tts")!, connector: connector)
        var received = 0
        let seen = await Self.observe("an endless audio body, maxStreamBytes 1 MB") { context in
            for try await chunk in tts.streamAudio(SpeechRequest(input: "x"), context: context) {
                received += chunk.data.count
            }
        }
        #expect(seen.error?.code == .streamInterrupted)
        #expect(seen.error?.providerCode == "decoding")
        #expect(received > 0 && received <= 1024 * 1024)
        try await connector.shutdown()
        await server.shutdown()
    }

    @Test func aStreamOfOnlyItsTerminatorIsADecodingError() async throws {
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.head([("content-type", "text/event-stream")])
            try await connection.write("data: [DONE]\n\n")
            try await connection.close()
        }
        try await Self.withModel(server) { model in
            let seen = await Self.observe("a stream of only [DONE]") { context in
                for try await _ in model.streamAnswer([.user("x")], context: context) {}
            }
            #expect(seen.error?.code == .decoding)
            #expect(seen.error?.message == "the stream ended with [DONE] before any answer")
        }
    }

    // MARK: - Broken connections

    @Test func aResetMidBodyFailsOverAndWithoutABackupIsAConnectionFailure() async throws {
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.head([("content-type", "application/json")], contentLength: 1_000)
            try await connection.write(#"{"id": "c", "#)
            try await connection.reset()
        }
        let backup = try await Self.healthyBackup()
        try await Self.withModel(server, backup: backup) { model in
            var answer: LLMResponse?
            let seen = await Self.observe("TCP reset mid-body, healthy backup") { context in
                answer = try await model.getAnswer([.user("x")], context: context)
            }
            #expect(seen.error == nil && answer?.content == "backup says: x")
        }
        try await backup.shutdown()
        let lone = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.head([("content-type", "application/json")], contentLength: 1_000)
            try await connection.reset()
        }
        try await Self.withModel(lone) { model in
            let seen = await Self.observe("TCP reset mid-body, no backup") { context in
                _ = try await model.getAnswer([.user("x")], context: context)
            }
            #expect(seen.error?.code == .connectionFailed)
        }
    }

    @Test func aResetMidStreamIsInterruptedWithThePartialText() async throws {
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.head([("content-type", "text/event-stream")])
            try await connection.write(#"data: {"id":"c","choices":[{"index":0,"delta":{"content":"half"}}]}"# + "\n\n")
            try await Task.sleep(for: .milliseconds(100))
            try await connection.reset()
        }
        try await Self.withModel(server) { model in
            let seen = await Self.observe("TCP reset mid-stream") { context in
                for try await _ in model.streamAnswer([.user("x")], context: context) {}
            }
            #expect(seen.error?.code == .streamInterrupted)
            #expect(seen.error?.partialContent == "half")
        }
    }

    // MARK: - Secrets a server echoes

    @Test func aServerEchoingTheKeyInAnySpellingDoesNotPutItIntoTheError() async throws {
        let escaped = Self.key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let server = HostileServer { connection in
            let request = try await connection.readRequest()
            let sent = request.split(separator: "\r\n").first { $0.lowercased().hasPrefix("authorization:") } ?? ""
            try await connection.json(
                status: 401,
                #"{"error":{"message":"bad key \#(sent.dropFirst(22)) (\#(escaped))","code":"invalid_api_key"}}"#)
        }
        try await Self.withModel(server) { model in
            let seen = await Self.observe("401 echoing the key, raw and percent-encoded") { context in
                _ = try await model.getAnswer([.user("x")], context: context)
            }
            #expect(seen.error?.code == .authentication)
            #expect(
                seen.error?.providerMessage?.contains("bad key *** (***)") == true,
                "\(seen.error?.providerMessage ?? "")")
        }
    }
}

/// The largest value recorded, from the sampling task.
final class PeakSampler: @unchecked Sendable {
    private let lock = NSLock()
    private var peak = 0.0

    func record(_ value: Double) {
        lock.withLock { peak = max(peak, value) }
    }

    var value: Double { lock.withLock { peak } }
}
