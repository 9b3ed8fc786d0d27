import Foundation
import Hummingbird
import LLMSimulator
import SwiftLLM

// Uses AZURE_OPENAI_* / OPENAI_* when set; otherwise an in-process simulator, so it runs anywhere.
let environment = ProcessInfo.processInfo.environment
let simulator = LLMSimulator(configuration: SimulatorConfiguration(name: "simulator"))
let configuration: ConnectorConfiguration
if (try? ConnectorConfiguration.fromEnvironment()) != nil {
    configuration = try ConnectorConfiguration.fromEnvironment(deployment: "gpt-4.1-mini")
} else {
    try await simulator.start()
    configuration = ConnectorConfiguration(
        primary: Endpoint(baseURL: simulator.baseURL, deployment: "gpt-4.1-mini", apiKey: "local"))
}
let connector = try Connector(configuration: configuration)
let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!, connector: connector)

let router = Router()
addChatRoute(to: router, model: model)
let port = Int(environment["PORT"] ?? "") ?? 8080
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
try await connector.shutdown()
try await simulator.shutdown()
