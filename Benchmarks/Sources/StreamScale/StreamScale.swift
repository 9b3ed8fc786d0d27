import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import SwiftLLM

#if canImport(Glibc)
    import Glibc
#endif

/// The 10,000-stream benchmark (issue 32): `StreamScale serve` runs the pacing server (its own
/// process, so its memory and CPU are not the client's); `StreamScale client` holds `--streams`
/// concurrent streams through one connector against it, over HTTP/2 or HTTP/1.1, and prints one
/// JSON object: streams completed and failed, the slowest stream's chunk count, peak RSS and the
/// growth per open stream, CPU, the connections the server accepted, and the delay from the
/// server writing each chunk to the consumer's `for await` receiving it (p50, p99, max) — an
/// upper bound on what the client adds, as it includes the loopback and TLS. `--raw` runs the same
/// streams through a bare AsyncHTTPClient (the transport alone, events found by a byte scan), the
/// baseline the library's own share is measured against.
@main
struct StreamScale {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        func value(_ name: String) -> String? {
            arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
        }
        raiseFileLimit()
        switch arguments.first {
        case "serve":
            let server = try await PacingServer(
                tokens: Int(value("--tokens") ?? "200") ?? 200,
                interval: .milliseconds(Int64(value("--interval-ms") ?? "50") ?? 50))
            try await server.run(
                port: Int(value("--port") ?? "18443") ?? 18443, certificate: value("--cert") ?? "server.pem",
                key: value("--key") ?? "server.key",
                maxConcurrentStreams: Int(value("--max-streams") ?? "100") ?? 100)
        case "client":
            let figures = try await client(
                url: value("--url") ?? "https://127.0.0.1:18443/v1", ca: value("--ca") ?? "ca.pem",
                streams: Int(value("--streams") ?? "10000") ?? 10_000, http1: arguments.contains("--http1"),
                raw: arguments.contains("--raw"))
            print(figures)
        default:
            print("usage: StreamScale serve|client [options]")
        }
    }

    /// Raises the open-file limit to its hard limit (HTTP/1.1 needs a socket per stream).
    static func raiseFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
            let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func value(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return value(usage.ru_utime) + value(usage.ru_stime)
    }

    /// Delays in 0.1 ms buckets up to 10 s.
    final class DelayHistogram: Sendable {
        private let buckets = NIOLockedValueBox([Int](repeating: 0, count: 100_001))

        func record(_ nanoseconds: UInt64) {
            let bucket = min(Int(nanoseconds / 100_000), 100_000)
            buckets.withLockedValue { $0[bucket] += 1 }
        }

        func percentile(_ p: Double) -> Double {
            buckets.withLockedValue { buckets in
                let total = buckets.reduce(0, +)
                guard total > 0 else { return 0 }
                let target = Int((Double(total) * p).rounded(.up))
                var seen = 0
                for (index, count) in buckets.enumerated() {
                    seen += count
                    if seen >= target { return Double(index + 1) / 10 }
                }
                return 10_000
            }
        }

        var count: Int { buckets.withLockedValue { $0.reduce(0, +) } }
    }

    /// What one stream does with each chunk's text: the delay since the server stamped it.
    static func record(_ text: Substring, into histogram: DelayHistogram) -> Bool {
        guard let stamp = UInt64(text) else { return false }
        let now = DispatchTime.now().uptimeNanoseconds
        histogram.record(now > stamp ? now - stamp : 0)
        return true
    }

    /// Runs `streams` streams with `stream` (the chunks it received, nil when it failed) and
    /// measures them.
    static func measure(
        _ label: String, streams: Int, base: URL, ca: String,
        warmUp: () async throws -> Void, stream: @escaping @Sendable (DelayHistogram) async -> Int?
    ) async throws -> String {
        try await warmUp()
        // The server counts every connection since it started (other runs' too): this run's are
        // the difference, less the one that asks.
        let connectionsBefore = try await serverConnections(base: base, ca: ca)
        let histogram = DelayHistogram()
        let baseline = residentBytes()
        let peak = NIOLockedValueBox(baseline)
        let sampler = Task {
            while !Task.isCancelled {
                let now = residentBytes()
                peak.withLockedValue { $0 = max($0, now) }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        let cpuBefore = cpuSeconds()
        let start = ContinuousClock.now
        let outcomes = await withTaskGroup(of: Int?.self) { group in
            for _ in 0..<streams { group.addTask { await stream(histogram) } }
            var results: [Int?] = []
            results.reserveCapacity(streams)
            for await outcome in group { results.append(outcome) }
            return results
        }
        let wall = ContinuousClock.now - start
        let cpu = cpuSeconds() - cpuBefore
        sampler.cancel()
        let peakBytes = peak.withLockedValue { $0 }
        let completed = outcomes.compactMap { $0 }
        let connections = try await serverConnections(base: base, ca: ca) - connectionsBefore - 1
        let fields: [(String, String)] = [
            ("client", "\"\(label)\""), ("streams", "\(streams)"),
            ("completed", "\(completed.count)"), ("failed", "\(streams - completed.count)"),
            ("fewest_chunks", "\(completed.min() ?? 0)"), ("chunks", "\(histogram.count)"),
            (
                "wall_seconds",
                String(format: "%.2f", Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18)
            ),
            ("cpu_seconds", String(format: "%.2f", cpu)),
            ("cpu_us_per_chunk", String(format: "%.2f", cpu / Double(max(histogram.count, 1)) * 1e6)),
            ("baseline_rss_mb", String(format: "%.1f", Double(baseline) / 1_048_576)),
            ("peak_rss_mb", String(format: "%.1f", Double(peakBytes) / 1_048_576)),
            ("kb_per_stream", String(format: "%.1f", Double(peakBytes - baseline) / 1024 / Double(streams))),
            ("connections", "\(connections)"),
            ("delay_p50_ms", String(format: "%.1f", histogram.percentile(0.5))),
            ("delay_p99_ms", String(format: "%.1f", histogram.percentile(0.99))),
            ("delay_max_ms", String(format: "%.1f", histogram.percentile(1.0))),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// The same streams through bare `HTTPClient`s (HTTP/2 by ALPN unless `http1`). One client
    /// holds one HTTP/2 connection and queues what the server's stream limit (100) leaves over —
    /// until its connect timeout fails them — so over HTTP/2 the streams go round-robin over one
    /// client per 100 streams, as the connector's lanes spread them.
    static func rawClient(url: URL, ca: String, streams: Int, http1: Bool) async throws -> String {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(ca)
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, timeout: .init(connect: .seconds(120), read: .seconds(60)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: streams))
        configuration.httpVersion = http1 ? .http1Only : .automatic
        let clients = (0..<(http1 ? 1 : (streams + 99) / 100)).map { _ in
            HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        }
        let next = NIOLockedValueBox(0)
        let target = url.appendingPathComponent("chat/completions").absoluteString
        let body = #"{"model":"gpt-4o","messages":[{"role":"user","content":"scale"}],"stream":true}"#
        @Sendable func one(_ histogram: DelayHistogram?) async throws -> Int {
            var request = HTTPClientRequest(url: target)
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
            let client = next.withLockedValue { index in
                defer { index += 1 }
                return clients[index % clients.count]
            }
            let response = try await client.execute(request, timeout: .seconds(600))
            var chunks = 0
            var pending = ""
            for try await buffer in response.body {
                pending += String(buffer: buffer)
                while let end = pending.range(of: "\n\n") {
                    let event = pending[..<end.lowerBound]
                    pending = String(pending[end.upperBound...])
                    // The chunk's text: between `"content":"` and its trailing space.
                    guard let histogram, let open = event.range(of: #""content":""#),
                        let close = event[open.upperBound...].firstIndex(of: " ")
                    else { continue }
                    if record(event[open.upperBound..<close], into: histogram) { chunks += 1 }
                }
            }
            return chunks
        }
        do {
            let figures = try await measure(
                http1 ? "raw-ahc-http1" : "raw-ahc-h2", streams: streams, base: url, ca: ca,
                warmUp: { _ = try await one(nil) },
                stream: { histogram in try? await one(histogram) })
            for client in clients { try await client.shutdown() }
            return figures
        } catch {
            for client in clients { try? await client.shutdown() }
            throw error
        }
    }

    static func client(url: String, ca: String, streams: Int, http1: Bool, raw: Bool) async throws -> String {
        guard let base = URL(string: url) else { throw CancellationError() }
        if raw { return try await rawClient(url: base, ca: ca, streams: streams, http1: http1) }
        let configuration = ConnectorConfiguration(
            primary: Endpoint(baseURL: base, style: .openAI, deployment: "gpt-4o", apiKey: APIKey("scale")),
            retry: RetryPolicy(maxRetries: 0),
            timeouts: Timeouts(
                connect: .seconds(120), attempt: .seconds(120), idle: .seconds(60), total: .seconds(600)),
            poolSize: http1 ? streams : 1_000, tls: TLSSettings(additionalTrustRoots: [ca]),
            httpVersion: http1 ? .http1 : .http2)
        return try await withConnector(configuration: configuration) { connector in
            let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
            return try await measure(
                http1 ? "swift-llm-http1" : "swift-llm-h2", streams: streams, base: base, ca: ca,
                warmUp: { for try await _ in model.streamAnswer("warm up") {} },
                stream: { histogram in
                    var chunks = 0
                    do {
                        for try await chunk in model.streamAnswer("scale") {
                            if let text = chunk.textDelta, record(text.dropLast(), into: histogram) { chunks += 1 }
                        }
                        return chunks
                    } catch {
                        return nil
                    }
                })
        }
    }

    /// The connections the server accepted since it started (its `/stats`), less the one that asks.
    static func serverConnections(base: URL, ca: String) async throws -> Int {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(ca)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        defer { _ = client.shutdown() }
        var request = HTTPClientRequest(url: base.appendingPathComponent("stats").absoluteString)
        request.method = .GET
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 4096)
        let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        return ((object?["connections"] as? Int) ?? 0) - 1
    }
}
