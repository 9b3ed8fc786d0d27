import Foundation
import LLMSimulator
import SwiftLLM
import Testing

/// LLMSimulator as a user's test double, with nothing scripted: a structured-output request gets an
/// answer that matches its schema, a tool call gets arguments that match the tool's schema (the
/// forced tool when one is forced), and after the tool's result comes a final text answer, on
/// every API the simulator speaks.
@Suite(.serialized) struct SimulatorAsTestDoubleTests {
    typealias API = AgentIntegrationTests.API

    struct Capital: Codable, Sendable, SchemaAnnotated {
        var country: String
        var city: String
        var population: Int
        var coastal: Bool
        var neighbours: [String]
        var continent: Continent
        static let schemaAnnotations: SchemaAnnotations = ["population": "Inhabitants, at least 1,000"]
    }

    enum Continent: String, Codable, Sendable, CaseIterable {
        case europe, asia, africa
    }

    @Test(arguments: API.allCases) func generateDecodesASchemaValidAnswer(api: API) async throws {
        try await AgentIntegrationTests.with(api) { simulator, model in
            let capital = try await model.generate(Capital.self, prompt: "The capital of Norway?")
            #expect(capital.continent == .europe)
            #expect(!capital.city.isEmpty && capital.neighbours.count >= 1)
            #expect(simulator.requests.count == 1, "no retry: the first answer matched")
        }
    }

    @Test(arguments: API.allCases) func anAgentGetsValidArgumentsThenAFinalAnswer(api: API) async throws {
        try await AgentIntegrationTests.with(api) { simulator, model in
            let run = try await Agent(model: model, tools: [try AgentIntegrationTests.weatherTool()])
                .run("Oslo")
            // One call with {"city": ...} decoded by the tool, then the final text.
            #expect(run.steps.count == 2, "\(run.steps)")
            #expect(run.response.toolCalls.isEmpty)
            #expect(run.response.content.contains("the tool returned"), "\(run.response.content)")
            #expect(run.response.content.contains("\"city\""))
            #expect(simulator.requests.count == 2)
        }
    }
}
