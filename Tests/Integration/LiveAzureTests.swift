import Foundation
import SwiftLLM
import Testing

/// Runs against a real Azure OpenAI deployment when AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_KEY (or
/// AZURE_OPENAI_API_KEY) and AZURE_OPENAI_DEPLOYMENT are set (AZURE_OPENAI_API_VERSION optional);
/// otherwise each test is skipped and says which variable is missing.
@Suite(.serialized) struct LiveAzureTests {
    static let environment = ProcessInfo.processInfo.environment

    static var missing: [String] {
        var names: [String] = []
        if (environment["AZURE_OPENAI_ENDPOINT"] ?? "").isEmpty { names.append("AZURE_OPENAI_ENDPOINT") }
        if (environment["AZURE_OPENAI_KEY"] ?? environment["AZURE_OPENAI_API_KEY"] ?? "").isEmpty {
            names.append("AZURE_OPENAI_KEY (or AZURE_OPENAI_API_KEY)")
        }
        if (environment["AZURE_OPENAI_DEPLOYMENT"] ?? "").isEmpty { names.append("AZURE_OPENAI_DEPLOYMENT") }
        return names
    }

    static var enabled: Bool {
        if !missing.isEmpty {
            print("LiveAzureTests skipped: set \(missing.joined(separator: ", ")) to run them against Azure")
        }
        return missing.isEmpty
    }

    /// Runs `body` with a model for the configured deployment; with `primaryOverride`, that URL is
    /// tried first and the real endpoint becomes its backup.
    static func withModel(primaryOverride: URL? = nil, _ body: (any LLM) async throws -> Void) async throws {
        var configuration = try ConnectorConfiguration.fromEnvironment()
        if let primaryOverride {
            let real = configuration.primary
            configuration.primary.baseURL = primaryOverride
            configuration.primary.name = "unreachable"
            configuration.backups.insert(BackupEndpoint(baseURL: real.baseURL, name: "azure"), at: 0)
        }
        let deployment = configuration.primary.deployment ?? ""
        let metadata = ModelCatalog.metadata(named: deployment) ?? ModelCatalog.metadata(named: "gpt-4o")!
        let (model, connector) = try LLMFactory.make(metadata: metadata, configuration: configuration)
        do {
            try await body(model)
        } catch {
            try await connector.shutdown()
            throw error
        }
        try await connector.shutdown()
    }

    @Test(.enabled(if: enabled)) func getAnswer() async throws {
        try await Self.withModel { model in
            let response = try await model.getAnswer(
                "Reply with the single word: pong", options: GenerationOptions(maxTokens: 20))
            #expect(response.content.lowercased().contains("pong"))
            #expect(response.usage != nil)
        }
    }

    @Test(.enabled(if: enabled)) func streamAnswer() async throws {
        try await Self.withModel { model in
            var accumulator = StreamAccumulator()
            for try await chunk in model.streamAnswer("Count from 1 to 5.", options: GenerationOptions(maxTokens: 50)) {
                accumulator.add(chunk)
            }
            #expect(accumulator.response.content.contains("3"))
            #expect(accumulator.response.finishReason != nil)
        }
    }

    @Test(.enabled(if: enabled)) func visionPrompt() async throws {
        try await Self.withModel { model in
            let response = try await model.getAnswer(
                [.user("What colour is this image? One word.", images: [.bytes(LiveAzureTests.redPixelPNG)])],
                options: GenerationOptions(maxTokens: 20))
            #expect(!response.content.isEmpty)
        }
    }

    @Test(.enabled(if: enabled)) func failsOverFromAnUnreachableEndpoint() async throws {
        try await Self.withModel(primaryOverride: URL(string: "https://127.0.0.1:1")!) { model in
            let response = try await model.getAnswer("Reply with: ok", options: GenerationOptions(maxTokens: 10))
            #expect(response.attempts == 2)
            #expect(response.endpoint?.contains("127.0.0.1") == false)
        }
    }

    /// A 1x1 red PNG.
    static let redPixelPNG = Data(
        base64Encoded:
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")!
}
