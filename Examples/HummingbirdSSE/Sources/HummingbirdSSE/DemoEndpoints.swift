import Foundation
import LLMSimulator
import ServiceLifecycle
import SwiftLLM

/// Without real endpoints configured, the app talks to two in-process simulators, a primary and a
/// backup, so that it runs anywhere and shows failover. `EXAMPLE_SIMULATE` picks a scenario:
/// `primary-outage` (the primary answers 503 to everything, the backup answers), `outage` (both
/// do, so the page shows the error); `EXAMPLE_CHUNK_DELAY_MS` paces the stream.
struct DemoEndpoints {
    let simulators: [LLMSimulator]
    let configuration: ConnectorConfiguration

    static func start(environment: [String: String]) async throws -> DemoEndpoints {
        let scenario = environment["EXAMPLE_SIMULATE"] ?? ""
        let delay = Int(environment["EXAMPLE_CHUNK_DELAY_MS"] ?? "").map { max(0, min($0, 10_000)) } ?? 0
        func simulator(_ name: String, down: Bool) -> LLMSimulator {
            var faults: [(fault: SimulatorFault, probability: Double)] = []
            if down { faults.append((.status(503), 1)) }
            if delay > 0 { faults.append((.delayChunks(.milliseconds(delay)), 1)) }
            return LLMSimulator(
                configuration: SimulatorConfiguration(
                    apiKey: "local", randomFaults: faults, name: name, recordRequests: false))
        }
        let primary = simulator("primary", down: scenario == "primary-outage" || scenario == "outage")
        let backup = simulator("backup", down: scenario == "outage")
        _ = try await primary.start()
        _ = try await backup.start()
        let configuration = ConnectorConfiguration(
            primary: Endpoint(baseURL: primary.baseURL, deployment: "gpt-4.1-mini", apiKey: "local", name: "primary"),
            backups: [BackupEndpoint(baseURL: backup.baseURL, name: "backup")],
            retry: RetryPolicy(maxRetries: 1, baseBackoff: .milliseconds(100), jitter: false),
            allowInsecureHTTP: true)
        return DemoEndpoints(simulators: [primary, backup], configuration: configuration)
    }
}
