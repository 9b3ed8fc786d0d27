import Foundation

/// Runs the built `llm` binary as a subprocess.
enum CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `llm` executable next to the test bundle (SwiftPM builds it: the tests depend on it).
    static var executable: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("llm")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/llm")
    }

    /// Runs `llm ARGUMENTS` with `environment` (nothing inherited but PATH and HOME) and optional stdin.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil, stdinData: Data? = nil
    ) async throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        base["HOME"] = ProcessInfo.processInfo.environment["HOME"]
        // Sanitizer settings reach the child too (Scripts/sanitizers.sh sets them).
        for name in ["ASAN_OPTIONS", "TSAN_OPTIONS", "LSAN_OPTIONS"] {
            base[name] = ProcessInfo.processInfo.environment[name]
        }
        process.environment = base.merging(environment) { _, new in new }
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        let finished = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { process in
            finished.continuation.yield(process.terminationStatus)
            finished.continuation.finish()
        }
        try process.run()
        if let data = stdinData ?? stdin.map({ Data($0.utf8) }) { input.fileHandleForWriting.write(data) }
        try input.fileHandleForWriting.close()
        // Read both pipes on Dispatch threads, never on the cooperative pool: blocking reads there
        // would starve the in-process simulator the child is talking to.
        async let out = readToEnd(output)
        async let err = readToEnd(errors)
        var status: Int32 = -1
        for await value in finished.stream { status = value }
        return Result(
            status: status, stdout: String(decoding: await out, as: UTF8.self),
            stderr: String(decoding: await err, as: UTF8.self))
    }

    private static func readToEnd(_ pipe: Pipe) async -> Data {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: pipe.fileHandleForReading.readDataToEndOfFile())
            }
        }
    }
}
