import ArgumentParser
import Foundation
import SwiftLLM

/// `llm thread new|show|log|lineage`: versioned conversation threads.
struct ThreadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thread", abstract: "Create and read versioned conversation threads.",
        subcommands: [New.self, Show.self, Log.self, Lineage.self])

    /// `llm thread new`: prints the new thread's id.
    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a thread; prints its id.")
        @OptionGroup var storage: ThreadStoreOptions
        @Option(help: "The thread's system prompt.") var system: String?
        @Option(help: "The model the thread is for (llm chat --thread uses it unless --model is given).")
        var model: String?
        @Option(name: .customLong("max-tokens"), help: "The most tokens each answer may have.") var maxTokens: Int?
        @Option(help: "Sampling temperature, 0...2.") var temperature: Double?

        var options: GenerationOptions { GenerationOptions(maxTokens: maxTokens, temperature: temperature) }

        /// Options a model would refuse are refused now, not at the thread's first turn.
        func validate() throws {
            do { try options.validate() } catch { throw ValidationError(error.message) }
        }

        func run() async throws {
            try await storage.with { store in
                let thread = ChatThread(
                    systemPrompt: system, configuration: ThreadConfiguration(model: model, options: options))
                try await store.save(thread)
                Console.line(ThreadRecord.key(thread.id))
            }
        }
    }

    /// `llm thread show ID [--version V]`: a version's messages.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a thread's latest version (or --version), one message per line.")
        @OptionGroup var storage: ThreadStoreOptions
        @Argument(help: "The thread id.") var thread: String
        @Option(help: "A version of the thread (default: the latest).") var version: String?

        func run() async throws {
            let lineage = try ThreadStoreOptions.id(thread, "thread")
            let wanted = try version.map { try ThreadStoreOptions.id($0, "--version") }
            try await storage.with { store in
                let found =
                    if let wanted { try await store.version(wanted) } else { try await store.latest(lineage: lineage) }
                guard let found, found.lineageId == lineage else {
                    throw LLMError(
                        code: .notFound, message: "no such thread or version in the store",
                        hint: "llm thread log ID lists the versions")
                }
                Console.line(
                    "thread \(ThreadRecord.key(lineage)) version \(ThreadRecord.key(found.id)) (\(found.change.label))")
                if let system = found.systemPrompt { Console.line("system: \(Redactor.shared.server(system))") }
                for message in found.messages {
                    let calls = message.toolCalls.map { "\($0.name)(\($0.arguments))" }.joined(separator: ", ")
                    Console.line(
                        "\(message.role.rawValue): "
                            + Redactor.shared.server(message.text.isEmpty ? calls : message.text))
                }
            }
        }
    }

    /// `llm thread log ID`: every version in order with its parent.
    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a thread's versions in order, with parents.")
        @OptionGroup var storage: ThreadStoreOptions
        @Argument(help: "The thread id.") var thread: String

        func run() async throws {
            try await storage.withTree(of: thread) { tree in
                let leaves = Set(tree.leaves.map(\.id))
                for node in tree.nodes {
                    let parent = node.parentId.map(ThreadRecord.key) ?? "-"
                    let mark = leaves.contains(node.id) ? " *" : ""
                    Console.line(
                        "\(ThreadRecord.key(node.id))  parent \(parent)  \(node.change.label)  \(Redactor.shared.server(node.summary))\(mark)"
                    )
                }
            }
        }
    }

    /// `llm thread lineage ID --mermaid`: the version tree.
    struct Lineage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a thread's version tree (as Mermaid with --mermaid).")
        @OptionGroup var storage: ThreadStoreOptions
        @Argument(help: "The thread id.") var thread: String
        @Flag(help: "Print a Mermaid graph (graph TD).") var mermaid = false

        func run() async throws {
            try await storage.withTree(of: thread) { tree in
                if mermaid {
                    Console.write(Redactor.shared.server(tree.mermaid()))
                    return
                }
                func show(_ node: ThreadTree.Node, depth: Int) {
                    Console.line(
                        String(repeating: "  ", count: depth)
                            + "\(ThreadRecord.key(node.id)) \(Redactor.shared.server(node.summary))")
                    for child in tree.children(of: node.id) { show(child, depth: depth + 1) }
                }
                for root in tree.nodes where root.parentId == nil { show(root, depth: 0) }
            }
        }
    }
}
