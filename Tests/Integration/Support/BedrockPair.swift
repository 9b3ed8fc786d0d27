import Foundation
import LLMSimulator
import SwiftLLM

/// Two Bedrock simulators standing for two regions (`us-east-1`, `us-west-2`), each verifying SigV4
/// signatures for its own region, and a connector whose primary is the first and whose backup is
/// the second, signed for its region.
struct BedrockPair {
    static let credentials = AWSCredentials(
        accessKeyId: "AKIDTESTONLY", secretAccessKey: APIKey("test-only-secret-not-a-real-key"),
        sessionToken: APIKey("test-only-session-token"))

    let east: LLMSimulator
    let west: LLMSimulator
    let connector: Connector

    /// Starts the pair (the backup only when `withBackup`), runs `body`, and closes it.
    static func with(
        withBackup: Bool = true, credentials: AWSCredentials = credentials, apiKey: String? = nil,
        _ body: (BedrockPair) async throws -> Void
    ) async throws {
        let east = LLMSimulator(
            configuration: SimulatorConfiguration(
                apiKey: apiKey, name: "us-east-1", aws: SimulatorAWS(credentials: Self.credentials, region: "us-east-1")
            ))
        let west = LLMSimulator(
            configuration: SimulatorConfiguration(
                apiKey: apiKey, name: "us-west-2", aws: SimulatorAWS(credentials: Self.credentials, region: "us-west-2")
            ))
        try await east.start()
        try await west.start()
        let provider: AWSCredentials.Provider = { credentials }
        let configuration = ConnectorConfiguration(
            primary: .bedrock(
                region: "us-east-1", baseURL: east.baseURL, apiKey: apiKey.map { APIKey($0) }, credentials: provider),
            backups: withBackup
                ? [
                    BackupEndpoint(
                        baseURL: west.baseURL, style: .bedrock(region: "us-west-2", credentials: provider),
                        name: "bedrock-us-west-2")
                ] : [],
            retry: RetryPolicy(baseBackoff: .milliseconds(20), maxBackoff: .milliseconds(100)),
            timeouts: Timeouts(connect: .seconds(5), attempt: .seconds(20), idle: .seconds(20), total: .seconds(60)),
            cooldown: .seconds(30))
        let pair = BedrockPair(east: east, west: west, connector: try Connector(configuration: configuration))
        do {
            try await body(pair)
        } catch {
            try await pair.close()
            throw error
        }
        try await pair.close()
    }

    /// A model of the catalog over the pair's connector.
    func model(_ name: String = "us.anthropic.claude-haiku-4-5-20251001-v1:0") throws -> any LLM {
        try LLMFactory.make(metadata: ModelCatalog.metadata(named: name)!, connector: connector)
    }

    func close() async throws {
        try await connector.shutdown()
        try await east.shutdown()
        try await west.shutdown()
    }
}
