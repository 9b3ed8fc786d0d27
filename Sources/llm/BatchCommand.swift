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
            "latency_ms", "endpoint"} or {"id", "ok": false, "error": {"code", "message"}}. Ids already ok in
            an existing output are skipped. Keys never reach the output: they are masked in every line.
            Exit status: 0 when every line succeeded, 2 when the batch ran but some lines failed (their
            output lines say why; rerun to retry them), 1 when the batch could not run.
            """)

    @OptionGroup var endpoint: EndpointOptions

    @OptionGroup var state: StateOptions

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

    /// Runs the batch; returns how many lines failed.
    private func batch() async throws -> Int {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        for (flag, value) in [("--rpm", rpm), ("--tpm", tpm)] {
            if let value, value < 1 { throw ValidationError("\(flag) must be at least 1") }
        }
        guard let inputData = FileManager.default.contents(atPath: input) else {
            throw LLMError(
                code: .invalidConfiguration, message: "cannot read the input file '\(input)'", parameter: "INPUT")
        }
        let environment = ProcessInfo.processInfo.environment
        let store = try await state.open()
        // A router file routes every line (its deployments carry their own limits).
        let router = try await endpoint.router(environment, stateStore: store)
        defer { if let router { Task { try? await router.shutdown() } } }
        var configuration: ConnectorConfiguration?
        if router == nil {
            configuration = try endpoint.configuration(environment)
            configuration?.primary.rateLimits = RateLimits(requestsPerMinute: rpm, tokensPerMinute: tpm)
            if let store { configuration?.rateLimitStore = store }
        }
        let done = Self.completedIds(output)
        try Self.keepOnlyCompleted(output)
        let lines = BatchLine.parse(inputData)
        let writer = try BatchWriter(path: output)
        var pending: [(line: BatchLine, request: LLMRequest)] = []
        var connectors: [String: Connector] = [:]
        defer { for connector in connectors.values { Task { try? await connector.shutdown() } } }
        var progress = BatchProgress(total: lines.count - lines.filter { done.contains($0.id) }.count)
        for line in lines where !done.contains(line.id) {
            switch line.content {
            case .failure(let error):
                try writer.write(BatchLine.errorLine(id: line.id, error))
                progress.record(ok: false)
            case .success(let content):
                let modelName = try content.model ?? endpoint.modelName(environment)
                let model: any LLM
                do {
                    if let router {
                        model = router
                    } else if let configuration {
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
                        model = try LLMFactory.make(metadata: metadata, connector: connector)
                    } else {
                        continue
                    }
                } catch {
                    // This line's model cannot be used here (another provider's, say): its line says why.
                    try writer.write(BatchLine.errorLine(id: line.id, LLMError(wrapping: error)))
                    progress.record(ok: false)
                    continue
                }
                pending.append(
                    (
                        line,
                        LLMRequest(
                            model: model, messages: content.messages, options: content.options,
                            context: RequestContext(requestId: "batch-\(line.id)"))
                    ))
            }
        }
        let pool = LLMPool(maxConcurrent: concurrency)
        for await (index, result) in pool.stream(pending.map(\.request)) {
            let line = pending[index].line
            switch result {
            case .success(let response): try writer.write(BatchLine.okLine(id: line.id, response))
            case .failure(let error): try writer.write(BatchLine.errorLine(id: line.id, error))
            }
            progress.record(ok: (try? result.get()) != nil)
        }
        progress.finish()
        for connector in connectors.values { try await connector.shutdown() }
        connectors.removeAll()
        try? await store?.shutdown()
        return progress.errors
    }

    /// The ids already answered successfully in an existing output file.
    static func completedIds(_ path: String) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var ids = Set<String>()
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let object = try? JSONValue(parsing: Data(line)), object["ok"] == .bool(true),
                let id = object["id"]?.stringValue
            else { continue }
            ids.insert(id)
        }
        return ids
    }

    /// Rewrites an existing output keeping only successful lines (failed ones will be retried), atomically.
    static func keepOnlyCompleted(_ path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let kept = data.split(separator: UInt8(ascii: "\n")).filter { line in
            (try? JSONValue(parsing: Data(line)))?["ok"] == .bool(true)
        }
        var text = Data()
        for line in kept {
            text.append(contentsOf: line)
            text.append(UInt8(ascii: "\n"))
        }
        try text.write(to: URL(fileURLWithPath: path), options: .atomic)
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
