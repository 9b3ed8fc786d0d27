import Foundation

/// Validates request bodies with a Python script of `Tests/Fixtures` (the official OpenAI schemas
/// through `jsonschema`, or google-genai's own types), writing each body to a temporary file.
enum RequestValidator {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Runs `script` with `arguments` and the bodies' paths: its exit status and output.
    static func run(_ script: String, _ arguments: [String], bodies: [(name: String, body: Data)]) throws -> (
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", fixtures.appendingPathComponent(script).path] + arguments + paths
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text, paths.count)
    }

    /// Validates OpenAI bodies against `root` of an official schema file.
    static func openAI(schema: String, root: String, bodies: [(name: String, body: Data)]) throws -> (
        status: Int32, output: String, count: Int
    ) {
        try run("validate_openai_requests.py", [fixtures.appendingPathComponent(schema).path, root], bodies: bodies)
    }
}
