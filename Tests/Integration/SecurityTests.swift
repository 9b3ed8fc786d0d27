import Foundation
import LLMSimulator
import Logging
import NIOSSL
import SwiftLLM
import Testing

@Suite(.serialized) struct SecurityTests {
    static let key = "sk-SECRET-do-not-print-0123456789"

    @Test func theKeyNeverAppearsInLogsErrorsDescriptionsOrDumps() async throws {
        let primary = LLMSimulator(configuration: SimulatorConfiguration(apiKey: Self.key, name: "primary"))
        let backup = LLMSimulator(configuration: SimulatorConfiguration(apiKey: "another", name: "backup"))
        try await primary.start()
        try await backup.start()
        let configuration = ConnectorConfiguration(
            primary: Endpoint(baseURL: primary.baseURL, deployment: "gpt-4o", apiKey: APIKey(Self.key)),
            backups: [BackupEndpoint(baseURL: backup.baseURL)],
            retry: RetryPolicy(maxRetries: 1, baseBackoff: .milliseconds(5)))
        let connector = try Connector(configuration: configuration)
        let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
        let logs = LogCapture()
        var logger = Logger(label: "security") { _ in logs }
        logger.logLevel = .trace
        var output = ""
        // A failover (503) to a backup that rejects the key (401), a content filter, a stream drop.
        primary.enqueue(.status(503), .contentFilter, .dropMidStream(afterChunks: 2))
        for _ in 0..<2 {
            do {
                _ = try await model.getAnswer("x", context: RequestContext(logger: logger))
            } catch {
                output += "\(error) \(String(reflecting: error))"
                dump(error, to: &output)
            }
        }
        do {
            for try await _ in model.streamAnswer("a b c", context: RequestContext(logger: logger)) {}
        } catch {
            output += "\(error)"
            dump(error, to: &output)
        }
        dump(configuration, to: &output)
        dump(connector.endpoints, to: &output)
        output += "\(configuration.primary) \(connector.endpoints)"
        output += logs.text
        #expect(!output.isEmpty)
        #expect(!output.contains(Self.key))
        #expect(!output.contains("SECRET"))
        try await connector.shutdown()
        try await primary.shutdown()
        try await backup.shutdown()
    }

    @Test func aFailingCLIRunNeverPrintsTheKey() async throws {
        let simulator = LLMSimulator(configuration: SimulatorConfiguration(apiKey: Self.key, name: "sim"))
        try await simulator.start()
        do {
            simulator.enqueue(.status(503), .status(503), .status(503))
            let failing = try await CLIRunner.run(
                [
                    "chat", "hi", "--endpoint", simulator.baseURL.absoluteString, "--deployment", "d", "--api-key",
                    Self.key,
                    "--json",
                ], environment: ["LLM_LOG_LEVEL": "trace"])
            let rejected = try await CLIRunner.run(
                ["chat", "hi", "--stream", "--endpoint", simulator.baseURL.absoluteString, "--deployment", "d"],
                environment: ["LLM_LOG_LEVEL": "trace", "AZURE_OPENAI_KEY": Self.key + "-wrong"])
            #expect(failing.status == 1 && rejected.status == 1)
            #expect(failing.stderr.contains("error[serviceUnavailable]"))
            for text in [failing.stdout, failing.stderr, rejected.stdout, rejected.stderr] {
                #expect(!text.contains("SECRET"))
            }
        }
        try await simulator.shutdown()
    }

    @Test func tlsVerificationIsOnAndConnectionRetriesAreOurs() throws {
        let configuration = ConnectorConfiguration(
            primary: Endpoint(baseURL: URL(string: "https://x.openai.azure.com")!, deployment: "d", apiKey: "k"))
        let client = try Connector.clientConfiguration(configuration)
        #expect(client.tlsConfiguration?.certificateVerification == .fullVerification)
        #expect(client.connectionPool.retryConnectionEstablishment == false)
        // Redirects are disallowed: ConnectorFailoverTests.aRedirectIsNotFollowed proves it over a socket.
    }

    @Test func aBackupGetsOnlyTheKeyTheConfigurationGaveIt() async throws {
        let primary = LLMSimulator(configuration: SimulatorConfiguration(name: "primary"))
        let own = LLMSimulator(configuration: SimulatorConfiguration(name: "own"))
        let inherited = LLMSimulator(configuration: SimulatorConfiguration(name: "inherited"))
        for simulator in [primary, own, inherited] { try await simulator.start() }
        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(baseURL: primary.baseURL, deployment: "d", apiKey: "primary-key"),
                backups: [
                    BackupEndpoint(baseURL: own.baseURL, apiKey: "backup-key"),
                    BackupEndpoint(baseURL: inherited.baseURL),
                ]))
        let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
        primary.enqueue(.status(503))
        own.enqueue(.status(503))
        _ = try await model.getAnswer("x")
        #expect(primary.requests.map { $0.headers["api-key"] } == ["primary-key"])
        #expect(own.requests.map { $0.headers["api-key"] } == ["backup-key"])
        #expect(inherited.requests.map { $0.headers["api-key"] } == ["primary-key"])
        try await connector.shutdown()
        for simulator in [primary, own, inherited] { try await simulator.shutdown() }
    }
}
