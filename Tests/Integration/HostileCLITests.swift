import Foundation
import LLMSimulator
import SwiftLLM
import Testing

/// What a hostile server or a careless input can do to the `llm` tool: no trap, no control of the
/// terminal, no secret in any output (stderr, stdout, the batch file) in any spelling.
@Suite(.serialized) struct HostileCLITests {
    static let key = "sk-cli-SECRET-abcdef123456"

    /// A server that answers every request with `status` and `body`, and counts the requests.
    static func answering(_ status: Int, _ body: @escaping @Sendable (String) -> String) -> HostileServer {
        HostileServer { connection in
            let request = try await connection.readRequest()
            try await connection.json(status: status, body(request))
        }
    }

    /// `true` when no spelling of the key is in `text`.
    static func clean(_ text: String) -> Bool {
        APIKey(key).spellings.allSatisfy { !text.contains($0) }
    }

    static func chat(_ server: HostileServer, _ extra: [String] = [], environment: [String: String] = [:]) async throws
        -> CLIRunner.Result
    {
        try await CLIRunner.run(
            [
                "chat", "hi", "--provider", "openai", "--endpoint",
                server.baseURL.appendingPathComponent("v1").absoluteString,
            ]
                + extra, environment: environment)
    }

    @Test func controlCharactersFromAServerCannotReachTheTerminal() async throws {
        let server = Self.answering(400) { _ in
            #"{"error":{"message":"\u001b[2J\u001b[Hcleared\rforged\u0008\u0000 line","code":"bad"}}"#
        }
        try await server.start()
        let result = try await Self.chat(server, ["--api-key", Self.key])
        #expect(result.status == 1)
        #expect(!result.stderr.contains("\u{1B}") && !result.stderr.contains("\r") && !result.stderr.contains("\u{0}"))
        #expect(result.stderr.contains("\\u{1B}[2J") && result.stderr.contains("\\u{D}forged"), "\(result.stderr)")
        await server.shutdown()
    }

    @Test func anAnswerWithControlCharactersIsPrintedEscapedButKeepsItsLines() async throws {
        let server = Self.answering(200) { _ in
            #"{"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"line 1\nline 2\u001b]0;pwned\u0007"},"finish_reason":"stop"}]}"#
        }
        try await server.start()
        let result = try await Self.chat(server, ["--api-key", Self.key])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "line 1\nline 2\\u{1B}]0;pwned\\u{7}\n")
        await server.shutdown()
    }

    @Test func anEchoedKeyIsMaskedInEverySpellingOnStderr() async throws {
        let server = Self.answering(401) { request in
            let sent = request.split(separator: "\r\n").first { $0.lowercased().hasPrefix("authorization:") } ?? ""
            let bearer = sent.dropFirst("authorization: Bearer ".count)
            return
                #"{"error":{"message":"key \#(bearer) / \#(bearer.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")","code":"invalid_api_key"}}"#
        }
        try await server.start()
        for (flags, environment) in [
            (["--api-key", Self.key], [String: String]()), ([], ["OPENAI_API_KEY": Self.key]),
        ] {
            let result = try await Self.chat(server, flags, environment: environment)
            #expect(result.status == 1)
            #expect(result.stderr.contains("error[authentication]"), "\(result.stderr)")
            #expect(Self.clean(result.stderr + result.stdout), "\(result.stderr)")
            #expect(result.stderr.contains("key *** / ***"))
        }
        await server.shutdown()
    }

    @Test func aKeyFromAConfigFileIsMaskedToo() async throws {
        let server = Self.answering(403) { _ in #"{"error":{"message":"the key \#(Self.key) may not do that"}}"# }
        try await server.start()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).json")
        try Data(
            #"{"style": "openai", "endpoint": "\#(server.baseURL.appendingPathComponent("v1").absoluteString)", "api_key": "\#(Self.key)"}"#
                .utf8
        ).write(to: file)
        let result = try await CLIRunner.run(["chat", "hi", "--config", file.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error[permissionDenied]"))
        #expect(Self.clean(result.stderr), "\(result.stderr)")
        await server.shutdown()
    }

    @Test func theBatchFileNeverHoldsTheKeyAndAFailedLineExitsTwo() async throws {
        let server = Self.answering(400) { _ in #"{"error":{"message":"rejected \#(Self.key)","code":"bad"}}"# }
        try await server.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let input = directory.appendingPathComponent("in.jsonl").path
        let output = directory.appendingPathComponent("out.jsonl").path
        try Data(#"{"id": "1", "prompt": "x"}"#.utf8).write(to: URL(fileURLWithPath: input))
        let result = try await CLIRunner.run([
            "batch", input, "--output", output, "--provider", "openai", "--endpoint",
            server.baseURL.appendingPathComponent("v1").absoluteString, "--api-key", Self.key,
        ])
        #expect(result.status == 2, "\(result.stderr)")
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(written.contains("rejected ***"), "\(written)")
        #expect(Self.clean(written + result.stderr))
        await server.shutdown()
    }

    @Test func credentialsInAnEndpointURLNeverReachTheOutput() async throws {
        let simulator = LLMSimulator(configuration: SimulatorConfiguration(name: "sim"))
        try await simulator.start()
        let port = simulator.port!
        let result = try await CLIRunner.run([
            "chat", "hi", "--provider", "openai", "--endpoint", "http://gateway-user:gateway-pa55@127.0.0.1:\(port)/v1",
            "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("gateway-pa55") && !result.stdout.contains("gateway-user"), "\(result.stdout)")
        #expect(result.stdout.contains("127.0.0.1:\(port)/v1/chat/completions"))
        try await simulator.shutdown()
    }

    @Test func aKeyWithACarriageReturnIsRefusedBeforeAnyRequestWithoutPrintingIt() async throws {
        let server = Self.answering(200) { request in
            let sent = request.lowercased().contains("authorization: bearer \(Self.key.lowercased())\r\n")
            return
                #"{"id":"c","choices":[{"index":0,"message":{"content":"\#(sent ? "clean key" : "wrong key")"},"finish_reason":"stop"}]}"#
        }
        try await server.start()
        for key in [Self.key + "\r", "sk-cli-\r\nX-Injected: 1"] {
            let result = try await Self.chat(server, ["--api-key", key])
            #expect(result.status == 1)
            #expect(
                result.stderr.hasPrefix("error[invalidConfiguration]: endpoint's api key contains a control character"),
                "\(result.stderr)")
            #expect(Self.clean(result.stderr))
        }
        #expect(server.connections == 0)
        // From the environment, surrounding whitespace and line breaks are trimmed: the key works.
        let trimmed = try await Self.chat(server, [], environment: ["OPENAI_API_KEY": Self.key + "\r\n"])
        #expect(trimmed.stdout == "clean key\n", "\(trimmed.stderr)")
        await server.shutdown()
    }

    @Test(arguments: [
        ["--timeout", "inf"], ["--deadline", "1e300"], ["--timeout", "nan"], ["--deadline=-1"], ["--timeout", "0"],
    ])
    func absurdDurationsAreValidationErrorsNotTraps(flags: [String]) async throws {
        let result = try await CLIRunner.run(
            ["chat", "hi", "--provider", "openai", "--endpoint", "http://127.0.0.1:9/v1"] + flags)
        #expect(result.status != 0)
        #expect(result.stderr.contains("must be a number of seconds above 0 and at most 86400"), "\(result.stderr)")
    }

    @Test func absurdRateLimitsAreValidationErrors() async throws {
        let result = try await CLIRunner.run([
            "batch", "/dev/null", "--output", "/tmp/never", "--rpm=-5", "--provider", "openai", "--endpoint",
            "http://127.0.0.1:9/v1",
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--rpm must be at least 1"), "\(result.stderr)")
    }
}
