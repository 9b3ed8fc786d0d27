import Foundation
import LLMSimulator
import NIOConcurrencyHelpers
import SwiftLLM
import Testing

/// Network faults made by the kernel, not by a server's bytes: the misbehaving server listens
/// inside a network namespace the test creates (`NetworkLab`), and `tc`/`ip` add latency, drop
/// packets, cut the link mid-body or blackhole an endpoint. Each case shows its documented outcome
/// and the deadline holding (the report line is `HostileServerTests.observe`'s). Skipped, with the
/// reason printed, where namespaces cannot be made (not root, no iproute2).
@Suite(
    .serialized,
    .enabled("needs root and iproute2 to create network namespaces") {
        if let reason = NetworkLab.unavailableReason { print("network-fault tests skipped: \(reason)") }
        return NetworkLab.unavailableReason == nil
    })
struct NetworkFaultTests {
    static let key = HostileServerTests.key
    /// What a case may overrun its timeout by: tighter than `HostileServerTests.margin`, as these
    /// cases tell a 1 s connect timeout from a 5 s attempt timeout.
    static let margin: Duration = .seconds(3)

    /// A JSON chat answer whose content is `content`.
    static func answer(_ content: String) -> String {
        #"{"id":"c","object":"chat.completion","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":""#
            + content + #""},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1}}"#
    }

    /// Runs `body` in a fresh lab and removes the lab afterwards, whatever happened.
    static func withLab(_ body: (NetworkLab) async throws -> Void) async throws {
        let lab = try await NetworkLab()
        do {
            try await body(lab)
        } catch {
            await lab.close()
            throw error
        }
        await lab.close()
    }

    /// `withModel` whose primary is `server`, started inside a fresh lab.
    static func inLab(
        _ server: HostileServer, backups: [URL] = [], timeouts: Timeouts, retries: Int = 1,
        _ body: (NetworkLab, any LLM) async throws -> Void
    ) async throws {
        try await withLab { lab in
            try await server.start(listeningOn: try lab.listeningSocket(), host: lab.serverAddress)
            do {
                try await HostileServerTests.withModel(
                    server.baseURL, backups: backups, timeouts: timeouts, retries: retries
                ) {
                    try await body(lab, $0)
                }
            } catch {
                await server.shutdown()
                throw error
            }
            await server.shutdown()
        }
    }

    /// Answers every request with `body` (a whole JSON response).
    static func answering(_ body: String) -> HostileServer {
        HostileServer { connection in
            while !(try await connection.readRequest()).isEmpty {
                try await connection.json(body)
            }
        }
    }

    static func note(_ text: String) {
        print("network-fault: \(text)")
    }

    @Test func aSlowLinkAnswersWithinTheDeadlineAndAShortDeadlineStillHolds() async throws {
        let content = String(repeating: "slow ", count: 600)  // 3 KB
        try await Self.inLab(Self.answering(Self.answer(content)), timeouts: Timeouts(total: .seconds(30))) {
            lab, model in
            if NetworkLab.hasNetem {
                try await lab.shapeResponses(["netem", "delay", "400ms"])
                try await lab.shapeRequests(["netem", "delay", "400ms"])
            } else {
                // 24 kbit/s: about 3 KB a second each way.
                Self.note("tc netem is not in this kernel: latency made by tbf shaping at 24 kbit/s")
                try await lab.shapeResponses(["tbf", "rate", "24kbit", "burst", "1600", "latency", "30s"])
                try await lab.shapeRequests(["tbf", "rate", "24kbit", "burst", "1600", "latency", "30s"])
            }
            var answer: LLMResponse?
            let slow = await HostileServerTests.observe("slow link, 3 KB answer", deadline: .seconds(10)) { context in
                answer = try await model.getAnswer([.user("x")], context: context)
            }
            #expect(slow.error == nil)
            #expect(answer?.content == content)
            #expect(slow.elapsed > .milliseconds(700), "the link was not slowed")
            let short = await HostileServerTests.observe("slow link, deadline 0.5 s", deadline: .milliseconds(500)) {
                context in
                _ = try await model.getAnswer([.user("x")], context: context)
            }
            #expect(short.error?.code == .timeout)
            #expect(short.error?.message.contains("deadline") == true, "\(short.error.map { "\($0)" } ?? "")")
            #expect(short.elapsed < .milliseconds(500) + Self.margin)
        }
    }

    @Test func packetLossIsRecoveredByTCPWithinTheDeadline() async throws {
        let content = String(repeating: "lossy ", count: 40_000)  // 240 KB
        try await Self.inLab(Self.answering(Self.answer(content)), timeouts: Timeouts(total: .seconds(60))) {
            lab, model in
            if NetworkLab.hasNetem {
                try await lab.shapeResponses(["netem", "loss", "15%"])
            } else {
                // A queue shorter than a burst: the kernel drops what overflows it, as a lossy link.
                Self.note("tc netem is not in this kernel: loss made by a tbf queue of 4,500 bytes at 2 Mbit/s")
                try await lab.shapeResponses(["tbf", "rate", "2mbit", "burst", "3000", "limit", "4500"])
            }
            let before = try await lab.retransmittedSegments()
            var answer: LLMResponse?
            let seen = await HostileServerTests.observe("lossy link, 240 KB answer", deadline: .seconds(30)) {
                context in
                answer = try await model.getAnswer([.user("x")], context: context)
            }
            let retransmitted = try await lab.retransmittedSegments() - before
            Self.note("lossy link: the server retransmitted \(retransmitted) segments")
            #expect(seen.error == nil)
            #expect(answer?.content == content)
            #expect(retransmitted > 0, "no packet was lost")
            #expect(seen.elapsed < .seconds(30) + Self.margin)
        }
    }

    @Test func aResetMidBodyFailsOverAndMidStreamKeepsWhatWasDelivered() async throws {
        let backup = try await HostileServerTests.healthyBackup()
        let server = HostileServer { connection in
            let request = try await connection.readRequest()
            if request.contains(#""stream":true"#) {
                try await connection.head([("content-type", "text/event-stream")])
                try await connection.write(
                    #"data: {"id":"c","choices":[{"index":0,"delta":{"content":"half"}}]}"# + "\n\n")
            } else {
                try await connection.head([("content-type", "application/json")], contentLength: 2_000)
                try await connection.write(String(Self.answer("x").prefix(40)))
            }
            try await Task.sleep(for: .milliseconds(50))
            try await connection.reset()  // the RST crosses the veth
        }
        // A reset ends the attempt at once; the bug it guards against waits out the attempt or idle
        // timeout (30 s), so the bound below (15 s) holds on a loaded machine and still tells them apart.
        let timeouts = Timeouts(connect: .seconds(5), attempt: .seconds(30), idle: .seconds(30), total: .seconds(60))
        try await Self.inLab(server, backups: [backup.baseURL], timeouts: timeouts) { _, model in
            var answer: LLMResponse?
            let seen = await HostileServerTests.observe("reset across the veth mid-body, healthy backup") { context in
                answer = try await model.getAnswer([.user("x")], context: context)
            }
            #expect(seen.error == nil)
            #expect(answer?.content == "backup says: x")
            #expect(answer?.attempts == 2)
            #expect(seen.elapsed < .seconds(15))
        }
        // Mid-stream, after "half" reached the caller: interrupted, never replayed elsewhere.
        try await Self.inLab(server, backups: [backup.baseURL], timeouts: timeouts) { _, model in
            var text = ""
            let seen = await HostileServerTests.observe("reset across the veth mid-stream") { context in
                for try await chunk in model.streamAnswer([.user("x")], context: context) {
                    text += chunk.textDelta ?? ""
                }
            }
            #expect(seen.error?.code == .streamInterrupted)
            #expect(seen.error?.partialContent == "half")
            #expect(text == "half")
            #expect(seen.elapsed < .seconds(15))
        }
        try await backup.shutdown()
    }

    @Test func aLinkCutMidBodyFailsOverAtTheAttemptTimeoutAndMidStreamAtTheIdleTimeout() async throws {
        let backup = try await HostileServerTests.healthyBackup()
        let lab = NIOLockedValueBox<NetworkLab?>(nil)
        let server = HostileServer { connection in
            let request = try await connection.readRequest()
            if request.contains(#""stream":true"#) {
                try await connection.head([("content-type", "text/event-stream")])
                try await connection.write(
                    #"data: {"id":"c","choices":[{"index":0,"delta":{"content":"before the cut"}}]}"# + "\n\n")
            } else {
                try await connection.head([("content-type", "application/json")], contentLength: 2_000)
                try await connection.write(String(Self.answer("x").prefix(40)))
            }
            try await Task.sleep(for: .milliseconds(100))
            try await lab.withLockedValue { $0 }?.cut()  // no reset, no FIN: the rest never arrives
            try await Task.sleep(for: .seconds(60))
        }
        // The cut link would hold the attempt for a minute; the attempt timeout ends it.
        try await Self.inLab(
            server, backups: [backup.baseURL], timeouts: HostileServerTests.failoverTimeouts, retries: 0
        ) {
            network, model in
            lab.withLockedValue { $0 = network }
            var answer: LLMResponse?
            let whole = await HostileServerTests.observe(
                "link cut mid-body (attempt timeout 8 s), healthy backup", deadline: HostileServerTests.failoverDeadline
            ) {
                context in
                answer = try await model.getAnswer([.user("x")], context: context)
            }
            // An answer within the deadline at all shows the attempt timeout cut the link; the log
            // shows the failover was on that timeout.
            #expect(whole.error == nil)
            #expect(answer?.content == "backup says: x")
            #expect(whole.logs.contains(HostileServerTests.failedOverOnTimeout), "\(whole.logs)")
        }
        // The attempt timeout bounds the wait for the stream's head and first event: generous, as a
        // ThreadSanitizer run on a loaded machine needed more than 1 s for them.
        let timeouts = Timeouts(connect: .seconds(2), attempt: .seconds(5), idle: .seconds(2), total: .seconds(30))

        // Mid-stream: a fresh lab, the stream's first event delivered, then the cut.
        try await Self.inLab(server, timeouts: timeouts, retries: 0) { network, model in
            lab.withLockedValue { $0 = network }
            var text = ""
            let stream = await HostileServerTests.observe("link cut mid-stream (idle timeout 2 s)") { context in
                for try await chunk in model.streamAnswer([.user("x")], context: context) {
                    text += chunk.textDelta ?? ""
                }
            }
            #expect(stream.error?.code == .streamInterrupted)
            #expect(stream.error?.providerCode == "timeout")
            #expect(stream.error?.partialContent == "before the cut")
            #expect(text == "before the cut")
            #expect(stream.elapsed < .milliseconds(2_100) + Self.margin)
        }
        try await backup.shutdown()
    }

    @Test func aBlackholedBackupCostsItsConnectTimeoutAndTheDeadlineBoundsTheConnect() async throws {
        // The primary answers 503 once, then well; the backup's packets go nowhere.
        let served = NIOLockedValueBox(0)
        let server = HostileServer { connection in
            while !(try await connection.readRequest()).isEmpty {
                if served.withLockedValue({
                    $0 += 1
                    return $0
                }) == 1 {
                    try await connection.json(status: 503, #"{"error":{"message":"busy","code":"503"}}"#)
                } else {
                    try await connection.json(Self.answer("after the blackhole"))
                }
            }
        }
        let timeouts = Timeouts(connect: .seconds(1), attempt: .seconds(5), idle: .seconds(5), total: .seconds(30))
        try await Self.withLab { lab in
            try await server.start(listeningOn: try lab.listeningSocket(), host: lab.serverAddress)
            let blackhole = URL(string: "http://\(lab.blackholeAddress):8080")!
            try await HostileServerTests.withModel(server.baseURL, backups: [blackhole], timeouts: timeouts, retries: 2)
            { model in
                var answer: LLMResponse?
                let seen = await HostileServerTests.observe("primary 503, backup blackholed (connect timeout 1 s)") {
                    context in
                    answer = try await model.getAnswer([.user("x")], context: context)
                }
                #expect(seen.error == nil)
                #expect(answer?.content == "after the blackhole")
                #expect(answer?.attempts == 3)  // primary 503, backup's connect timeout, primary again
                #expect(seen.elapsed > .milliseconds(900))
                #expect(seen.elapsed < .seconds(1) + Self.margin)
            }
            await server.shutdown()

            // Only the blackhole, a 10 s connect timeout and a 1.5 s deadline.
            let long = Timeouts(connect: .seconds(10), attempt: .seconds(10), idle: .seconds(10), total: .seconds(30))
            try await HostileServerTests.withModel(blackhole, timeouts: long, retries: 2) { model in
                let seen = await HostileServerTests.observe(
                    "blackholed endpoint (connect timeout 10 s), deadline 1.5 s", deadline: .milliseconds(1_500)
                ) { context in
                    _ = try await model.getAnswer([.user("x")], context: context)
                }
                #expect(seen.error?.code == .timeout)
                #expect(seen.elapsed < .milliseconds(1_500) + Self.margin)
            }
        }
    }
}
