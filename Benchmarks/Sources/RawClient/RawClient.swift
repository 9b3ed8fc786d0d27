import AsyncHTTPClient
import Foundation
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// The smallest honest client: AsyncHTTPClient plus Codable, no retries, no validation, no events.
/// Its transport is configured as the connector configures its own (connect and read timeouts, no
/// decompression, no redirects, HTTP/1.1, no tracer when none is bootstrapped), so the difference to
/// the library is the library's own work. With `defaults`, it uses AsyncHTTPClient's default
/// configuration instead: what a client written without that tuning gets.
/// Usage: RawClient URL REQUESTS CONCURRENCY [stream] [defaults]
@main
struct RawClient {
    struct Completion: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable { let content: String? }
            let message: Message
        }
        let choices: [Choice]
    }

    struct Chunk: Decodable {
        struct Choice: Decodable {
            struct Delta: Decodable { let content: String? }
            let delta: Delta?
        }
        let choices: [Choice]
    }

    static func main() async throws {
        let arguments = CommandLine.arguments
        let url = arguments[1]
        let requests = Int(arguments[2])!
        let concurrency = Int(arguments[3])!
        let stream = arguments.dropFirst(4).contains("stream")
        let defaults = arguments.dropFirst(4).contains("defaults")
        var pool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        pool.retryConnectionEstablishment = false
        var configuration = HTTPClient.Configuration(connectionPool: pool)
        if !defaults {
            // Connector.clientConfiguration's settings with the default Timeouts (nothing is bootstrapped
            // here, so no tracer).
            configuration = HTTPClient.Configuration(
                redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10), read: .seconds(60)),
                connectionPool: pool, decompression: .disabled)
            configuration.httpVersion = .http1Only
            configuration.tracing.tracer = nil
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let body =
            #"{"model":"gpt-4o","messages":[{"role":"user","content":"benchmark"}]"#
            + (stream ? #","stream":true}"# : "}")
        let cpuStart = cpuSeconds()
        let start = ContinuousClock.now
        let chunks = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<concurrency {
                let count = requests / concurrency + (worker < requests % concurrency ? 1 : 0)
                group.addTask {
                    var chunks = 0
                    for _ in 0..<count { chunks += try await one(client, url: url, body: body, stream: stream) }
                    return chunks
                }
            }
            var total = 0
            for try await value in group { total += value }
            return total
        }
        let elapsed = ContinuousClock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpu = cpuSeconds() - cpuStart
        try await client.shutdown()
        print(
            #"{"requests_per_second": \#(Double(requests) / wall), "cpu_seconds": \#(cpu), "cpu_us_per_request": \#(cpu / Double(requests) * 1e6), "chunks": \#(chunks), "cpu_us_per_chunk": \#(chunks > 0 ? cpu / Double(chunks) * 1e6 : 0), "peak_rss_mb": \#(peakRSSMegabytes())}"#
        )
    }

    static func one(_ client: HTTPClient, url: String, body: String, stream: Bool) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "authorization", value: "Bearer bench")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(30))
        let decoder = JSONDecoder()
        guard stream else {
            let buffer = try await response.body.collect(upTo: 1 << 20)
            _ = try decoder.decode(Completion.self, from: Data(buffer.readableBytesView))
            return 0
        }
        var pending = Data()
        var chunks = 0
        for try await buffer in response.body {
            pending.append(contentsOf: buffer.readableBytesView)
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = pending[pending.startIndex..<newline]
                pending.removeSubrange(pending.startIndex...newline)
                guard line.starts(with: Array("data: ".utf8)) else { continue }
                let payload = line.dropFirst(6)
                if payload.elementsEqual("[DONE]".utf8) { continue }
                _ = try decoder.decode(Chunk.self, from: Data(payload))
                chunks += 1
            }
        }
        return chunks
    }

    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
