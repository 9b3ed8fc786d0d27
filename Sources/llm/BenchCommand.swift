import ArgumentParser
import Foundation
import LLMSharedState
import SwiftLLM

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `llm bench`: drives the library (getAnswer or streamAnswer through the normal connector path)
/// against an endpoint and reports throughput, latency percentiles, CPU and memory.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure the library against an endpoint (a local server, for figures).")

    /// The same endpoint flags, environment and TLS options as `llm chat` (`--ca-file`,
    /// `SSL_CERT_FILE`, `--http1`/`--http2`, ...), with the bench's defaults: provider `openai`,
    /// model `gpt-4o`, and the key `bench` unless `--api-key` or a config file gives one.
    @OptionGroup var endpoint: EndpointOptions
    @Option(help: "Requests to send.") var requests: Int = 1_000
    @Option(help: "Requests in flight at once.") var concurrency: Int = 16
    @Flag(help: "Use streamAnswer and count chunks.") var stream = false
    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: "Requests per minute the connector admits (each request reserves from the store).") var rpm: Int?
    @OptionGroup var state: StateOptions
    /// `--cache`: every request after the first is then a hit (one prompt), so the figures are a
    /// hit's cost.
    @OptionGroup var responseCache: CacheOptions
    @Flag(
        name: .customLong("store-only"),
        help:
            "Measure only the rate-limit store (--state, else in memory): --requests reserve+settle pairs one after another, then at --concurrency; no HTTP."
    )
    var storeOnly = false

    func run() async throws {
        guard requests > 0, concurrency > 0, (rpm ?? 1) > 0 else {
            throw ValidationError("--requests, --concurrency and --rpm must be positive")
        }
        guard storeOnly || endpoint.endpoint != nil || endpoint.config != nil else {
            throw ValidationError("--endpoint (or --config) is required, or --store-only")
        }
        do {
            let store = try await state.open()
            if storeOnly {
                let figures = try await StoreBench.measure(
                    store ?? InMemoryRateLimitStore(), pairs: requests, concurrency: concurrency)
                try? await store?.shutdown()
                Console.line(json ? figures.json : figures.text)
                return
            }
            let result = try await measure(store: store)
            try? await store?.shutdown()
            Console.line(json ? result.json : result.text)
        } catch let error as ValidationError {
            throw error
        } catch {
            CLIFailure.exit(error, secrets: endpoint.secrets + state.secrets)
        }
    }

    private func measure(store: (any RateLimitStore)?) async throws -> BenchResult {
        var options = endpoint
        if options.provider == nil && options.config == nil { options.provider = "openai" }
        if options.model == nil && options.deployment == nil { options.model = "gpt-4o" }
        // A local server takes any key; a real endpoint's comes with --api-key (or a config file).
        if options.apiKey == nil && options.config == nil { options.apiKey = "bench" }
        var configuration = try await options.configuration()
        configuration.poolSize = max(concurrency, 1)
        configuration.allowInsecureHTTP = true
        if let rpm { configuration.primary.rateLimits = RateLimits(requestsPerMinute: rpm) }
        if let store { configuration.rateLimitStore = store }
        let metadata = try options.metadata(ProcessInfo.processInfo.environment, style: configuration.primary.style)
        let api = try options.wireAPI()
        return try await withConnector(configuration: configuration) { connector in
            try await responseCache.withCache(try LLMFactory.make(metadata: metadata, connector: connector, api: api)) {
                try await measure(model: $0)
            }
        }
    }

    private func measure(model: any LLM) async throws -> BenchResult {
        // One request first, so connection setup is not measured.
        _ = try await Self.one(model, stream: stream)
        let cpuBefore = Self.cpuSeconds()
        let start = ContinuousClock.now
        let samples = try await withThrowingTaskGroup(of: [Sample].self) { group in
            let perWorker = requests / concurrency
            let remainder = requests % concurrency
            for worker in 0..<concurrency {
                let count = perWorker + (worker < remainder ? 1 : 0)
                group.addTask { [stream] in
                    var samples: [Sample] = []
                    samples.reserveCapacity(count)
                    for _ in 0..<count { samples.append(try await Self.one(model, stream: stream)) }
                    return samples
                }
            }
            var all: [Sample] = []
            for try await part in group { all += part }
            return all
        }
        let wall = Self.seconds(ContinuousClock.now - start)
        let cpu = Self.cpuSeconds() - cpuBefore
        return BenchResult(
            requests: requests, concurrency: concurrency, stream: stream, wallSeconds: wall, cpuSeconds: cpu,
            samples: samples, peakRSSBytes: Self.peakRSS())
    }

    struct Sample: Sendable {
        var latency: Double
        var firstToken: Double?
        var chunks: Int
    }

    private static func one(_ model: any LLM, stream: Bool) async throws -> Sample {
        let start = ContinuousClock.now
        guard stream else {
            _ = try await model.getAnswer("benchmark")
            return Sample(latency: seconds(ContinuousClock.now - start), firstToken: nil, chunks: 0)
        }
        var first: Double?
        var chunks = 0
        for try await chunk in model.streamAnswer("benchmark") {
            chunks += 1
            if first == nil, chunk.textDelta != nil { first = seconds(ContinuousClock.now - start) }
        }
        return Sample(latency: seconds(ContinuousClock.now - start), firstToken: first, chunks: chunks)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func resourceUsage() -> rusage {
        var usage = rusage()
        #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        return usage
    }

    static func cpuSeconds() -> Double {
        let usage = resourceUsage()
        func value(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return value(usage.ru_utime) + value(usage.ru_stime)
    }

    static func peakRSS() -> Int {
        #if os(Linux)
            return resourceUsage().ru_maxrss * 1024  // kilobytes on Linux
        #else
            return resourceUsage().ru_maxrss
        #endif
    }
}

/// The figures of one `llm bench` run.
struct BenchResult {
    var requests: Int
    var concurrency: Int
    var stream: Bool
    var wallSeconds: Double
    var cpuSeconds: Double
    var samples: [BenchCommand.Sample]
    var peakRSSBytes: Int

    var requestsPerSecond: Double { Double(requests) / wallSeconds }
    var chunks: Int { samples.reduce(0) { $0 + $1.chunks } }

    func percentile(_ p: Double, _ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    var figures: [(String, JSONValue)] {
        let latencies = samples.map(\.latency)
        let firstTokens = samples.compactMap(\.firstToken)
        var list: [(String, JSONValue)] = [
            ("requests", .int(requests)), ("concurrency", .int(concurrency)), ("stream", .bool(stream)),
            ("requests_per_second", .double(requestsPerSecond)),
            ("p50_ms", .double(percentile(0.5, latencies) * 1000)),
            ("p90_ms", .double(percentile(0.9, latencies) * 1000)),
            ("p99_ms", .double(percentile(0.99, latencies) * 1000)), ("cpu_seconds", .double(cpuSeconds)),
            ("cpu_us_per_request", .double(cpuSeconds / Double(requests) * 1e6)),
            ("peak_rss_mb", .double(Double(peakRSSBytes) / 1_048_576)),
        ]
        if stream {
            list.append(("ttft_p50_ms", .double(percentile(0.5, firstTokens) * 1000)))
            list.append(("chunks", .int(chunks)))
            list.append(("cpu_us_per_chunk", .double(chunks > 0 ? cpuSeconds / Double(chunks) * 1e6 : 0)))
        }
        return list
    }

    var json: String {
        JSONValue.object(Dictionary(uniqueKeysWithValues: figures)).jsonString
    }

    var text: String {
        figures.map { name, value in
            switch value {
            case .double(let number): "\(name): \(String(format: "%.2f", number))"
            default: "\(name): \(value.jsonString)"
            }
        }.joined(separator: "\n")
    }
}
