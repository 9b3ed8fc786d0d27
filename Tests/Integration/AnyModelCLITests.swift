import Foundation
import LLMSimulator
import SwiftLLM
import Testing

/// The CLI with any model id on every provider (`--provider X --model <anything>`), a provider's key
/// from its usual variable, Bedrock inference-profile ARNs, a Bedrock backup's own region in a
/// configuration file, what a failed stream delivered, and the one JSON convention.
@Suite(.serialized) struct AnyModelCLITests {
    static let key = "cli-any-model-key-7"

    static func withSimulator(apiKey: String? = key, _ body: (LLMSimulator) async throws -> Void) async throws {
        try await CLITests.withSimulator(apiKey: apiKey, body)
    }

    static func object(_ result: CLIRunner.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func anyIdOnAnthropicAndGeminiPlainAndStreamed() async throws {
        try await Self.withSimulator { simulator in
            for (provider, model) in [("anthropic", "claude-opus-4-6"), ("gemini", "gemini-4-ultra-exp")] {
                let base = [
                    "chat", "--provider", provider, "--endpoint", simulator.baseURL.absoluteString, "--model", model,
                    "--api-key", Self.key,
                ]
                let plain = try await CLIRunner.run(base + ["hello \(provider)", "--json"])
                #expect(plain.status == 0, "\(plain.stderr)")
                let object = try Self.object(plain)
                #expect((object["content"] as? String)?.hasSuffix("hello \(provider)") == true)
                #expect(object["cost_usd"] is NSNull)  // unknown prices: null, not 0
                #expect(object["finish_reason"] as? String == "stop")
                let streamed = try await CLIRunner.run(base + ["stream \(provider)", "--stream"])
                #expect(streamed.status == 0, "\(streamed.stderr)")
                #expect(streamed.stdout.hasSuffix("stream \(provider)\n"))
                #expect(!plain.stdout.contains(Self.key) && !streamed.stdout.contains(Self.key))
            }
            let claude = simulator.requests.first { $0.uri == "/v1/messages" }?.json
            #expect(claude?["model"] as? String == "claude-opus-4-6")
            #expect(simulator.requests.contains { $0.uri == "/v1beta/models/gemini-4-ultra-exp:generateContent" })
        }
    }

    @Test func anyEmbeddingIdOnGemini() async throws {
        try await Self.withSimulator { simulator in
            let result = try await CLIRunner.run(
                [
                    "embed", "alpha", "--provider", "gemini", "--endpoint", simulator.baseURL.absoluteString,
                    "--model", "gemini-embedding-002", "--api-key", Self.key, "--json",
                ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try Self.object(result)["cost_usd"] is NSNull)
            #expect(simulator.requests.last?.uri == "/v1beta/models/gemini-embedding-002:embedContent")
        }
    }

    @Test func compatibleProvidersReadTheirUsualKeyVariableAndLocalServersNeedNone() async throws {
        try await Self.withSimulator { simulator in
            let v1 = simulator.baseURL.appendingPathComponent("v1").absoluteString
            let groq = try await CLIRunner.run(
                ["chat", "hi groq", "--provider", "groq", "--endpoint", v1, "--model", "qwen/qwen3-32b", "--json"],
                environment: ["GROQ_API_KEY": Self.key])
            #expect(groq.status == 0, "\(groq.stderr)")
            #expect(try Self.object(groq)["content"] as? String == "sim says: hi groq")
            #expect(simulator.requests.last?.headers["authorization"] == "Bearer \(Self.key)")
            #expect(simulator.requests.last?.json?["model"] as? String == "qwen/qwen3-32b")
            // A hosted service without its key is refused before anything is sent.
            let count = simulator.requests.count
            let missing = try await CLIRunner.run(
                ["chat", "hi", "--provider", "deepseek", "--endpoint", v1, "--model", "deepseek-chat"])
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("DEEPSEEK_API_KEY"))
            #expect(simulator.requests.count == count)
            // A provider without a default model asks for one.
            let noModel = try await CLIRunner.run(["chat", "hi", "--provider", "vllm", "--endpoint", v1])
            #expect(noModel.status != 0 && noModel.stderr.contains("--model"))
        }
        try await Self.withSimulator(apiKey: nil) { simulator in
            let v1 = simulator.baseURL.appendingPathComponent("v1").absoluteString
            for provider in ["ollama", "vllm", "llamacpp", "lmstudio"] {
                let local = try await CLIRunner.run(
                    ["chat", "hi \(provider)", "--provider", provider, "--endpoint", v1, "--model", "local-model"])
                #expect(local.status == 0, "\(provider): \(local.stderr)")
                #expect(local.stdout == "sim says: hi \(provider)\n")
                #expect(simulator.requests.last?.headers["authorization"] == nil)
            }
        }
    }

    @Test func bedrockTakesAnInferenceProfileARNFromTheCommandLine() async throws {
        let credentials = AWSCredentials(
            accessKeyId: "AKIDTESTONLY", secretAccessKey: APIKey("any-model-secret-not-real"))
        let simulator = LLMSimulator(
            configuration: SimulatorConfiguration(
                name: "bedrock-sim", aws: SimulatorAWS(credentials: credentials, region: "us-east-1")))
        try await simulator.start()
        let arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5"
        let environment = ["AWS_ACCESS_KEY_ID": "AKIDTESTONLY", "AWS_SECRET_ACCESS_KEY": "any-model-secret-not-real"]
        let base = [
            "chat", "--provider", "bedrock", "--region", "us-east-1", "--endpoint", simulator.baseURL.absoluteString,
            "--model", arn,
        ]
        let plain = try await CLIRunner.run(base + ["hello arn", "--json"], environment: environment)
        let streamed = try await CLIRunner.run(base + ["stream arn", "--stream"], environment: environment)
        let requests = simulator.requests
        try await simulator.shutdown()
        #expect(plain.status == 0, "\(plain.stderr)")
        let object = try Self.object(plain)
        #expect(object["content"] as? String == "bedrock-sim says: hello arn")
        #expect(object["cost_usd"] is Double)  // the ARN found Haiku 4.5's profile
        #expect(streamed.status == 0, "\(streamed.stderr)")
        #expect(streamed.stdout == "bedrock-sim says: stream arn\n")
        #expect(requests.first?.uri.hasPrefix("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A") == true)
    }

    @Test func aBedrockBackupInAConfigFileIsSignedForItsOwnRegion() async throws {
        let credentials = AWSCredentials(accessKeyId: "AKIDTESTONLY", secretAccessKey: APIKey("region-secret-not-real"))
        let east = LLMSimulator(
            configuration: SimulatorConfiguration(
                name: "east", aws: SimulatorAWS(credentials: credentials, region: "us-east-1")))
        let west = LLMSimulator(
            configuration: SimulatorConfiguration(
                name: "west", aws: SimulatorAWS(credentials: credentials, region: "us-west-2")))
        try await east.start()
        try await west.start()
        east.enqueue(.status(503))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bedrock-\(UUID().uuidString).json")
        let config: [String: Any] = [
            "provider": "bedrock", "region": "us-east-1", "endpoint": east.baseURL.absoluteString,
            "backups": [["endpoint": west.baseURL.absoluteString, "region": "us-west-2"]],
        ]
        try JSONSerialization.data(withJSONObject: config).write(to: file)
        let result = try await CLIRunner.run(
            ["chat", "hello west", "--config", file.path, "--model", "amazon.nova-micro-v1:0", "--json"],
            environment: ["AWS_ACCESS_KEY_ID": "AKIDTESTONLY", "AWS_SECRET_ACCESS_KEY": "region-secret-not-real"])
        let westRequests = west.requests
        try? FileManager.default.removeItem(at: file)
        try await east.shutdown()
        try await west.shutdown()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.object(result)["content"] as? String == "west says: hello west")
        #expect(westRequests.first?.headers["authorization"]?.contains("/us-west-2/bedrock/aws4_request") == true)
    }

    @Test func aStreamThatFailsAfterTextPrintsAllTheDeliveredText() async throws {
        try await Self.withSimulator { simulator in
            // What the library delivers before the error, in-process.
            simulator.enqueue(.streamError(afterEvents: 4))
            let connector = try Connector(
                configuration: ConnectorConfiguration(
                    primary: Endpoint(
                        baseURL: simulator.baseURL.appendingPathComponent("v1"), style: .openAI,
                        deployment: "gpt-4o", apiKey: APIKey(Self.key))))
            let model = try LLMFactory.make(model: "gpt-4o", connector: connector)
            let error = await captureError { for try await _ in model.streamAnswer("one two three four five") {} }
            try await connector.shutdown()
            let delivered = try #require(error?.partialContent)
            #expect(error?.code == .streamInterrupted && !delivered.isEmpty)
            simulator.enqueue(.streamError(afterEvents: 4))
            let result = try await CLIRunner.run(
                [
                    "chat", "one two three four five", "--provider", "openai", "--endpoint",
                    simulator.baseURL.appendingPathComponent("v1").absoluteString, "--model", "gpt-4o", "--api-key",
                    Self.key, "--stream",
                ])
            #expect(result.status == 1)
            #expect(result.stdout == delivered + "\n")
            #expect(result.stderr.contains("streamInterrupted"))
        }
    }

    @Test func theToolsJSONIsSnakeCaseInKeysAndValues() async throws {
        try await Self.withSimulator { simulator in
            simulator.script(.toolCall("get_weather", arguments: #"{"city":"Oslo"}"#))
            let result = try await CLIRunner.run(
                [
                    "chat", "weather?", "--endpoint", simulator.baseURL.absoluteString, "--deployment", "gpt-4o",
                    "--api-key", Self.key, "--json",
                ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try Self.object(result)["finish_reason"] as? String == "tool_calls")
        }
    }
}
