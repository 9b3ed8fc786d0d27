import ArgumentParser
import Foundation
import SwiftLLM

/// `llm embed TEXT...`: one vector per input, as text lines or one JSON object.
struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract:
            "Embed texts: one vector per input (default model text-embedding-3-small, or gemini-embedding-001 with --provider gemini)."
    )

    @OptionGroup var endpoint: EndpointOptions

    @Argument(help: "The texts to embed; read from standard input, one per line, when absent.")
    var texts: [String] = []

    @Option(help: "The vectors' length, for models that can shorten them.")
    var dimensions: Int?

    @Option(name: .customLong("task-type"), help: "Gemini's taskType (RETRIEVAL_QUERY, RETRIEVAL_DOCUMENT, ...).")
    var taskType: String?

    @Flag(help: "Print one JSON object with model, vectors, dimensions, usage, cost_usd and requests.")
    var json = false

    func run() async throws {
        if let dimensions, !(1...65_536).contains(dimensions) {
            throw ValidationError("--dimensions must be between 1 and 65536")
        }
        let inputs =
            texts.isEmpty
            ? try ChatCommand.readStandardInput().split(separator: "\n").map(String.init).filter { !$0.isEmpty }
            : texts
        let google = ["gemini", "vertex-ai"].contains(endpoint.provider?.lowercased() ?? "")
        try await endpoint.withEmbeddingModel(
            defaultModel: google ? "gemini-embedding-001" : "text-embedding-3-small"
        ) { model in
            let result = try await model.embed(
                inputs, options: EmbeddingOptions(dimensions: dimensions, taskType: taskType))
            if json {
                Console.line(Redactor.shared.mask(Self.json(result)))
            } else {
                for vector in result.vectors { Console.line(vector.map { "\($0)" }.joined(separator: " ")) }
            }
        }
    }

    /// The result as one JSON object.
    static func json(_ result: EmbeddingResponse) -> String {
        var object: [String: JSONValue] = [
            "model": .string(result.model), "requests": .int(result.requests),
            "dimensions": .int(result.vectors.first?.count ?? 0),
            "vectors": .array(result.vectors.map { .array($0.map { .double(Double($0)) }) }),
            "cost_usd": result.costUSD.map(JSONValue.double) ?? .null,
            "usage": result.usage.map {
                ["prompt_tokens": .int($0.promptTokens), "total_tokens": .int($0.totalTokens)]
            }
                ?? .null,
        ]
        if let endpoint = result.endpoint { object["endpoint"] = .string(endpoint) }
        return JSONValue.object(object).jsonString
    }
}
