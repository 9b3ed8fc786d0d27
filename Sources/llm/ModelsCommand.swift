import ArgumentParser
import LLMProviders
import SwiftLLM

/// `llm models`: the built-in catalog as a table.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract:
            "List the providers (any model id works on each) and the catalog's profiles: limits, prices and capabilities."
    )

    func run() {
        let header = [
            "name", "provider", "family", "context", "max output", "$/M in", "$/M cached", "$/M out", "capabilities",
        ]
        var rows = [header]
        for metadata in ModelCatalog.all {
            let pricing = metadata.pricing
            rows.append([
                metadata.name, metadata.provider.rawValue, metadata.family, String(metadata.limits.contextWindow),
                String(metadata.limits.maxOutputTokens), pricing.map { Self.price($0.inputPerMillion) } ?? "-",
                pricing?.cachedInputPerMillion.map(Self.price) ?? "-",
                pricing.map { Self.price($0.outputPerMillion) } ?? "-",
                Self.capabilities(metadata.capabilities),
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            Console.line(
                row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(
                    separator: "  "))
        }
        var dates: [String: String] = [:]
        for metadata in ModelCatalog.all {
            if let pricing = metadata.pricing { dates[metadata.provider.rawValue] = pricing.asOf }
        }
        let taken = dates.sorted { $0.key < $1.key }.map { "\($0.key) as of \($0.value)" }.joined(separator: ", ")
        Console.line("\nList prices in US dollars per million tokens (\(taken)).")
        Console.line("\nProviders (--provider NAME; any model id of the provider's API works, with its defaults):")
        let providers = ProviderRegistry.all.map { descriptor in
            [
                descriptor.name, descriptor.styles.first?.defaultBaseURL?.absoluteString ?? "(--endpoint)",
                descriptor.defaultModel ?? "(--model)", descriptor.summary,
            ]
        }
        let providerWidths = (0..<3).map { column in providers.map { $0[column].count }.max() ?? 0 }
        for row in providers {
            let padded = (0..<3).map { row[$0].padding(toLength: providerWidths[$0], withPad: " ", startingAt: 0) }
            Console.line((padded + [row[3]]).joined(separator: "  "))
        }
    }

    static func price(_ value: Double) -> String {
        // Two decimals, up to five when the price needs them (0.025, 0.00875).
        var text = String(format: "%.5f", value)
        while text.hasSuffix("0"), text.split(separator: ".").last.map({ $0.count > 2 }) == true { text.removeLast() }
        return text
    }

    static func capabilities(_ capabilities: ModelCapabilities) -> String {
        let inputs = capabilities.inputTypes.sorted().map(\.rawValue).joined(separator: "+")
        let outputs = capabilities.outputTypes.sorted().map(\.rawValue).joined(separator: "+")
        var names = ["\(inputs)->\(outputs)"]
        if capabilities.vision { names.append("vision") }
        if capabilities.tools { names.append("tools") }
        if capabilities.jsonSchema { names.append("json-schema") }
        if capabilities.reasoning { names.append("reasoning") }
        if capabilities.streaming { names.append("streaming") }
        if let embedding = capabilities.embedding {
            let range = embedding.allowedDimensions.map { " (\($0.lowerBound)-\($0.upperBound))" } ?? ""
            names = ["text->vector", "\(embedding.dimensions) dims\(range)"]
        }
        return names.joined(separator: ",")
    }
}
