import Configuration
import Foundation
import LLMConfiguration
import LLMSharedState
import LLMSimulator
import Logging
import SwiftLLM
import Testing

/// Connector, router and store settings read through swift-configuration: environment variables,
/// JSON and YAML files and command-line arguments in that precedence, secrets redacted from access
/// logs, bad values as typed errors naming the key, and a connector read this way answering over a
/// real socket.
@Suite struct ConfigReaderTests {
    /// A temporary file holding `text`, removed when the test ends.
    static func file(_ name: String, _ text: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("llm-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func environmentThenFilesThenArgumentsInThatPrecedence() async throws {
        let yaml = try Self.file(
            "llm.yaml",
            """
            llm:
              style: openai
              endpoint: https://file.example.com/v1
              timeouts:
                connect: 2.5
              poolSize: 4
              httpVersion: http1
              http2:
                streamsPerConnection: 50
                pingInterval: 0
            """)
        let json = try Self.file(
            "llm.json", #"{"llm": {"endpoint": "https://second-file.example.com/v1", "retry": {"maxRetries": 5}}}"#)
        let arguments = ["server", "--llm-endpoint", "https://args.example.com/v1", "--llm-cooldown", "9"]
        func read(_ environment: [String: String], files: [URL]) async throws -> ConnectorConfiguration {
            let reader = try await LLMConfigSources.reader(
                environment: environment, files: files.map(\.path), arguments: arguments)
            return try ConnectorConfiguration(config: reader.scoped(to: "llm"))
        }
        let all = try await read(["LLM_ENDPOINT": "https://env.example.com/v1"], files: [yaml, json])
        #expect(all.primary.baseURL.host == "env.example.com")
        #expect(all.primary.style == .openAI)
        // Each value from the first source that sets it.
        #expect(all.timeouts.connect == .milliseconds(2500))
        #expect(all.poolSize == 4)
        #expect(all.httpVersion == .http1)
        #expect(all.http2StreamsPerConnection == 50)
        #expect(all.http2PingInterval == nil)
        #expect(all.retry.maxRetries == 5)
        #expect(all.cooldown == .seconds(9))
        #expect(try await read([:], files: [yaml, json]).primary.baseURL.host == "file.example.com")
        #expect(try await read([:], files: [json, yaml]).primary.baseURL.host == "second-file.example.com")
        let argumentsOnly = try await LLMConfigSources.reader(
            environment: ["LLM_STYLE": "openai"], arguments: arguments)
        #expect(
            try ConnectorConfiguration(config: argumentsOnly.scoped(to: "llm")).primary.baseURL.host
                == "args.example.com")
    }

    @Test func seed004sShapeReadsAsItIsAndBackupsAreAList() async throws {
        let seed = try Self.file(
            "seed.json",
            #"{"api_key": "k-seed", "endpoint": "https://r.openai.azure.com", "deployment_name": "gpt-4.1-mini", "api_version": "2024-10-21"}"#
        )
        let configuration = try ConnectorConfiguration(
            config: try await LLMConfigSources.reader(environment: [:], files: [seed.path]))
        #expect(configuration.primary.style == .azure)
        #expect(configuration.primary.deployment == "gpt-4.1-mini")
        #expect(configuration.primary.apiVersion == "2024-10-21")
        #expect(configuration.primary.apiKey == APIKey("k-seed"))
        let withBackups = try ConnectorConfiguration(
            config: try await LLMConfigSources.reader(
                environment: [
                    "LLM_ENDPOINT": "https://east.openai.azure.com", "LLM_API_KEY": "k",
                    "LLM_DEPLOYMENT_NAME": "d",
                    "LLM_BACKUPS": "https://west.openai.azure.com,https://north.openai.azure.com",
                ]
            ).scoped(to: "llm"))
        #expect(
            withBackups.endpoints.map { $0.baseURL.host } == [
                "east.openai.azure.com", "west.openai.azure.com", "north.openai.azure.com",
            ])
        #expect(withBackups.endpoints.allSatisfy { $0.deployment == "d" && $0.apiKey == APIKey("k") })
    }

    @Test func accessLogsRedactTheKeyWhereverItComesFrom() async throws {
        let secret = "sk-config-secret-0123456789"
        let logs = LogCapture()
        var logger = Logger(label: "config") { _ in logs }
        logger.logLevel = .trace
        let yaml = try Self.file("llm.yaml", "llm:\n  style: openai\n  password: \(secret)-file\n")
        let reader = try await LLMConfigSources.reader(
            environment: ["LLM_API_KEY": secret, "LLM_TOKEN": "\(secret)-token"], files: [yaml.path],
            arguments: ["server", "--llm-api-key", "\(secret)-args"], accessReporter: AccessLogger(logger: logger))
        let configuration = try ConnectorConfiguration(config: reader.scoped(to: "llm"))
        #expect(configuration.primary.apiKey == APIKey(secret))
        // Keys that name secrets are redacted even when read without asking for secrecy.
        _ = reader.string(forKey: "llm.token")
        _ = reader.string(forKey: "llm.password")
        #expect(logs.records.count >= 3)
        #expect(!logs.text.contains(secret))
        #expect(logs.text.contains("llm.api_key") || logs.text.contains("llm.apiKey"))
    }

    @Test func aBadValueIsATypedErrorNamingItsKey() async throws {
        func failure(_ environment: [String: String]) async throws -> LLMError? {
            let reader = try await LLMConfigSources.reader(
                environment: ["LLM_STYLE": "openai", "LLM_API_KEY": "k"].merging(environment) { $1 })
            do {
                _ = try ConnectorConfiguration(config: reader.scoped(to: "llm"))
                return nil
            } catch {
                return error
            }
        }
        let cases: [([String: String], String)] = [
            (["LLM_TIMEOUTS_CONNECT": "soon"], "timeouts.connect"),
            (["LLM_TIMEOUTS_TOTAL": "-1"], "timeouts.total"),
            (["LLM_POOL_SIZE": "0"], "poolSize"),
            (["LLM_HTTP_VERSION": "http3"], "httpVersion"),
            (["LLM_RETRY_MAX_RETRIES": "many"], "retry.maxRetries"),
            (["LLM_ALLOW_INSECURE_HTTP": "perhaps"], "allowInsecureHTTP"),
            (["LLM_ENDPOINT": "not a url"], "endpoint"),
            (["LLM_STYLE": "carrier-pigeon"], "style"),
        ]
        for (environment, key) in cases {
            let error = try await failure(environment)
            #expect(error?.code == .invalidConfiguration, "\(environment)")
            #expect(error?.parameter == key, "\(environment): \(String(describing: error))")
        }
        let missing = try Self.file("missing.toml", "")
        await #expect(throws: LLMError.self) { _ = try await LLMConfigSources.reader(files: [missing.path]) }
        await #expect(throws: LLMError.self) { _ = try await LLMConfigSources.reader(files: ["/nonexistent/llm.json"]) }
    }

    @Test func routerAndStoreSettings() async throws {
        let yaml = try Self.file(
            "router.yaml",
            """
            router:
              strategy: lowest-latency
              fallbacks: [backup-group]
              allowedFails: 2
              cooldown: 30
              timeout: 45
            state:
              failureMode: closed
              timeout: 0.5
            """)
        let reader = try await LLMConfigSources.reader(environment: ["ROUTER_ALLOWED_FAILS": "5"], files: [yaml.path])
        let router = try RouterConfiguration(config: reader.scoped(to: "router"), deployments: [])
        #expect(router.strategy == .lowestLatency)
        #expect(router.fallbacks == ["backup-group"])
        #expect(router.allowedFails == 5)
        #expect(router.cooldown == .seconds(30) && router.timeout == .seconds(45))
        let state = try SharedStateOptions(config: reader.scoped(to: "state"))
        #expect(state.failureMode == .closed && state.timeout == .milliseconds(500))
        let bad = try await LLMConfigSources.reader(environment: ["ROUTER_STRATEGY": "fastest-horse"])
        #expect(throws: LLMError.self) { try RouterConfiguration(config: bad.scoped(to: "router"), deployments: []) }
    }

    @Test func aConnectorReadFromConfigurationAnswers() async throws {
        let simulator = LLMSimulator(configuration: SimulatorConfiguration(apiKey: "k-sim", name: "configured"))
        try await simulator.start()
        let yaml = try Self.file(
            "llm.yaml",
            """
            llm:
              endpoint: \(simulator.baseURL.absoluteString)
              deploymentName: gpt-4.1-mini
              timeouts:
                total: 30
            """)
        let reader = try await LLMConfigSources.reader(environment: ["LLM_API_KEY": "k-sim"], files: [yaml.path])
        let configuration = try ConnectorConfiguration(config: reader.scoped(to: "llm"))
        let answer = try await withModel(.gpt41Mini, configuration: configuration) { model in
            try await model.getAnswer("hello from a config file")
        }
        #expect(answer.content == "configured says: hello from a config file")
        try await simulator.shutdown()
    }
}
