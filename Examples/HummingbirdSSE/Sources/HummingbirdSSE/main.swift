import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import SwiftLLM

// Uses AZURE_OPENAI_* / OPENAI_* when set; otherwise a primary and a backup simulator in-process,
// so it runs anywhere (DemoEndpoints).
let environment = ProcessInfo.processInfo.environment
let observability = try Observability(environment: environment)
var services: [any Service] = observability.services
let configuration: ConnectorConfiguration
if (try? ConnectorConfiguration.fromEnvironment()) != nil {
    configuration = try ConnectorConfiguration.fromEnvironment(deployment: "gpt-4.1-mini")
} else {
    let demo = try await DemoEndpoints.start(environment: environment)
    services += demo.simulators as [any Service]
    configuration = demo.configuration
}
let connector = try Connector(configuration: configuration)
let model = try LLMFactory.make(metadata: ModelCatalog.metadata(.gpt41Mini), connector: connector)

let router = Router()
addChatPage(to: router)
addChatRoute(to: router, model: model, endpoints: connector.endpoints)
observability.addMetricsRoute(to: router)
let port = Int(environment["PORT"] ?? "").map { max(0, min($0, 65_535)) } ?? 8080
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
// One group: on SIGTERM or SIGINT the app stops accepting and lets the responses in flight finish
// (an open stream included), then, in reverse order, the connector closes its connections, the
// simulators stop, and the exporters flush what they hold.
let group = ServiceGroup(
    services: services + [connector, app], gracefulShutdownSignals: [.sigterm, .sigint],
    logger: Logger(label: "HummingbirdSSE"))
try await group.run()
