import Foundation
import LLMSimulator
import SwiftLLM
import Testing

/// Bad input ends in a clear, typed error before any network call.
@Suite(.serialized) struct BadInputTests {
    @Test func enormousPromptIsRejectedBeforeSending() async throws {
        try await SimulatorPair.with { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: pair.connector)
            let enormous = String(repeating: "lorem ipsum ", count: 60_000)  // ~180k tokens > 128k
            let error = await captureError { _ = try await model.getAnswer(enormous) }
            #expect(error?.code == .contextLengthExceeded)
            #expect(error?.message.contains("over gpt-4o's context window of 128000 tokens") == true)
            let empty = await captureError { _ = try await model.getAnswer("") }
            #expect(empty?.code == .invalidPrompt)
            let notImage = await captureError {
                _ = try await model.getAnswer([.user("x", images: [.bytes(Data("GIF? no".utf8))])])
            }
            #expect(notImage?.code == .invalidRequest)
            let oversized = await captureError {
                _ = try await model.getAnswer([
                    .user("x", images: [.bytes(SimulatorMedia.png + Data(count: 21 * 1024 * 1024))])
                ])
            }
            #expect(oversized?.message.contains("over the limit of 20971520 bytes") == true)
            #expect(pair.primary.requests.isEmpty)
        }
    }

    @Test func invalidUTF8InputsAreTypedErrors() async throws {
        let invalid = Data([0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D])  // {"id":"\xFF\xFE"}
        // A config file.
        #expect(throws: LLMError.self) { try ConnectorConfiguration(json: invalid) }
        // A batch line.
        try await CLITests.withSimulator { simulator in
            let input = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).jsonl")
            let output = input.path + ".out"
            var data = Data(#"{"id": "good", "prompt": "fine"}"#.utf8)
            data.append(0x0A)
            data.append(Data([0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x20, 0x22, 0x62, 0x22, 0x2C, 0x20]))
            data.append(Data(#""prompt": "caf"#.utf8) + Data([0xC3, 0x28]) + Data(#""}"#.utf8))
            try data.write(to: input)
            let result = try await CLIRunner.run(
                [
                    "batch", input.path, "--output", output, "--endpoint", simulator.baseURL.absoluteString,
                    "--deployment", "gpt-4o", "--api-key", CLITests.key,
                ])
            #expect(result.status == 2, "\(result.stderr)")  // a line failed
            let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines.contains { $0.contains("\"id\":\"line-2\"") && $0.contains("not valid UTF-8") })
            // Standard input.
            let stdin = try await CLIRunner.run(
                [
                    "chat", "--endpoint", simulator.baseURL.absoluteString, "--deployment", "gpt-4o", "--api-key",
                    CLITests.key,
                ],
                stdinData: Data([0x68, 0x69, 0xFF]))
            #expect(stdin.status == 1)
            #expect(stdin.stderr.hasPrefix("error[invalidPrompt]: the prompt on standard input is not valid UTF-8"))
            #expect(simulator.requests.count == 1)
        }
    }
}
