import Foundation
import LLMSimulator
import SwiftLLM
@testable import LLMProviders

/// A primary and a backup simulator and a connector over them, torn down by `close()`.
struct SimulatorPair {
    static let key = "sim-key-0123456789"

    let primary: LLMSimulator
    let backup: LLMSimulator
    let connector: Connector

    static func start(
        poolSize: Int = 4,
        retry: RetryPolicy = RetryPolicy(baseBackoff: .milliseconds(20), maxBackoff: .milliseconds(100)),
        timeouts: Timeouts = Timeouts(
            connect: .seconds(5), attempt: .seconds(20), idle: .seconds(20), total: .seconds(60)),
        withBackup: Bool = true, style: EndpointStyle = .azure, deployment: String = "gpt-4.1-mini",
        tokenProvider: ConnectorConfiguration.TokenProvider? = nil
    ) async throws -> SimulatorPair {
        let primary = LLMSimulator(configuration: SimulatorConfiguration(apiKey: key, name: "primary"))
        let backup = LLMSimulator(configuration: SimulatorConfiguration(apiKey: key, name: "backup"))
        try await primary.start()
        try await backup.start()
        let base = baseURL(of: primary, style: style)
        let backupBase = baseURL(of: backup, style: style)
        let configuration = ConnectorConfiguration(
            primary: Endpoint(
                baseURL: base, style: style, deployment: deployment, apiKey: APIKey(key), name: "primary"),
            backups: withBackup ? [BackupEndpoint(baseURL: backupBase, name: "backup")] : [], retry: retry,
            timeouts: timeouts, cooldown: .seconds(30), poolSize: poolSize, tokenProvider: tokenProvider)
        return SimulatorPair(primary: primary, backup: backup, connector: try Connector(configuration: configuration))
    }

    /// A simulator's base URL for an endpoint of `style`: `/v1` for OpenAI, the project and
    /// location for Vertex AI, the server itself otherwise.
    static func baseURL(of simulator: LLMSimulator, style: EndpointStyle) -> URL {
        switch style {
        case .openAI: simulator.baseURL.appendingPathComponent("v1")
        case .vertexAI: simulator.baseURL.appendingPathComponent("v1/projects/sim-project/locations/us-central1")
        default: simulator.baseURL
        }
    }

    /// Starts a pair, runs `body`, and closes the pair whether `body` succeeded or threw.
    static func with(
        poolSize: Int = 4,
        retry: RetryPolicy = RetryPolicy(baseBackoff: .milliseconds(20), maxBackoff: .milliseconds(100)),
        timeouts: Timeouts = Timeouts(
            connect: .seconds(5), attempt: .seconds(20), idle: .seconds(20), total: .seconds(60)),
        withBackup: Bool = true, style: EndpointStyle = .azure, deployment: String = "gpt-4.1-mini",
        tokenProvider: ConnectorConfiguration.TokenProvider? = nil, _ body: (SimulatorPair) async throws -> Void
    ) async throws {
        let pair = try await start(
            poolSize: poolSize, retry: retry, timeouts: timeouts, withBackup: withBackup, style: style,
            deployment: deployment, tokenProvider: tokenProvider)
        do {
            try await body(pair)
        } catch {
            try await pair.close()
            throw error
        }
        try await pair.close()
    }

    func close() async throws {
        try await connector.shutdown()
        try await primary.shutdown()
        try await backup.shutdown()
    }

    static func chatBody(_ prompt: String = "hello", stream: Bool = false) -> Data {
        let streamPart = stream ? ", \"stream\": true, \"stream_options\": {\"include_usage\": true}" : ""
        return Data("{\"messages\": [{\"role\": \"user\", \"content\": \"\(prompt)\"}]\(streamPart)}".utf8)
    }

    static func chat(_ prompt: String = "hello", stream: Bool = false) -> ConnectorRequest {
        ConnectorRequest(
            path: "chat/completions", body: chatBody(prompt, stream: stream),
            framing: stream ? OpenAIChatFraming() : EndOfBodyFraming())
    }

    /// The assistant text of a non-streamed completion body.
    static func content(_ body: Data) -> String? {
        let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
        let choices = json?["choices"] as? [[String: Any]]
        return (choices?.first?["message"] as? [String: Any])?["content"] as? String
    }

    /// The text deltas of streamed chunk events, joined.
    static func text(of events: [ServerSentEvent]) -> String {
        events.compactMap { event -> String? in
            let json = try? JSONSerialization.jsonObject(with: Data(event.data.utf8)) as? [String: Any]
            let choices = json?["choices"] as? [[String: Any]]
            return (choices?.first?["delta"] as? [String: Any])?["content"] as? String
        }.joined()
    }
}

/// Runs `body` and returns the LLMError it throws, or nil.
func captureError(_ body: () async throws -> Void) async -> LLMError? {
    do {
        try await body()
        return nil
    } catch {
        return error as? LLMError
    }
}

/// A port with nothing listening on it: bound, then closed.
func closedPort() async throws -> Int {
    let simulator = LLMSimulator()
    let port = try await simulator.start()
    try await simulator.shutdown()
    return port
}

/// Runs `body` and returns the LLMError it throws, or nil.
func capture(_ body: () throws -> Void) -> LLMError? {
    do {
        try body()
        return nil
    } catch {
        return error as? LLMError
    }
}

/// Streams `prompt` from `model`: the text delivered, and the error the stream ended with, if any.
func streamedText(_ model: any LLM, _ prompt: String) async -> (text: String, error: LLMError?) {
    var text = ""
    let error = await captureError {
        for try await chunk in model.streamAnswer(prompt) { text += chunk.textDelta ?? "" }
    }
    return (text, error)
}
