import Foundation
import TestSupport

/// Validates request bodies with a Python script of `Tests/Fixtures` (the official OpenAI schemas
/// through `jsonschema`, or google-genai's own types), writing each body to a temporary file.
enum RequestValidator {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Runs `script` with `arguments` and the bodies' paths: its exit status and output. The
    /// process is awaited without blocking the cooperative pool (``TestSupport/Subprocess``).
    static func run(_ script: String, _ arguments: [String], bodies: [(name: String, body: Data)]) async throws -> (
        status: Int32, output: String, count: Int
    ) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "swift-llm-bodies-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for (name, body) in bodies {
            let url = directory.appendingPathComponent("\(name).json")
            try body.write(to: url)
            paths.append(url.path)
        }
        let result = try await Subprocess.run(
            program: "python3", [fixtures.appendingPathComponent(script).path] + arguments + paths)
        let output = String(decoding: result.stdout + result.stderr, as: UTF8.self)
        return (result.status, output, paths.count)
    }

    /// Validates OpenAI bodies against `root` of an official schema file.
    static func openAI(schema: String, root: String, bodies: [(name: String, body: Data)]) async throws -> (
        status: Int32, output: String, count: Int
    ) {
        try await run(
            "validate_openai_requests.py", [fixtures.appendingPathComponent(schema).path, root], bodies: bodies)
    }
}
