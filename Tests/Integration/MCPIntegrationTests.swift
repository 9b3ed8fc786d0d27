import Foundation
import LLMMCP
import LLMSimulator
import SwiftLLM
import Testing

/// MCP servers as tools: a small stdio server on the official Python SDK
/// (`Tests/Fixtures/mcp_weather_server.py`), listed, called by the run loop, and shut down; and the
/// CLI's `--mcp`, `--schema` and `--max-steps`.
@Suite(.serialized) struct MCPIntegrationTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mcp_weather_server.py").path

    static func callLog() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("mcp-calls-\(UUID().uuidString).jsonl").path
    }

    static func calls(in path: String) -> [[String: Any]] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    @Test func theLoopCallsAnMCPServersToolsAndTheServerStopsWithTheRun() async throws {
        let log = Self.callLog()
        let server = try await MCPServer.launch(
            "python3", arguments: [Self.fixture], environment: ["MCP_CALL_LOG": log])
        let tools = try await server.tools()
        #expect(tools.map(\.name).sorted() == ["flaky_lookup", "get_weather"])
        let weather = try #require(tools.first { $0.name == "get_weather" })
        #expect(weather.definition.description == "Current weather for a city.")
        #expect(weather.definition.parameters?["required"] == ["city"])
        try await SimulatorPair.with(withBackup: false, style: .openAI, deployment: "gpt-4.1-mini") { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!, connector: pair.connector)
            pair.primary.script(
                .toolCalls([
                    SimulatorToolCall("get_weather", arguments: #"{"city": "Oslo"}"#),
                    SimulatorToolCall("flaky_lookup", arguments: #"{"query": "tides"}"#),
                ]),
                .text("Snowy in Oslo; no tide data."))
            let run = try await Agent(model: model, tools: tools).run("Weather and tides in Oslo?")
            #expect(run.stopReason == .finalAnswer && run.text == "Snowy in Oslo; no tide data.")
            let results = run.steps[0].toolResults
            #expect(results.map(\.outcome) == [.succeeded, .failed])
            #expect(results[0].output == "Oslo: 3 degrees celsius, light snow")
            #expect(results[1].output.contains("the lookup service is down for 'tides'"))
            let second = String(decoding: pair.primary.requests[1].body, as: UTF8.self)
            #expect(second.contains("Oslo: 3 degrees celsius, light snow"))
        }
        // The two calls run in parallel: the server may take them in either order.
        let calls = Self.calls(in: log)
        #expect(calls.compactMap { $0["tool"] as? String }.sorted() == ["flaky_lookup", "get_weather"])
        let weatherCall = calls.first { $0["tool"] as? String == "get_weather" }
        #expect((weatherCall?["arguments"] as? [String: String])?["city"] == "Oslo")
        let pid = await server.processIdentifier
        await server.shutdown()
        #expect(pid.map { kill($0, 0) } == -1)  // the server is gone (and reaped)
    }

    @Test func aServerOverStreamableHTTPListsAndCallsItsTools() async throws {
        let port = try Self.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.fixture, "http", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            // SIGKILL: uvicorn's graceful stop would wait for idle keep-alive connections.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        // The server is up once it answers; until then connecting fails fast (connection refused).
        let url = URL(string: "http://127.0.0.1:\(port)/mcp")!
        var server: MCPServer?
        let giveUp = ContinuousClock.now + .seconds(30)
        while server == nil, ContinuousClock.now < giveUp, process.isRunning {
            server = try? await MCPServer.connect(url: url)
            if server == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let connected = try #require(server, "the HTTP server never answered")
        #expect(connected.serverName == "weather-fixture")
        let tools = try await connected.tools()
        let weather = try #require(tools.first { $0.name == "get_weather" })
        #expect(
            try await weather.call(arguments: #"{"city": "Bergen", "unit": "kelvin"}"#)
                == "Bergen: 3 degrees kelvin, light snow")
        await connected.shutdown()
    }

    /// A port nothing listens on now.
    static func freePort() throws -> Int {
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, size) == 0 && getsockname(socket, pointer, &size) == 0
            }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func aServerThatIsNotMCPIsATypedError() async throws {
        await #expect(throws: LLMError.self) {
            _ = try await MCPServer.launch("/bin/sh", arguments: ["-c", "echo not-json; exit 0"])
        }
        do {
            _ = try await MCPServer.launch("no-such-program-\(UUID().uuidString)")
            Issue.record("expected an error")
        } catch let error as LLMError {
            #expect(error.code == .invalidConfiguration && error.message.contains("was not found"))
        }
    }

    @Test func theCLIRunsTheLoopWithMCPToolsAndListsEveryStep() async throws {
        try await CLITests.withSimulator { simulator in
            simulator.script(.toolCall("get_weather", arguments: #"{"city": "Oslo"}"#), .text("It snows in Oslo."))
            let log = Self.callLog()
            let result = try await CLIRunner.run(
                [
                    "chat", "Weather in Oslo?", "--endpoint", simulator.baseURL.absoluteString, "--deployment",
                    "gpt-4.1-mini", "--api-key", CLITests.key, "--mcp", "python3 '\(Self.fixture)'", "--max-steps", "3",
                    "--json",
                ], environment: ["MCP_CALL_LOG": log])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["content"] as? String == "It snows in Oslo.")
            #expect(object["stop_reason"] as? String == "final_answer")
            let steps = try #require(object["steps"] as? [[String: Any]])
            let call = try #require((steps.first?["tool_calls"] as? [[String: Any]])?.first)
            #expect(call["name"] as? String == "get_weather" && call["outcome"] as? String == "succeeded")
            #expect(call["output"] as? String == "Oslo: 3 degrees celsius, light snow")
            #expect(Self.calls(in: log).count == 1)
            #expect(!result.stdout.contains(CLITests.key) && !result.stderr.contains(CLITests.key))
        }
    }

    @Test func theCLIPrintsTheJSONThatMatchedASchemaFile() async throws {
        try await CLITests.withSimulator { simulator in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).json").path
            try Data(
                #"{"type":"object","properties":{"city":{"type":"string"},"celsius":{"type":"integer"}},"required":["city","celsius"],"additionalProperties":false}"#
                    .utf8
            ).write(to: URL(fileURLWithPath: path))
            simulator.script(.text(#"{"city": "Oslo"}"#), .text(#"{"city": "Oslo", "celsius": 3}"#))
            let flags = [
                "--endpoint", simulator.baseURL.absoluteString, "--deployment", "gpt-4.1-mini", "--api-key",
                CLITests.key,
                "--schema", path,
            ]
            let plain = try await CLIRunner.run(["chat", "Oslo?"] + flags)
            #expect(plain.status == 0, "\(plain.stderr)")
            #expect(plain.stdout == #"{"celsius":3,"city":"Oslo"}"# + "\n")
            let format = simulator.requests.first?.json?["response_format"] as? [String: Any]
            #expect((format?["json_schema"] as? [String: Any])?["strict"] as? Bool == true)
            simulator.script(.text(#"{"city": "Oslo", "celsius": 3}"#))
            let wrapped = try await CLIRunner.run(["chat", "Oslo?", "--json"] + flags)
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(wrapped.stdout.utf8)) as? [String: Any])
            #expect(object["attempts"] as? Int == 1)
            #expect((object["json"] as? [String: Any])?["celsius"] as? Int == 3)
            #expect((object["usage"] as? [String: Any])?["total_tokens"] as? Int != nil)
            let bad = try await CLIRunner.run(["chat", "x", "--schema", "/nonexistent.json", "--api-key", CLITests.key])
            #expect(bad.status != 0 && bad.stderr.contains("--schema /nonexistent.json: the file cannot be read"))
            let both = try await CLIRunner.run(["chat", "x", "--schema", path, "--mcp", "true"])
            #expect(both.status != 0 && both.stderr.contains("cannot be combined"))
        }
    }
}
