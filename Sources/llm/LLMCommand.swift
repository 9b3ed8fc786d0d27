import ArgumentParser
import Foundation
import Logging

/// The `llm` command-line tool.
@main
struct LLMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llm",
        abstract: "Call Azure OpenAI, OpenAI and OpenAI-compatible servers through swift-llm.",
        discussion: "Library logs go to stderr at the level in LLM_LOG_LEVEL (default: warning).",
        subcommands: [
            ChatCommand.self, EmbedCommand.self, BatchCommand.self, ImageCommand.self, SpeakCommand.self,
            TranscribeCommand.self,
            VideoCommand.self, BenchCommand.self, ModelsCommand.self, DemoCommand.self, ThreadCommand.self,
        ])

    /// Sets up logging, then parses and runs the subcommand.
    static func main() async {
        let level =
            ProcessInfo.processInfo.environment["LLM_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// Writes to standard output unbuffered, so streamed text and lines keep their order.
enum Console {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func line(_ text: String = "") {
        write(text + "\n")
    }
}
