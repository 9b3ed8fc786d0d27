import Connectors
import Foundation
import LLMCore
import LLMProviders

enum ProviderFixtures {
    /// Runs `body` with a connector that is never used for I/O, then shuts it down.
    static func withConnector(
        style: EndpointStyle = .azure, _ body: (Connector) async throws -> Void
    ) async throws {
        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: URL(string: "https://unit.openai.azure.com")!, style: style, deployment: "my-deployment",
                    apiKey: "unit-key")))
        do {
            try await body(connector)
        } catch {
            try await connector.shutdown()
            throw error
        }
        try await connector.shutdown()
    }

    static let conversation: [ChatMessage] = [
        .system("Be brief."),
        .user("What is in the image?", images: [.url(URL(string: "https://example.com/cat.png")!, detail: .low)]),
    ]

    static let options = GenerationOptions(
        maxTokens: 100, temperature: 0.5, topP: 0.9, stop: ["END"], seed: 7, user: "user-1",
        extraBody: ["logprobs": false])

    static let toolOptions = GenerationOptions(
        responseFormat: .jsonSchema(
            name: "answer", schema: ["type": "object", "properties": ["a": ["type": "string"]]]),
        tools: [ToolDefinition(name: "weather", description: "Weather for a city", parameters: ["type": "object"])],
        toolChoice: .function("weather"), parallelToolCalls: false, reasoningEffort: .low)

    static func text(_ body: ChatBody) -> String {
        String(decoding: body.data, as: UTF8.self)
    }
}
