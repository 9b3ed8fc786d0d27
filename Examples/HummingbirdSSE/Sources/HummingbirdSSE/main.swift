import Foundation
import Hummingbird
import LLMSimulator
import Logging
import ServiceLifecycle
import SwiftLLM

// Uses AZURE_OPENAI_* / OPENAI_* when set; otherwise an in-process simulator, so it runs anywhere.
let environment = ProcessInfo.processInfo.environment
let simulator = LLMSimulator(configuration: SimulatorConfiguration(name: "simulator"))
var services: [any Service] = []
let configuration: ConnectorConfiguration
if (try? ConnectorConfiguration.fromEnvironment()) != nil {
    configuration = try ConnectorConfiguration.fromEnvironment(deployment: "gpt-4.1-mini")
} else {
    try await simulator.start()
    services.append(simulator)
    configuration = ConnectorConfiguration(
        primary: Endpoint(baseURL: simulator.baseURL, deployment: "gpt-4.1-mini", apiKey: "local"))
}
let connector = try Connector(configuration: configuration)
let model = try LLMFactory.make(metadata: ModelCatalog.metadata(.gpt41Mini), connector: connector)

let router = Router()
addChatRoute(to: router, model: model)
let port = Int(environment["PORT"] ?? "") ?? 8080
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
// One group: on SIGTERM or SIGINT the app stops accepting, then (in reverse order) the connector
// lets the answers in flight finish and closes its connections, then the simulator stops.
let group = ServiceGroup(
    services: services + [connector, app], gracefulShutdownSignals: [.sigterm, .sigint],
    logger: Logger(label: "HummingbirdSSE"))
try await group.run()
