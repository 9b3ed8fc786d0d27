import Foundation
import LLMSimulator
import SwiftLLM
import Testing

@Suite(.serialized) struct BatchCLITests {
    static let key = CLITests.key

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString)-\(name)").path
    }

    static func outputLines(_ path: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func everyInputLineGetsOneOutputLine() async throws {
        try await CLITests.withSimulator { simulator in
            let input = Self.temporaryPath("in.jsonl")
            let output = Self.temporaryPath("out.jsonl")
            let lines = [
                #"{"id": "a", "prompt": "alpha"}"#,
                #"{"id": "b", "messages": [{"role": "system", "content": "terse"}, {"role": "user", "content": "beta"}], "max_tokens": 30}"#,
                #"this is not json"#,
                #"{"id": "d", "prompt": "delta", "temperature": 9}"#,
                #"{"id": "e", "prompt": "echo", "model": "gpt-4o"}"#,
                #"{"prompt": "no id"}"#,
            ]
            try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: input))
            let result = try await CLIRunner.run(
                [
                    "batch", input, "--output", output, "--concurrency", "3", "--endpoint",
                    simulator.baseURL.absoluteString,
                    "--deployment", "gpt-4.1-mini", "--api-key", Self.key,
                ])
            // The batch ran, but lines failed: exit 2 (documented), with the count on stderr.
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("[batch] 6/6 done"))
            #expect(result.stderr.contains("3 errors"))
            #expect(result.stderr.contains("3 line(s) failed"))
            let byId = Dictionary(uniqueKeysWithValues: try Self.outputLines(output).map { ($0["id"] as! String, $0) })
            #expect(byId.count == 6)
            #expect(byId["a"]?["ok"] as? Bool == true)
            #expect(byId["a"]?["content"] as? String == "sim says: alpha")
            #expect((byId["a"]?["usage"] as? [String: Any])?["total_tokens"] != nil)
            #expect(byId["a"]?["latency_ms"] != nil)
            #expect((byId["a"]?["endpoint"] as? String)?.contains("/openai/deployments/gpt-4.1-mini/") == true)
            #expect(byId["b"]?["content"] as? String == "sim says: beta")
            #expect((byId["line-3"]?["error"] as? [String: Any])?["code"] as? String == "invalid_request")
            #expect(
                (byId["d"]?["error"] as? [String: Any])?["message"] as? String
                    == "temperature = 9.0 is out of range; allowed: 0...2")
            #expect((byId["e"]?["endpoint"] as? String)?.contains("/openai/deployments/gpt-4o/") == true)
            #expect((byId["line-6"]?["error"] as? [String: Any])?["code"] as? String == "invalid_request")
            // Invalid lines never reached the server.
            #expect(simulator.requests.count == 3)
        }
    }

    @Test func aKilledRunResumesWithoutLosingOrRepeatingAnything() async throws {
        let simulator = LLMSimulator(
            configuration: SimulatorConfiguration(
                apiKey: Self.key, randomFaults: [(.delayHeaders(.milliseconds(100)), 1.0)], name: "sim"))
        try await simulator.start()
        let input = Self.temporaryPath("in.jsonl")
        let output = Self.temporaryPath("out.jsonl")
        try Data((0..<20).map { #"{"id": "r\#($0)", "prompt": "prompt \#($0)"}"# }.joined(separator: "\n").utf8)
            .write(to: URL(fileURLWithPath: input))
        let arguments = [
            "batch", input, "--output", output, "--concurrency", "2", "--endpoint", simulator.baseURL.absoluteString,
            "--deployment", "gpt-4o", "--api-key", Self.key,
        ]
        // First run: kill it once a few results are written.
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        while ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n").count < 4 {
            await Task.yield()
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let firstRun = try Self.outputLines(output)
        let firstIds = Set(firstRun.map { $0["id"] as! String })
        #expect(firstRun.count >= 4 && firstRun.count < 20)

        let result = try await CLIRunner.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let all = try Self.outputLines(output)
        let ids = all.map { $0["id"] as! String }
        #expect(ids.count == 20)
        #expect(Set(ids) == Set((0..<20).map { "r\($0)" }))
        #expect(all.allSatisfy { $0["ok"] as? Bool == true })
        // Nothing that succeeded in the first run was asked again.
        for id in firstIds {
            let prompt = "prompt \(id.dropFirst())"
            let asked = simulator.requests.filter { request in
                ((request.json?["messages"] as? [[String: Any]])?.last?["content"] as? String) == prompt
            }
            #expect(asked.count == 1, "\(id) was sent \(asked.count) times")
        }
        try await simulator.shutdown()
    }
}
