import Foundation
import LLMSimulator
import SwiftLLM
import Testing

@Suite(.serialized) struct CLITests {
    static let key = "cli-secret-key-42"

    /// A simulator named `sim` that takes `apiKey` (none: any request), shut down after `body`.
    static func withSimulator(apiKey: String? = key, _ body: (LLMSimulator) async throws -> Void) async throws {
        let simulator = LLMSimulator(configuration: SimulatorConfiguration(apiKey: apiKey, name: "sim"))
        try await simulator.start()
        do {
            try await body(simulator)
        } catch {
            try await simulator.shutdown()
            throw error
        }
        try await simulator.shutdown()
    }

    @Test func chatJSONPrintsTheDocumentedObject() async throws {
        try await Self.withSimulator { simulator in
            let result = try await CLIRunner.run(
                [
                    "chat", "hello there", "--endpoint", simulator.baseURL.absoluteString, "--deployment",
                    "gpt-4.1-mini",
                    "--api-key", Self.key, "--json", "--max-tokens", "20",
                ])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["content"] as? String == "sim says: hello there")
            #expect(object["finish_reason"] as? String == "stop")
            #expect((object["usage"] as? [String: Any])?["total_tokens"] as? Int != nil)
            #expect(object["model"] as? String == "gpt-4.1-mini")
            #expect(
                (object["endpoint"] as? String)?.hasSuffix("/openai/deployments/gpt-4.1-mini/chat/completions") == true)
            #expect(object["attempts"] as? Int == 1)
            #expect((object["request_id"] as? String)?.isEmpty == false)
            #expect(object["latency_ms"] as? Int != nil)
            #expect(object["cost_usd"] as? Double != nil)
            #expect(simulator.requests.first?.json?["max_completion_tokens"] as? Int == 20)
        }
    }

    @Test func chatWithAnthropicPrintsUsageWithCacheTokensTheRequestIdAndTheCost() async throws {
        try await Self.withSimulator { simulator in
            let result = try await CLIRunner.run([
                "chat", "hello claude", "--provider", "anthropic", "--endpoint", simulator.baseURL.absoluteString,
                "--api-key", Self.key, "--model", "claude-sonnet-4-5", "--json", "--max-tokens", "30",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["content"] as? String == "sim says: hello claude")
            #expect(object["finish_reason"] as? String == "stop")
            #expect(object["request_id"] as? String == "req_sim1")
            #expect((object["endpoint"] as? String)?.hasSuffix("/v1/messages") == true)
            #expect(object["cost_usd"] as? Double != nil)
            let usage = try #require(object["usage"] as? [String: Int])
            #expect(usage["cached_tokens"] == 0 && usage["cache_creation_tokens"] == 0)
            #expect((usage["prompt_tokens"] ?? 0) > 0)
            let sent = try #require(simulator.requests.first)
            #expect(sent.uri == "/v1/messages")
            #expect(sent.headers["x-api-key"] == Self.key && sent.headers["anthropic-version"] == "2023-06-01")
            #expect(sent.json?["max_tokens"] as? Int == 30)
            #expect(sent.json?["model"] as? String == "claude-sonnet-4-5")
        }
    }

    @Test func aClaudeModelPicksAnthropicFromTheEnvironmentAndStreams() async throws {
        try await Self.withSimulator { simulator in
            let result = try await CLIRunner.run(
                [
                    "chat", "stream it", "--model", "claude-haiku-4-5", "--stream", "--system", "Be brief.",
                    "--temperature", "0.3",
                ],
                environment: ["ANTHROPIC_API_KEY": Self.key, "ANTHROPIC_BASE_URL": simulator.baseURL.absoluteString])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "sim says: stream it\n")
            let sent = try #require(simulator.requests.first?.json)
            #expect(sent["system"] as? String == "Be brief.")
            #expect(sent["temperature"] as? Double == 0.3)
            #expect(sent["stream"] as? Bool == true)
        }
    }

    @Test func anAnthropicConfigFileWithABackupFailsOver() async throws {
        try await Self.withSimulator { simulator in
            let backup = LLMSimulator(configuration: SimulatorConfiguration(apiKey: Self.key, name: "backup"))
            try await backup.start()
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "anthropic-\(UUID().uuidString).json")
            try Data(
                """
                {"provider": "anthropic", "endpoint": "\(simulator.baseURL.absoluteString)", "api_key": "\(Self.key)",
                 "api_version": "2023-06-01", "backups": [{"endpoint": "\(backup.baseURL.absoluteString)"}]}
                """.utf8
            ).write(to: file)
            simulator.enqueue(.status(529))
            let result = try await CLIRunner.run(
                ["chat", "who answers?", "--config", file.path, "--model", "claude-opus-4-5", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["content"] as? String == "backup says: who answers?")
            #expect(object["attempts"] as? Int == 2)
            #expect(backup.requests.first?.headers["x-api-key"] == Self.key)
            try await backup.shutdown()
        }
    }

    @Test func chatStreamPrintsTheTextAndReadsStdin() async throws {
        try await Self.withSimulator { simulator in
            let result = try await CLIRunner.run(
                ["chat", "--stream", "--endpoint", simulator.baseURL.absoluteString],
                environment: ["AZURE_OPENAI_KEY": Self.key, "AZURE_OPENAI_DEPLOYMENT": "gpt-4o"],
                stdin: "piped prompt\n")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "sim says: piped prompt\n")
            #expect(simulator.requests.first?.uri.hasPrefix("/openai/deployments/gpt-4o/chat/completions") == true)
        }
    }

    @Test func openAIProviderUsesTheBaseURLAndAGenericModel() async throws {
        try await Self.withSimulator { simulator in
            let result = try await CLIRunner.run(
                ["chat", "hi", "--model", "llama3.2"],
                environment: [
                    "OPENAI_BASE_URL": simulator.baseURL.appendingPathComponent("v1").absoluteString,
                    "OPENAI_API_KEY": Self.key,
                ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "sim says: hi\n")
            let request = try #require(simulator.requests.first)
            #expect(request.uri == "/v1/chat/completions")
            #expect(request.json?["model"] as? String == "llama3.2")
            #expect(request.headers["authorization"] == "Bearer \(Self.key)")
        }
    }

    @Test func failureIsOneErrorLineWithoutTheKey() async throws {
        try await Self.withSimulator { simulator in
            let result = try await CLIRunner.run(
                [
                    "chat", "hi", "--endpoint", simulator.baseURL.absoluteString, "--deployment", "d", "--api-key",
                    "wrong-key-123",
                ])
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(result.stderr)")
            #expect(lines.first?.hasPrefix("error[authentication]: HTTP 401") == true)
            #expect(lines.first?.contains("hint: check the api key") == true)
            #expect(!result.stderr.contains("wrong-key-123"))
        }
    }

    @Test func badInputFailsBeforeAnyRequest() async throws {
        try await Self.withSimulator { simulator in
            let result = try await CLIRunner.run(
                [
                    "chat", "hi", "--temperature", "5", "--endpoint", simulator.baseURL.absoluteString, "--deployment",
                    "gpt-4o", "--api-key", Self.key,
                ])
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("error[invalidRequest]: temperature = 5.0 is out of range; allowed: 0...2"))
            #expect(simulator.requests.isEmpty)
            let missing = try await CLIRunner.run(["chat", "hi"])
            #expect(missing.status == 1)
            #expect(missing.stderr.hasPrefix("error[invalidConfiguration]: no Azure endpoint is configured"))
        }
    }

    /// Seed 004's JSON file, and the same keys in YAML (read through swift-configuration, backups a
    /// list of URLs): both fail over to their backup, and the key is masked in what the CLI prints.
    @Test(arguments: ["json", "yaml"]) func aConfigFileWithBackupsFailsOver(format: String) async throws {
        try await Self.withSimulator { primary in
            let backup = LLMSimulator(configuration: SimulatorConfiguration(apiKey: Self.key, name: "backup"))
            try await backup.start()
            primary.enqueue(.status(503))
            let config =
                format == "json"
                ? """
                {"api_key": "\(Self.key)", "endpoint": "\(primary.baseURL.absoluteString)", "deployment_name": "gpt-4.1",
                 "backups": [{"endpoint": "\(backup.baseURL.absoluteString)"}]}
                """
                : """
                # seed 004's keys, in YAML
                api_key: \(Self.key)
                endpoint: \(primary.baseURL.absoluteString)
                deployment_name: gpt-4.1
                backups:
                  - \(backup.baseURL.absoluteString)
                retry:
                  maxRetries: 0
                """
            let path = FileManager.default.temporaryDirectory
                .appendingPathComponent("llm-\(UUID().uuidString).\(format)").path
            try Data(config.utf8).write(to: URL(fileURLWithPath: path))
            let result = try await CLIRunner.run(["chat", "hi", "--config", path, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            #expect(object?["content"] as? String == "backup says: hi")
            #expect(object?["attempts"] as? Int == 2)
            #expect(backup.requests.first?.headers["api-key"] == Self.key)
            #expect(!result.stdout.contains(Self.key) && !result.stderr.contains(Self.key))
            try await backup.shutdown()
        }
    }

    @Test func aYAMLConfigFileWithABadValueIsATypedError() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("llm-\(UUID().uuidString).yaml").path
        try Data("endpoint: [not, a, url]\n".utf8).write(to: URL(fileURLWithPath: path))
        let bad = try await CLIRunner.run(["chat", "hi", "--config", path])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("error[invalidConfiguration]"), "\(bad.stderr)")
    }

    @Test func modelsPrintsTheCatalog() async throws {
        let result = try await CLIRunner.run(["models"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("name") == true)
        for metadata in ModelCatalog.all {
            #expect(lines.contains { $0.hasPrefix(metadata.name + " ") }, "\(metadata.name)")
        }
        #expect(result.stdout.contains("1047576"))
        #expect(result.stdout.contains("vision"))
        let sonnet = try #require(lines.first { $0.hasPrefix("claude-sonnet-4-5 ") })
        #expect(sonnet.contains(" anthropic ") && sonnet.contains("200000") && sonnet.contains("64000"))
        #expect(sonnet.contains("text+image+document->text"))
        #expect(result.stdout.contains("anthropic as of 2026-12-01"))
        #expect(result.stdout.contains("gemini as of 2026-12-01"))
        #expect(result.stdout.contains("bedrock as of 2026-12-01"))
        let nova = try #require(lines.first { $0.hasPrefix("amazon.nova-micro-v1:0 ") })
        #expect(nova.contains(" bedrock ") && nova.contains(" 0.035 ") && nova.contains(" 0.00875 "))
        let regional = try #require(lines.first { $0.hasPrefix("us.anthropic.claude-sonnet-4-5-20250929-v1:0 ") })
        #expect(regional.contains(" 3.30 ") && regional.contains(" 16.50 "))
        let embedding = try #require(lines.first { $0.hasPrefix("text-embedding-3-small ") })
        #expect(embedding.contains("text->vector,1536 dims (1-1536)") && embedding.contains("0.02"))
    }

    @Test func chatWithGeminiUsesTheGeminiAPIAndItsEnvironment() async throws {
        try await Self.withSimulator { simulator in
            let result = try await CLIRunner.run(
                [
                    "chat", "hello gemini", "--provider", "gemini", "--endpoint", simulator.baseURL.absoluteString,
                    "--model", "gemini-2.5-pro", "--json",
                ],
                environment: ["GEMINI_API_KEY": Self.key])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["content"] as? String == "sim says: hello gemini")
            #expect((object["endpoint"] as? String)?.hasSuffix("/v1beta/models/gemini-2.5-pro:generateContent") == true)
            #expect(simulator.requests.first?.headers["x-goog-api-key"] == Self.key)
            // A Gemini model picks the Gemini API from GOOGLE_GEMINI_BASE_URL and the key alone.
            let streamed = try await CLIRunner.run(
                ["chat", "stream it", "--model", "gemini-2.5-flash", "--stream"],
                environment: ["GOOGLE_API_KEY": Self.key, "GOOGLE_GEMINI_BASE_URL": simulator.baseURL.absoluteString])
            #expect(streamed.status == 0, "\(streamed.stderr)")
            #expect(streamed.stdout == "sim says: stream it\n")
            #expect(!streamed.stdout.contains(Self.key) && !streamed.stderr.contains(Self.key))
        }
    }

    @Test func chatWithBedrockSignsForTheRegionWithTheEnvironmentsCredentials() async throws {
        let credentials = AWSCredentials(
            accessKeyId: "AKIDTESTONLY", secretAccessKey: APIKey("cli-test-secret-not-real"),
            sessionToken: APIKey("cli-test-session-token"))
        let simulator = LLMSimulator(
            configuration: SimulatorConfiguration(
                name: "bedrock-sim", aws: SimulatorAWS(credentials: credentials, region: "eu-west-1")))
        try await simulator.start()
        let environment = [
            "AWS_ACCESS_KEY_ID": "AKIDTESTONLY", "AWS_SECRET_ACCESS_KEY": "cli-test-secret-not-real",
            "AWS_SESSION_TOKEN": "cli-test-session-token",
        ]
        let model = "anthropic.claude-haiku-4-5-20251001-v1:0"
        let result = try await CLIRunner.run(
            [
                "chat", "hello bedrock", "--provider", "bedrock", "--region", "eu-west-1", "--endpoint",
                simulator.baseURL.absoluteString, "--model", model, "--json",
            ], environment: environment)
        let streamed = try await CLIRunner.run(
            ["chat", "stream it", "--region", "eu-west-1", "--model", model, "--stream"],
            environment: environment.merging(["AWS_ENDPOINT_URL_BEDROCK_RUNTIME": simulator.baseURL.absoluteString]) {
                _, new in new
            })
        // A signature for another region is refused, and the error names no secret.
        let wrongRegion = try await CLIRunner.run(
            [
                "chat", "x", "--region", "us-east-1", "--endpoint", simulator.baseURL.absoluteString, "--model", model,
            ], environment: environment)
        let requests = simulator.requests
        try await simulator.shutdown()
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["content"] as? String == "bedrock-sim says: hello bedrock")
        #expect(requests.first?.headers["authorization"]?.contains("/eu-west-1/bedrock/aws4_request") == true)
        #expect(streamed.status == 0, "\(streamed.stderr)")
        #expect(streamed.stdout == "bedrock-sim says: stream it\n")
        #expect(wrongRegion.status == 1)
        #expect(
            wrongRegion.stderr.contains("InvalidSignatureException") || wrongRegion.stderr.contains("authentication"))
        for output in [result, streamed, wrongRegion] {
            for secret in ["cli-test-secret-not-real", "cli-test-session-token"] {
                #expect(!output.stdout.contains(secret) && !output.stderr.contains(secret))
            }
        }
    }

    @Test func chatAndBatchRouteThroughARouterFile() async throws {
        let down = LLMSimulator(
            configuration: SimulatorConfiguration(
                apiKey: Self.key, randomFaults: [(fault: .status(503), probability: 1)], name: "down"))
        let claude = LLMSimulator(configuration: SimulatorConfiguration(apiKey: Self.key, name: "claude"))
        try await down.start()
        try await claude.start()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("router-\(UUID().uuidString).json")
        try Data(
            """
            {"deployments": [
               {"name": "azure-east", "group": "chat", "provider": "azure", "endpoint": "\(down.baseURL.absoluteString)",
                "deployment": "gpt-4.1-mini", "model": "gpt-4.1-mini", "api_key_env": "ROUTER_CLI_KEY"},
               {"name": "claude", "group": "backup-chat", "provider": "anthropic",
                "endpoint": "\(claude.baseURL.absoluteString)", "model": "claude-haiku-4-5", "api_key_env": "ROUTER_CLI_KEY"}],
             "fallbacks": ["chat", "backup-chat"]}
            """.utf8
        ).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let environment = ["ROUTER_CLI_KEY": Self.key]
        let chat = try await CLIRunner.run(
            ["chat", "routed", "--config", file.path, "--json"], environment: environment)
        let input = BatchCLITests.temporaryPath("in.jsonl")
        let output = BatchCLITests.temporaryPath("out.jsonl")
        try Data(#"{"id": "a", "prompt": "one"}\#n{"id": "b", "prompt": "two"}"#.utf8).write(
            to: URL(fileURLWithPath: input))
        let batch = try await CLIRunner.run(
            ["batch", input, "--output", output, "--config", file.path], environment: environment)
        try await down.shutdown()
        try await claude.shutdown()
        #expect(chat.status == 0, "\(chat.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(chat.stdout.utf8)) as? [String: Any])
        #expect(object["content"] as? String == "claude says: routed")
        #expect(object["deployment"] as? String == "claude")
        #expect(object["provider"] as? String == "anthropic")
        #expect(object["fallbacks"] as? Int == 1)
        #expect(batch.status == 0, "\(batch.stderr)")
        let lines = try BatchCLITests.outputLines(output)
        #expect(Set(lines.compactMap { $0["content"] as? String }) == ["claude says: one", "claude says: two"])
        for result in [chat, batch] { #expect(!result.stdout.contains(Self.key) && !result.stderr.contains(Self.key)) }
    }

    @Test func chatWithTheResponsesAPI() async throws {
        try await Self.withSimulator { simulator in
            let result = try await CLIRunner.run([
                "chat", "hello responses", "--provider", "openai", "--endpoint",
                simulator.baseURL.appendingPathComponent("v1").absoluteString, "--api-key", Self.key, "--model",
                "gpt-4.1-mini", "--api", "responses", "--json",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["content"] as? String == "sim says: hello responses")
            #expect(simulator.requests.first?.uri == "/v1/responses")
            let wrong = try await CLIRunner.run(["chat", "x", "--api", "assistants", "--api-key", Self.key])
            #expect(wrong.status != 0 && wrong.stderr.contains("--api must be chat or responses"))
            let claude = try await CLIRunner.run([
                "chat", "x", "--model", "claude-haiku-4-5", "--api", "responses", "--api-key", Self.key, "--endpoint",
                simulator.baseURL.absoluteString, "--provider", "anthropic",
            ])
            #expect(claude.status == 1 && claude.stderr.contains("invalidConfiguration"))
            #expect(simulator.requests.count == 1)
        }
    }

    @Test func embedPrintsOneVectorPerInputOrJSON() async throws {
        try await Self.withSimulator { simulator in
            let base = simulator.baseURL.appendingPathComponent("v1").absoluteString
            let lines = try await CLIRunner.run([
                "embed", "alpha", "beta", "--provider", "openai", "--endpoint", base, "--api-key", Self.key,
                "--dimensions", "4",
            ])
            #expect(lines.status == 0, "\(lines.stderr)")
            let vectors = lines.stdout.split(separator: "\n")
            #expect(vectors.count == 2 && vectors.allSatisfy { $0.split(separator: " ").count == 4 })
            let json = try await CLIRunner.run([
                "embed", "alpha", "--provider", "openai", "--endpoint", base, "--api-key", Self.key, "--json",
            ])
            #expect(json.status == 0, "\(json.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(object["model"] as? String == "text-embedding-3-small")
            #expect(object["dimensions"] as? Int == 1_536)
            #expect((object["vectors"] as? [[Double]])?.first?.count == 1_536)
            #expect((object["usage"] as? [String: Int])?["prompt_tokens"] == 1)
            #expect(object["cost_usd"] as? Double != nil)
            let gemini = try await CLIRunner.run(
                [
                    "embed", "alpha", "--provider", "gemini", "--endpoint", simulator.baseURL.absoluteString, "--json",
                    "--dimensions", "256",
                ],
                environment: ["GEMINI_API_KEY": Self.key])
            #expect(gemini.status == 0, "\(gemini.stderr)")
            #expect(gemini.stdout.contains(#""model":"gemini-embedding-001""#))
            #expect(simulator.requests.last?.uri == "/v1beta/models/gemini-embedding-001:embedContent")
            let bad = try await CLIRunner.run(["embed", "x", "--dimensions", "0", "--api-key", Self.key])
            #expect(bad.status != 0 && bad.stderr.contains("--dimensions"))
        }
    }

    @Test func demoRunsEveryStepAndExitsZero() async throws {
        let result = try await CLIRunner.run(["demo"])
        #expect(result.status == 0, "\(result.stderr)")
        for step in [
            "[1] getAnswer", "[2] streamAnswer", "[3] vision prompt", "[4] failover", "[5] LLMPool", "[6] Anthropic",
            "[7] Gemini", "[8] an embedding", "[9] the Responses API", "[10] media", "[11] LLMRouter", "[12] agents",
        ] {
            #expect(result.stdout.contains(step), "\(step)")
        }
        #expect(result.stdout.contains("generate(Forecast.self): Oslo 3 °C after 2 attempts"))
        #expect(result.stdout.contains(#"step 1: get_weather({"city": "Oslo"}) -> {"celsius":3,"city":"Oslo"}"#))
        #expect(result.stdout.contains("step 2: answer: Oslo is 3 °C, Bergen 7 °C."))
        #expect(result.stdout.contains("answer: primary says: Hello, Claude"))
        #expect(result.stdout.contains("answer: primary says: Hello, router"))
        #expect(
            result.stdout.contains("answered by claude (anthropic) after 1 fallback(s): azure-east serviceUnavailable"))
        #expect(result.stdout.contains("answer: primary says: Hello, Gemini"))
        #expect(result.stdout.contains("2 vectors of 768 values in 1 request(s)"))
        #expect(result.stdout.contains("says: Hello, Responses"))
        #expect(result.stdout.contains("/openai/v1/responses (store: false)"))
        #expect(result.stdout.contains("answer: backup says: Are you there?"))
        #expect(result.stdout.contains("100/100 succeeded"))
        #expect(result.stdout.contains("gpt-image-1: \(SimulatorMedia.png.count) bytes of image/png"))
        #expect(result.stdout.contains("heard \(SimulatorMedia.wav.count) bytes of audio/wav"))
        #expect(result.stdout.contains("completed, \(SimulatorMedia.mp4.count) bytes of video/mp4"))
        #expect(result.stdout.contains("gpt-4.1-mini outputs text; use getAnswer()"))
        #expect(
            result.stdout.contains("#42 -> backup says: question 42")
                || result.stdout.contains("#42 -> primary says: question 42"))
    }

    @Test func mediaSubcommandsWriteFiles() async throws {
        try await Self.withSimulator { simulator in
            let flags = ["--endpoint", simulator.baseURL.absoluteString, "--api-key", Self.key]
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "llm-media-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let image = directory.appendingPathComponent("out.png").path
            let imageRun = try await CLIRunner.run(["image", "a fox", "--out", image, "--size", "1024x1024"] + flags)
            #expect(imageRun.status == 0, "\(imageRun.stderr)")
            #expect(FileManager.default.contents(atPath: image) == SimulatorMedia.png)
            #expect(
                simulator.requests.last?.uri.hasPrefix("/openai/deployments/gpt-image-1/images/generations") == true)

            let audio = directory.appendingPathComponent("out.wav").path
            let speak = try await CLIRunner.run(
                ["speak", "hello", "--out", audio, "--format", "wav", "--voice", "nova"] + flags)
            #expect(speak.status == 0, "\(speak.stderr)")
            #expect(FileManager.default.contents(atPath: audio) == SimulatorMedia.wav)

            let transcribe = try await CLIRunner.run(["transcribe", audio] + flags)
            #expect(transcribe.status == 0, "\(transcribe.stderr)")
            #expect(transcribe.stdout == "sim heard \(SimulatorMedia.wav.count) bytes of audio/wav\n")

            let video = directory.appendingPathComponent("out.mp4").path
            let videoRun = try await CLIRunner.run(["video", "waves", "--out", video, "--seconds", "4"] + flags)
            #expect(videoRun.status == 0, "\(videoRun.stderr)")
            #expect(FileManager.default.contents(atPath: video) == SimulatorMedia.mp4)
            #expect(videoRun.stderr.contains("inProgress"))

            let bad = try await CLIRunner.run(["speak", "hello", "--out", audio, "--voice", "robot"] + flags)
            #expect(bad.status == 1)
            #expect(bad.stderr.hasPrefix("error[invalidRequest]: voice = 'robot' is out of range"))
            let notAudio = try await CLIRunner.run(["transcribe", image] + flags)
            #expect(notAudio.status == 1)
            #expect(notAudio.stderr.hasPrefix("error[invalidRequest]: FILE: the media looks like image/png"))
        }
    }
}
