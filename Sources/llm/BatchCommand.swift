import ArgumentParser
import Foundation
import LLMSharedState
import SwiftLLM

/// `llm batch INPUT.jsonl --output OUT.jsonl`: many prompts through the pool, resumable.
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Run a JSONL file of prompts in parallel; rerun with the same --output to resume.",
        discussion: """
            Input lines: {"id": "...", "prompt": "..."} or {"id": "...", "messages": [...]}, optional "model",
            "max_tokens", "temperature". Output: one line per input, {"id", "ok": true, "content", "usage",
            "latency_ms", "endpoint"} (and "cache_hit": true for an answer from --cache) or {"id", "ok": false,
            "error": {"code", "message"}}. Ids already ok in
            an existing output are skipped. Keys never reach the output: they are masked in every line.
            Exit status: 0 when every line succeeded, 2 when the batch ran but some lines failed (their
            output lines say why; rerun to retry them), 1 when the batch could not run.
            """)

    @OptionGroup var endpoint: EndpointOptions

    @OptionGroup var state: StateOptions

    @OptionGroup var responseCache: CacheOptions

    @Argument(help: "The input JSONL file.")
    var input: String

    @Option(help: "The output JSONL file (appended to; ids already ok are skipped).")
    var output: String

    @Option(help: "Requests in flight at once.")
    var concurrency: Int = 8

    @Option(help: "Requests per minute allowed per endpoint.")
    var rpm: Int?

    @Option(help: "Tokens per minute allowed per endpoint (prompt estimate + max output, settled with usage).")
    var tpm: Int?

    @Option(
        name: .customLong("max-line-bytes"),
        help: "The longest input line read (default 16 MiB); a longer line is that line's error, never held in memory.")
    var maxLineBytes: Int = 16 * 1024 * 1024

    func run() async throws {
        Redactor.shared.add(endpoint.secrets)
        let failed: Int
        do {
            failed = try await batch()
        } catch let error as ValidationError {
            throw error
        } catch {
            CLIFailure.exit(error, secrets: endpoint.secrets + state.secrets)
        }
        if failed > 0 {
            FileHandle.standardError.write(Data("[batch] \(failed) line(s) failed; rerun to retry them\n".utf8))
            throw ExitCode(2)
        }
    }

    /// Runs the batch; returns how many lines failed. The input is read one line at a time, and at
    /// most `--concurrency` lines are in flight: memory is bounded by the concurrency and
    /// `--max-line-bytes`, not by the file.
    private func batch() async throws -> Int {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        for (flag, value) in [("--rpm", rpm), ("--tpm", tpm)] {
            if let value, value < 1 { throw ValidationError("\(flag) must be at least 1") }
        }
        guard maxLineBytes >= 1 else { throw ValidationError("--max-line-bytes must be at least 1") }
        try Self.refuseSameFile(input: input, output: output)
        var reader = try BatchReader(path: input, maxLineBytes: maxLineBytes)
        defer { reader.close() }
        let environment = ProcessInfo.processInfo.environment
        let store = try await state.open()
        let cache = try await responseCache.open()
        defer { if let cache { Task { await cache.close() } } }
        // A router file routes every line (its deployments carry their own limits).
        let router = try await endpoint.router(environment, stateStore: store)
        defer { if let router { Task { try? await router.shutdown() } } }
        var configuration: ConnectorConfiguration?
        if router == nil {
            configuration = try await endpoint.configuration(environment)
            configuration?.primary.rateLimits = RateLimits(requestsPerMinute: rpm, tokensPerMinute: tpm)
            if let store { configuration?.rateLimitStore = store }
        }
        let done = try Self.completedIds(output, maxLineBytes: maxLineBytes)
        try Self.keepOnlyCompleted(output, maxLineBytes: maxLineBytes)
        let writer = try BatchWriter(path: output)
        var connectors: [String: Connector] = [:]
        defer { for connector in connectors.values { Task { try? await connector.shutdown() } } }
        var progress = BatchProgress(total: try Self.lineCount(input) - done.count)
        var seen = Set<String>()
        /// The model of a line, or the error that makes the line fail without a request.
        func model(for content: BatchLine.Content) throws -> any LLM {
            let model = try uncachedModel(for: content)
            return cache?.wrap(model) ?? model
        }
        func uncachedModel(for content: BatchLine.Content) throws -> any LLM {
            if let router { return router }
            guard let configuration else { throw LLMError(code: .invalidConfiguration, message: "no endpoint") }
            let modelName = try content.model ?? endpoint.modelName(environment)
            let connector: Connector
            if let existing = connectors[modelName] {
                connector = existing
            } else {
                var perModel = configuration
                if content.model != nil { perModel.primary.deployment = modelName }
                connector = try Connector(configuration: perModel)
                connectors[modelName] = connector
            }
            var metadata = ModelCatalog.metadata(for: modelName, style: connector.endpoints[0].style)
            metadata.deployment = connector.endpoints[0].deployment
            return try LLMFactory.make(metadata: metadata, connector: connector)
        }
        try await withThrowingTaskGroup(of: (String, Result<LLMResponse, LLMError>).self) { group in
            var inFlight = 0
            func record(_ id: String, _ result: Result<LLMResponse, LLMError>) throws {
                switch result {
                case .success(let response): try writer.write(BatchLine.okLine(id: id, response))
                case .failure(let error): try writer.write(BatchLine.errorLine(id: id, error))
                }
                progress.record(ok: (try? result.get()) != nil)
            }
            while let raw = try reader.next() {
                guard let line = BatchLine.parse(raw, maxBytes: maxLineBytes, seen: &seen), !done.contains(line.id)
                else { continue }
                let content: BatchLine.Content
                let lineModel: any LLM
                do {
                    content = try line.content.get()
                    lineModel = try model(for: content)
                } catch {
                    // A malformed line, or a model that cannot be used here: its line says why.
                    try record(line.id, .failure(LLMError(wrapping: error)))
                    continue
                }
                let context = RequestContext(requestId: "batch-\(line.id)")
                group.addTask {
                    do {
                        let response = try await lineModel.getAnswer(
                            content.messages, context: context, options: content.options)
                        return (line.id, .success(response))
                    } catch {
                        return (line.id, .failure(LLMError(wrapping: error)))
                    }
                }
                inFlight += 1
                if inFlight >= concurrency, let (id, result) = try await group.next() {
                    inFlight -= 1
                    try record(id, result)
                }
            }
            while let (id, result) = try await group.next() { try record(id, result) }
        }
        progress.finish()
        for connector in connectors.values { try await connector.shutdown() }
        connectors.removeAll()
        try? await store?.shutdown()
        return progress.errors
    }

    /// Refuses an output that is the input itself — by name, through a symbolic link, by another
    /// spelling of the path, or as a hard link — before anything is written.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`).
    static func refuseSameFile(input: String, output: String) throws {
        func resolved(_ path: String) -> String {
            URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        }
        func identity(_ path: String) -> [Int]? {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let device = (attributes[.systemNumber] as? NSNumber)?.intValue,
                let inode = (attributes[.systemFileNumber] as? NSNumber)?.intValue
            else { return nil }
            return [device, inode]
        }
        let same = resolved(input) == resolved(output) || (identity(input).map { $0 == identity(output) } ?? false)
        guard same else { return }
        throw LLMError(
            code: .invalidConfiguration,
            message: "--output '\(output)' is the input file '\(input)': the results would replace the input",
            hint: "write the results to another file", parameter: "--output")
    }

    /// The number of non-empty lines of `path`, counted in bounded memory.
    static func lineCount(_ path: String) throws -> Int {
        var reader = try BatchReader(path: path, maxLineBytes: 0)
        defer { reader.close() }
        var count = 0
        while let line = try reader.next() {
            if line.length > 0 { count += 1 }
        }
        return count
    }

    /// The ids already answered successfully in an existing output file, read line by line.
    static func completedIds(_ path: String, maxLineBytes: Int) throws -> Set<String> {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        var reader = try BatchReader(path: path, maxLineBytes: maxLineBytes)
        defer { reader.close() }
        var ids = Set<String>()
        while let line = try reader.next() {
            guard let bytes = line.bytes, let object = try? JSONValue(parsing: Data(bytes)),
                object["ok"] == .bool(true), let id = object["id"]?.stringValue
            else { continue }
            ids.insert(id)
        }
        return ids
    }

    /// Rewrites an existing output keeping only successful lines (failed ones will be retried):
    /// line by line into a file beside it, then moved over it.
    static func keepOnlyCompleted(_ path: String, maxLineBytes: Int) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        var reader = try BatchReader(path: path, maxLineBytes: maxLineBytes)
        defer { reader.close() }
        let kept = path + ".kept-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: kept, contents: nil),
            let handle = FileHandle(forWritingAtPath: kept)
        else {
            throw LLMError(
                code: .invalidConfiguration, message: "cannot write beside the output file '\(path)'",
                parameter: "--output")
        }
        do {
            while let line = try reader.next() {
                guard let bytes = line.bytes, (try? JSONValue(parsing: Data(bytes)))?["ok"] == .bool(true) else {
                    continue
                }
                try handle.write(contentsOf: Data(bytes + [0x0A]))
            }
            try handle.close()
            // rename(2): atomic in one folder (Foundation's replaceItemAt fails on Linux).
            guard rename(kept, path) == 0 else {
                throw LLMError(
                    code: .invalidConfiguration, message: "cannot replace the output file '\(path)' (errno \(errno))",
                    parameter: "--output")
            }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: kept)
            throw error
        }
    }
}

/// Appends result lines to the output file, each written through at once (a kill loses nothing done).
final class BatchWriter {
    private let handle: FileHandle

    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw LLMError(
                    code: .invalidConfiguration, message: "cannot create the output file '\(path)'",
                    parameter: "--output")
            }
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
    }

    /// Appends a line, with every secret masked.
    func write(_ line: String) throws {
        try handle.write(contentsOf: Data((Redactor.shared.mask(line) + "\n").utf8))
    }

    deinit {
        try? handle.close()
    }
}

/// Progress on stderr: done/total, rate and errors, at most once a second and at the end.
struct BatchProgress {
    let total: Int
    let start = ContinuousClock.now
    var done = 0
    var errors = 0
    var lastPrint = ContinuousClock.now

    init(total: Int) {
        self.total = total
    }

    mutating func record(ok: Bool) {
        done += 1
        if !ok { errors += 1 }
        if ContinuousClock.now - lastPrint >= .seconds(1) { report() }
    }

    mutating func finish() {
        report()
    }

    private mutating func report() {
        lastPrint = .now
        let elapsed = ContinuousClock.now - start
        let seconds = max(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 0.001)
        let line = String(
            format: "[batch] %d/%d done, %.1f req/s, %d errors\n", done, total, Double(done) / seconds, errors)
        FileHandle.standardError.write(Data(line.utf8))
    }
}
