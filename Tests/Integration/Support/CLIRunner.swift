import Foundation
import TestSupport

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

    /// Runs `llm ARGUMENTS` (or `program`, found on PATH, with them) with `environment` (nothing
    /// inherited but PATH and HOME) and optional stdin.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil, stdinData: Data? = nil,
        program: String? = nil
    ) async throws -> Result {
        var base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        base["HOME"] = ProcessInfo.processInfo.environment["HOME"]
        // Sanitizer settings reach the child too (Scripts/sanitizers.sh sets them).
        for name in ["ASAN_OPTIONS", "TSAN_OPTIONS", "LSAN_OPTIONS"] {
            base[name] = ProcessInfo.processInfo.environment[name]
        }
        let result = try await Subprocess.run(
            program == nil ? executable : URL(fileURLWithPath: "/usr/bin/env"),
            (program.map { [$0] } ?? []) + arguments,
            environment: base.merging(environment) { _, new in new },
            stdin: stdinData ?? stdin.map { Data($0.utf8) })
        return Result(
            status: result.status, stdout: String(decoding: result.stdout, as: UTF8.self),
            stderr: String(decoding: result.stderr, as: UTF8.self))
    }
}
