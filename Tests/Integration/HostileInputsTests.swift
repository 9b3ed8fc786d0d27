import Foundation
import LLMMCP
import LLMSimulator
import SwiftLLM
import Testing

/// Hostile inputs, round two, over real child processes and real sockets: misbehaving MCP servers
/// (`Tests/Fixtures/hostile_mcp_server.py`), one deadline over a whole agent run and a router
/// file's walk, an input file `llm batch` must not lose, a Responses stream out of order,
/// embeddings that are not what was asked, a huge batch line, a key quoted in other spellings,
/// and a thread store that cannot be opened.
@Suite(.serialized) struct HostileInputsTests {
    static let server = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/hostile_mcp_server.py").path
    /// What a case may overrun its deadline by on a loaded two-core machine; far below what the
    /// bugs cost (30 s, 60 s, forever).
    static let margin: Duration = .seconds(8)

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    // MARK: - MCP servers

    @Test(arguments: ["flood-nonewline", "flood-noise"])
    func aServerThatFloodsItsOutputFailsFastWithTheBound(mode: String) async throws {
        let start = ContinuousClock.now
        let error = await captureError { _ = try await MCPServer.launch("python3", arguments: [Self.server, mode]) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("bytes") == true, "\(error?.message ?? "")")
        // The 30 s initialize timeout is not what ended it: the bound did.
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    @Test func aServerThatNeverAnswersInitializeFailsAtTheDeadline() async throws {
        let start = ContinuousClock.now
        let error = await captureError {
            _ = try await MCPServer.launch(
                "python3", arguments: [Self.server, "silent"], deadline: .now + .seconds(2))
        }
        #expect(error?.code == .timeout)
        #expect(ContinuousClock.now - start < .seconds(2) + Self.margin)
    }

    @Test func aLargeToolResultIsReadInLinearTimeAndOneOverTheBoundIsATypedError() async throws {
        // 12 MB: quadratic reading took 2.4 s for 1 MB and 36 s for 4 MB (about 5 minutes here).
        let server = try await MCPServer.launch("python3", arguments: [Self.server, "serve", String(12_000_000)])
        let tools = try await server.tools(deadline: .now + .seconds(30))
        let big = try #require(tools.first { $0.name == "big" })
        let start = ContinuousClock.now
        let text = try await big.call(arguments: "{}")
        #expect(text.utf8.count == 12_000_000)
        #expect(ContinuousClock.now - start < .seconds(60))
        await server.shutdown()
        // 50 MB: over the 16 MiB bound, the server is stopped and the call fails with it.
        let flooding = try await MCPServer.launch("python3", arguments: [Self.server, "serve", String(50_000_000)])
        let oversized = try #require(try await flooding.tools().first { $0.name == "big" })
        let error = await captureError { _ = try await oversized.call(arguments: "{}") }
        #expect(error?.code == .decoding)
        #expect(error?.message.contains("16777216 bytes") == true, "\(error?.message ?? "")")
        await flooding.shutdown()
    }

    /// `llm chat --mcp` against the simulator, whose scripted answers call `tool` `steps` times.
    static func runAgent(
        tool: String, steps: Int, delay: Duration? = nil, deadline: Double, mode: String = "serve"
    ) async throws -> (result: CLIRunner.Result, elapsed: Duration) {
        let simulator = LLMSimulator(configuration: SimulatorConfiguration(apiKey: CLITests.key, name: "sim"))
        try await simulator.start()
        for _ in 0..<steps {
            simulator.script(.toolCall(tool, arguments: #"{"text": "hi"}"#))
            if let delay { simulator.enqueue(.delayHeaders(delay)) }
        }
        let start = ContinuousClock.now
        let result = try await CLIRunner.run(
            [
                "chat", "use the tool", "--endpoint", simulator.baseURL.absoluteString, "--deployment", "gpt-4o",
                "--api-key", CLITests.key, "--mcp", "python3 \(Self.server) \(mode)", "--max-steps", "20",
                "--deadline", String(deadline),
            ])
        let elapsed = ContinuousClock.now - start
        try await simulator.shutdown()
        return (result, elapsed)
    }

    @Test func aToolCallTheServerNeverAnswersEndsTheRunAtTheDeadline() async throws {
        let (result, elapsed) = try await Self.runAgent(tool: "hang", steps: 1, deadline: 5)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error[timeout]"), "\(result.stderr)")
        #expect(elapsed < .seconds(5) + Self.margin, "\(Self.seconds(elapsed)) s")
    }

    @Test func theDeadlineBoundsTheWholeRunNotEachModelCall() async throws {
        // Ten steps of 1.5 s each would take 15 s; the run stops at its 4 s deadline.
        let (result, elapsed) = try await Self.runAgent(
            tool: "echo", steps: 10, delay: .milliseconds(1_500), deadline: 4)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error[timeout]"), "\(result.stderr)")
        #expect(elapsed < .seconds(4) + Self.margin, "\(Self.seconds(elapsed)) s")
    }

    @Test func anMCPServerThatNeverAnswersInitializeHonoursTheCommandsDeadline() async throws {
        let (result, elapsed) = try await Self.runAgent(tool: "echo", steps: 0, deadline: 3, mode: "silent")
        #expect(result.status == 1)
        #expect(result.stderr.contains("error[timeout]"), "\(result.stderr)")
        #expect(elapsed < .seconds(3) + Self.margin, "\(Self.seconds(elapsed)) s")
    }

    @Test func aRouterFileHonoursTheDeadline() async throws {
        let simulator = LLMSimulator(configuration: SimulatorConfiguration(apiKey: CLITests.key, name: "stalled"))
        try await simulator.start()
        simulator.enqueue(.delayHeaders(.seconds(60)))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("router-\(UUID().uuidString).json")
        let router: [String: Any] = [
            "deployments": [
                [
                    "name": "stalled", "provider": "openai", "model": "gpt-4o",
                    "endpoint": simulator.baseURL.appendingPathComponent("v1").absoluteString,
                    "api_key": CLITests.key,
                ]
            ]
        ]
        try JSONSerialization.data(withJSONObject: router).write(to: file)
        let start = ContinuousClock.now
        let result = try await CLIRunner.run(["chat", "hello", "--config", file.path, "--deadline", "3"])
        let elapsed = ContinuousClock.now - start
        try? FileManager.default.removeItem(at: file)
        try await simulator.shutdown()
        #expect(result.status == 1)
        #expect(result.stderr.contains("error[timeout]"), "\(result.stderr)")
        #expect(elapsed < .seconds(3) + Self.margin, "\(Self.seconds(elapsed)) s")
        #expect(!result.stderr.contains(CLITests.key))
    }

    // MARK: - Batch

    @Test func batchRefusesToWriteOverItsInputUnderAnySpelling() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.jsonl")
        let original = #"{"id": "a", "prompt": "hello"}"# + "\n"
        try Data(original.utf8).write(to: input)
        let link = directory.appendingPathComponent("link.jsonl")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: input)
        let hard = directory.appendingPathComponent("hard.jsonl")
        try FileManager.default.linkItem(at: input, to: hard)
        for output in [
            input.path, link.path, hard.path, directory.path + "/./in.jsonl",
            directory.path + "/../" + directory.lastPathComponent + "/in.jsonl",
        ] {
            let result = try await CLIRunner.run(
                ["batch", input.path, "--output", output, "--endpoint", "https://unused.example", "--api-key", "k"])
            #expect(result.status == 1, "\(output)")
            #expect(result.stderr.contains("error[invalidConfiguration]"), "\(output): \(result.stderr)")
            #expect(try String(contentsOf: input, encoding: .utf8) == original, "\(output) replaced the input")
        }
    }

    @Test func aHugeBatchLineIsItsOwnErrorAndMemoryStaysBounded() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.jsonl")
        #expect(FileManager.default.createFile(atPath: input.path, contents: nil))
        let handle = try FileHandle(forWritingTo: input)
        try handle.write(contentsOf: Data((#"{"id": "first", "prompt": "one"}"# + "\n").utf8))
        // A 200 MiB line: read whole, it cost about four times its size.
        try handle.write(contentsOf: Data(#"{"id": "huge", "prompt": ""#.utf8))
        let piece = Data(repeating: UInt8(ascii: "a"), count: 1 << 20)
        for _ in 0..<200 { try handle.write(contentsOf: piece) }
        try handle.write(contentsOf: Data(("\"}\n" + #"{"id": "last", "prompt": "two"}"# + "\n").utf8))
        try handle.close()
        let output = directory.appendingPathComponent("out.jsonl")
        try await CLITests.withSimulator { simulator in
            // The child's peak resident memory, from wait4 (in KiB).
            let result = try await CLIRunner.run(
                [
                    "-c",
                    "import os,subprocess,sys; p=subprocess.Popen(sys.argv[1:]); _,s,ru=os.wait4(p.pid,0); print(ru.ru_maxrss); sys.exit(os.waitstatus_to_exitcode(s))",
                    CLIRunner.executable.path, "batch", input.path, "--output", output.path, "--endpoint",
                    simulator.baseURL.absoluteString, "--deployment", "gpt-4o", "--api-key", CLITests.key,
                ], program: "python3")
            #expect(result.status == 2, "\(result.stderr)")  // one line failed
            let peakMB = (Double(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .infinity) / 1024
            // Under a sanitizer the process's memory is the sanitizer's shadow, not the file's.
            let sanitized = ["TSAN_OPTIONS", "ASAN_OPTIONS"].contains { ProcessInfo.processInfo.environment[$0] != nil }
            #expect(sanitized || peakMB < 150, "peak RSS \(peakMB) MB for a 200 MiB line")
            let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n").compactMap {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            let byId = Dictionary(uniqueKeysWithValues: lines.map { ($0["id"] as? String ?? "", $0) })
            #expect(byId["first"]?["ok"] as? Bool == true && byId["last"]?["ok"] as? Bool == true)
            let huge = byId["line-2"]?["error"] as? [String: Any]
            #expect(huge?["code"] as? String == "invalid_request")
            #expect((huge?["message"] as? String)?.contains("over the limit") == true)
        }
    }

    // MARK: - Answers that are not what they claim

    @Test func aResponsesStreamWhoseEventsGoBackIsATypedErrorNotAShortenedAnswer() async throws {
        let events = [
            #"{"type":"response.created","sequence_number":0,"response":{"id":"r1","model":"gpt-4o"}}"#,
            #"{"type":"response.output_text.delta","sequence_number":5,"delta":"Hello"}"#,
            #"{"type":"response.output_text.delta","sequence_number":3,"delta":" world"}"#,
            #"{"type":"response.completed","sequence_number":6,"response":{"id":"r1","status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":"Hello world"}]}],"usage":{"input_tokens":1,"output_tokens":2,"total_tokens":3}}}"#,
        ]
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.head([("content-type", "text/event-stream"), ("connection", "close")])
            for event in events { try await connection.write("data: \(event)\n\n") }
        }
        try await server.start()
        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: server.baseURL.appendingPathComponent("v1"), style: .openAI, apiKey: APIKey("k"))))
        let model = OpenAILLM(model: "gpt-4o", connector: connector, api: .responses)
        var text = ""
        let error = await captureError {
            for try await chunk in model.streamAnswer("hi") { text += chunk.textDelta ?? "" }
        }
        try await connector.shutdown()
        await server.shutdown()
        #expect(error?.code == .decoding, "\(String(describing: error))")
        #expect(error?.message.contains("disagrees") == true)
        #expect(text == "Hello")
    }

    /// An embedding answer from a server that misbehaves with `body`, through `model` over it.
    static func embed(
        _ body: String, provider: String = "openai", dimensions: Int? = nil, model: String = "text-embedding-3-small"
    ) async throws -> LLMError? {
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.json(body)
        }
        try await server.start()
        let style: EndpointStyle = provider == "gemini" ? .gemini : .openAI
        let base = provider == "gemini" ? server.baseURL : server.baseURL.appendingPathComponent("v1")
        let connector = try Connector(
            configuration: ConnectorConfiguration(primary: Endpoint(baseURL: base, style: style, apiKey: APIKey("k"))))
        let embedder = try LLMFactory.makeEmbedding(
            metadata: ModelCatalog.embeddingMetadata(for: model, style: style), connector: connector)
        let error = await captureError {
            _ = try await embedder.embed(["a", "b"], options: EmbeddingOptions(dimensions: dimensions))
        }
        try await connector.shutdown()
        await server.shutdown()
        return error
    }

    @Test func embeddingsThatAreNotWhatWasAskedAreTypedErrors() async throws {
        func openAI(_ a: String, _ b: String, indexA: String = "0", indexB: String = "1") -> String {
            #"{"object":"list","data":[{"index":\#(indexA),"embedding":\#(a)},{"index":\#(indexB),"embedding":\#(b)}],"model":"m","usage":{"prompt_tokens":2,"total_tokens":2}}"#
        }
        let cases: [(String, LLMError?, String)] = [
            ("lengths differ", try await Self.embed(openAI("[0.1,0.2,0.3]", "[0.1,0.2]"), model: "local"), "values"),
            (
                "not the dimensions asked", try await Self.embed(openAI("[0.1,0.2]", "[0.1,0.2]"), dimensions: 3),
                "not 3"
            ),
            ("not the model's", try await Self.embed(openAI("[0.1,0.2]", "[0.1,0.2]")), "not 1536"),
            ("beyond Float", try await Self.embed(openAI("[1e39,0.2]", "[0.1,0.2]"), model: "local"), "finite"),
            ("index 1e20", try await Self.embed(openAI("[0.1]", "[0.2]", indexB: "1e20"), model: "local"), "index"),
            (
                "index 2^63",
                try await Self.embed(openAI("[0.1]", "[0.2]", indexB: "9223372036854775808"), model: "local"), "index"
            ),
            (
                "Gemini lengths differ",
                try await Self.embed(
                    #"{"embeddings":[{"values":[0.1,0.2]},{"values":[0.1]}]}"#, provider: "gemini",
                    model: "gemini-embedding-9"), "values"
            ),
        ]
        for (name, error, says) in cases {
            #expect(error?.code == .decoding, "\(name): \(String(describing: error))")
            #expect(error?.message.contains(says) == true, "\(name): \(error?.message ?? "")")
        }
    }

    // MARK: - Secrets and local files

    @Test func aKeyQuotedPercentEncodedOrInBase64IsMasked() async throws {
        let key = "sk-test/k+y=abc123/XYZ"
        let spellings = [
            "sk-test%2Fk%2By%3Dabc123%2FXYZ", "sk-test%2fk%2by%3dabc123%2fXYZ",
            Data(key.utf8).base64EncodedString(),
        ]
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            let quoted = spellings.joined(separator: " and ")
            try await connection.json(
                status: 401, #"{"error":{"message":"Incorrect API key provided: \#(quoted)","code":"invalid_api_key"}}"#
            )
        }
        try await server.start()
        let result = try await CLIRunner.run(
            [
                "chat", "hi", "--provider", "openai", "--endpoint",
                server.baseURL.appendingPathComponent("v1").absoluteString, "--api-key", key,
            ])
        await server.shutdown()
        #expect(result.status == 1)
        #expect(result.stderr.contains("error[authentication]"), "\(result.stderr)")
        for spelling in spellings + [key] {
            #expect(!result.stderr.contains(spelling) && !result.stdout.contains(spelling), "\(spelling)")
        }
    }

    @Test func aThreadStoreThatCannotBeOpenedIsTheUsersConfiguration() async throws {
        let directory = FileManager.default.temporaryDirectory.path
        let result = try await CLIRunner.run(["thread", "new", "--store", "sqlite:\(directory)"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error[invalidConfiguration]"), "\(result.stderr)")
        #expect(result.stderr.contains(directory))
    }
}
