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
/// upper bound on what the client adds, as it includes the loopback and TLS.
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
                streams: Int(value("--streams") ?? "10000") ?? 10_000, http1: arguments.contains("--http1"))
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

    static func client(url: String, ca: String, streams: Int, http1: Bool) async throws -> String {
        guard let base = URL(string: url) else { throw CancellationError() }
        let configuration = ConnectorConfiguration(
            primary: Endpoint(baseURL: base, style: .openAI, deployment: "gpt-4o", apiKey: APIKey("scale")),
            retry: RetryPolicy(maxRetries: 0),
            timeouts: Timeouts(
                connect: .seconds(120), attempt: .seconds(120), idle: .seconds(60), total: .seconds(600)),
            poolSize: http1 ? streams : 1_000, tls: TLSSettings(additionalTrustRoots: [ca]),
            httpVersion: http1 ? .http1 : .http2)
        return try await withConnector(configuration: configuration) { connector in
            let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
            // One stream first: the code paths and the first connection are warm before the baseline.
            for try await _ in model.streamAnswer("warm up") {}
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
                for _ in 0..<streams {
                    group.addTask {
                        var chunks = 0
                        do {
                            for try await chunk in model.streamAnswer("scale") {
                                guard let text = chunk.textDelta, let stamp = UInt64(text.dropLast()) else { continue }
                                let now = DispatchTime.now().uptimeNanoseconds
                                histogram.record(now > stamp ? now - stamp : 0)
                                chunks += 1
                            }
                            return chunks
                        } catch {
                            return nil
                        }
                    }
                }
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
            let connections = try await serverConnections(base: base, ca: ca)
            let fields: [(String, String)] = [
                ("protocol", http1 ? "\"http/1.1\"" : "\"h2\""), ("streams", "\(streams)"),
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
    }

    /// The connections the server accepted (its `/stats`), less the one that asks.
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
