import ArgumentParser
import Foundation
import SwiftLLM

/// The `llm` command-line tool.
@main
struct LLMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llm",
        abstract: "swift-llm: call Azure OpenAI, OpenAI and compatible servers from the command line.",
        subcommands: [DemoCommand.self])
}

/// `llm demo`: the library's checks at work, with no credentials and no network.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Show the library working with no credentials and no network.")

    func run() async throws {
        print("== Parameter validation (before any network call) ==")
        for options in [GenerationOptions(temperature: 2.5), GenerationOptions(stop: ["a", "b", "c", "d", "e"])] {
            do {
                try options.validate()
            } catch {
                print("error[\(error.code)]: \(error.message)")
            }
        }
        print("\n== Media sniffing (by magic bytes, not file names) ==")
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        print("bytes 89 50 4E 47 ... are \(MIMESniffer.sniff(png)?.rawValue ?? "unknown")")
        print("\n== Unsupported media with a hint ==")
        let metadata = ModelMetadata(name: "gpt-4.1-mini")
        print(LLMError.unsupportedOutput(.image, metadata: metadata))
    }
}
