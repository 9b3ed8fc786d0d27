import Configuration
import Foundation
import InMemoryTracing
import LLMConfiguration
import LLMMCP
import LLMSQLite
import LLMSimulator
import Logging
import ServiceLifecycle
import SwiftLLM
import Testing
import Tracing

/// Every example of EXAMPLES.md, compiled and run here against the simulator. The text between
/// `// BEGIN EXAMPLE` and `// END EXAMPLE` must appear verbatim in EXAMPLES.md (checked below).
@Suite(.serialized) struct ExamplesTests {
    @Test func connectorWithFailover() async throws {
        try await SimulatorPair.with { pair in
            let primaryURL = pair.primary.baseURL
            let backupURL = pair.backup.baseURL
            let key = SimulatorPair.key
            pair.primary.enqueue(.status(503))
            // BEGIN EXAMPLE
            let configuration = ConnectorConfiguration(
                primary: Endpoint(baseURL: primaryURL, deployment: "gpt-4.1-mini", apiKey: APIKey(key)),
                backups: [BackupEndpoint(baseURL: backupURL)],  // inherits deployment, key and api-version
                retry: RetryPolicy(maxRetries: 2),
                timeouts: Timeouts(attempt: .seconds(30), total: .seconds(120)))
            // The connector is shut down when the body returns or throws.
            let answer = try await withConnector(configuration: configuration) { connector in
                let model = try LLMFactory.make(metadata: ModelCatalog.metadata(.gpt41Mini), connector: connector)
                return try await model.getAnswer("Hello!")
            }
            print(answer.content, "from", answer.endpoint ?? "?", "after", answer.attempts, "attempts")
            // END EXAMPLE
            #expect(answer.content == "backup says: Hello!")
        }
    }

    @Test func configurationFromJSON() async throws {
        try await SimulatorPair.with { pair in
            let json = """
                {"api_key": "\(SimulatorPair.key)", "endpoint": "\(pair.primary.baseURL.absoluteString)",
                 "deployment_name": "gpt-4o", "backups": [{"endpoint": "\(pair.backup.baseURL.absoluteString)"}]}
                """
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).json").path
            try Data(json.utf8).write(to: URL(fileURLWithPath: path))
            // BEGIN EXAMPLE
            let data = try Data(contentsOf: URL(fileURLWithPath: path))  // seed 004's shape
            let (model, connector) = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4o")!, configuration: ConnectorConfiguration(json: data))
            let reply = try await model.getAnswer("Hi")
            try await connector.shutdown()
            // END EXAMPLE
            #expect(reply.content == "primary says: Hi")
        }
    }

    @Test func answersStreamsAndCost() async throws {
        try await SimulatorPair.with { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4.1")!, connector: pair.connector)
            // BEGIN EXAMPLE
            let answer = try await model.getAnswer(
                [.system("You are terse."), .user("Name three primes.")],
                options: GenerationOptions(maxTokens: 100, temperature: 0.2, stop: ["\n\n"]))
            print(answer.content, answer.finishReason ?? .stop, answer.usage?.totalTokens ?? 0, answer.costUSD ?? 0)

            var text = ""
            for try await chunk in model.streamAnswer("Tell me a story.") {
                text += chunk.textDelta ?? ""  // print it as it arrives
            }
            // END EXAMPLE
            #expect(answer.costUSD != nil)
            #expect(text == "primary says: Tell me a story.")
        }
    }

    @Test func vision() async throws {
        try await SimulatorPair.with { pair in
            let model = try #require(
                try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: pair.connector)
                    as? OpenAILLM)
            let pngData = Data(
                base64Encoded:
                    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")!
            let chartPath = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).png")
                .path
            try pngData.write(to: URL(fileURLWithPath: chartPath))
            // BEGIN EXAMPLE
            let description = try await model.getAnswerWithVision(
                prompt: "Compare these images.",
                images: [
                    .url(URL(string: "https://example.com/cat.jpg")!, detail: .low),
                    .file(chartPath),  // read when sent; PNG/JPEG/GIF/WebP by magic bytes
                    .bytes(pngData),
                ])
            // END EXAMPLE
            #expect(description.content == "primary says: Compare these images.")
        }
    }

    @Test func toolsRoundTrip() async throws {
        try await SimulatorPair.with { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: pair.connector)
            // BEGIN EXAMPLE
            let weather = ToolDefinition(
                name: "get_weather", description: "Current weather for a city",
                parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]])
            var conversation: [ChatMessage] = [.user("Weather in Oslo?")]
            let first = try await model.getAnswer(conversation, options: GenerationOptions(tools: [weather]))
            if first.finishReason == .toolCalls {
                conversation.append(.assistant(nil, toolCalls: first.toolCalls))
                for call in first.toolCalls {
                    conversation.append(.tool(callId: call.id, content: "{\"temp_c\": 3}"))  // run the tool here
                }
            }
            let final = try await model.getAnswer(conversation, options: GenerationOptions(tools: [weather]))
            // END EXAMPLE
            #expect(first.toolCalls.first?.name == "get_weather")
            #expect(final.content == "primary says: the tool returned {\"temp_c\": 3}")
        }
    }

    @Test func structuredOutputAndReasoning() async throws {
        try await SimulatorPair.with { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: pair.connector)
            let o4mini = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "o4-mini")!, connector: pair.connector)
            // BEGIN EXAMPLE
            let schema: JSONValue = [
                "type": "object", "properties": ["answer": ["type": "string"]], "required": ["answer"],
                "additionalProperties": false,
            ]
            let structured = try await model.getAnswer(
                "Reply in JSON.", options: GenerationOptions(responseFormat: .jsonSchema(name: "reply", schema: schema))
            )

            // Reasoning models: system becomes developer, max_tokens becomes max_completion_tokens,
            // and sampling parameters they do not accept are removed (logged at debug level).
            let reasoned = try await o4mini.getAnswer(
                "Prove that 17 is prime.", system: "Be rigorous.",
                options: GenerationOptions(maxTokens: 2_000, reasoningEffort: .high))
            // END EXAMPLE
            #expect(!structured.content.isEmpty && !reasoned.content.isEmpty)
        }
    }

    @Test func errorHandling() async throws {
        try await SimulatorPair.with(withBackup: false) { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: pair.connector)
            pair.primary.enqueue(.status(429, retryAfter: "120"))
            var seen: LLMErrorCode?
            // BEGIN EXAMPLE
            do {
                _ = try await model.getAnswer("Hi", context: RequestContext(timeout: .seconds(30)))
            } catch let error as LLMError {
                switch error.code {
                case .rateLimited: print("retry after", error.retryAfter ?? .zero)
                case .contentFiltered: print("blocked:", error.providerMessage ?? "")
                case .streamInterrupted: print("partial answer:", error.partialContent ?? "")
                default: print(error)  // "code: message [HTTP n] at endpoint; hint" and never a key
                }
                seen = error.code
            }
            // END EXAMPLE
            #expect(seen == .rateLimited)
        }
    }

    @Test func poolRateLimitsAndEvents() async throws {
        try await SimulatorPair.with { pair in
            let gpt41 = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4.1")!, connector: pair.connector)
            let gpt4o = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: pair.connector)
            let prompts = (0..<20).map { "question \($0)" }
            let events = EventLog()
            // BEGIN EXAMPLE
            let pool = LLMPool(maxConcurrent: 8)
            let requests = prompts.enumerated().map { index, prompt in
                LLMRequest(model: index.isMultiple(of: 2) ? gpt41 : gpt4o, prompt: prompt)  // mix models freely
            }
            // One Result per request, in input order; each request's events reach the handler.
            let results = await pool.run(requests, context: RequestContext(eventHandler: { events.append($0) }))
            for (index, result) in results.enumerated() {
                switch result {
                case .success(let response): print(index, response.content)
                case .failure(let error): print(index, error.code)
                }
            }
            // END EXAMPLE
            #expect(results.count == 20)
            #expect(events.count(of: .responseCreated) == 20)
        }
    }

    @Test func rateLimitsAndObservability() async throws {
        try await SimulatorPair.with { pair in
            var configuration = pair.connector.configuration
            // BEGIN EXAMPLE
            configuration.primary.rateLimits = RateLimits(requestsPerMinute: 600, tokensPerMinute: 100_000)
            // Metrics go to the factory bootstrapped with MetricsSystem (Prometheus, StatsD, ...),
            // or to configuration.metricsFactory; spans go to the InstrumentationSystem's tracer.
            let limited = try Connector(configuration: configuration)
            let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: limited)
            // Events go to the request context's handler (a pool, a router and an agent run pass theirs on).
            let context = RequestContext(eventHandler: { event in
                if event.kind == .failedOver { print("failed over from", event.endpoint ?? "?") }
            })
            let answer = try await model.getAnswer("x", context: context)
            // END EXAMPLE
            #expect(answer.content == "primary says: x")
            try await limited.shutdown()
        }
    }

    @Test func customFamilyAndLocalServers() async throws {
        let server = LLMSimulator(configuration: SimulatorConfiguration(name: "local"))  // no key, like Ollama
        try await server.start()
        do {
            let localURL = server.baseURL.appendingPathComponent("v1")
            // BEGIN EXAMPLE
            // An OpenAI-compatible server (vLLM, Ollama, llama.cpp, a LiteLLM proxy):
            let local = try Connector(
                configuration: ConnectorConfiguration(
                    primary: Endpoint(baseURL: localURL, style: .openAI, deployment: "llama3.2")))
            let llama = try LLMFactory.make(metadata: ModelCatalog.openAICompatible("llama3.2"), connector: local)
            let hello = try await llama.getAnswer("Hello")

            // Your own model family:
            LLMFactory.register(family: "my-finetune") { metadata, connector in
                OpenAILLM(metadata: metadata, connector: connector)
            }
            let mine = try LLMFactory.make(
                metadata: ModelMetadata(name: "ft-1", provider: .openAICompatible, family: "my-finetune"),
                connector: local)
            // END EXAMPLE
            #expect(hello.content == "local says: Hello")
            #expect(mine.metadata.family == "my-finetune")
            try await local.shutdown()
        }
        try await server.shutdown()
    }

    @Test func entraTokens() async throws {
        try await SimulatorPair.with { pair in
            let resourceURL = pair.primary.baseURL
            @Sendable func fetchEntraToken() async throws -> String { SimulatorPair.key }
            // BEGIN EXAMPLE
            var entra = ConnectorConfiguration(primary: Endpoint(baseURL: resourceURL, deployment: "gpt-4o"))
            entra.tokenProvider = { try await fetchEntraToken() }  // asked on every request, so it can refresh
            let entraConnector = try Connector(configuration: entra)
            // END EXAMPLE
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: entraConnector)
            _ = try await model.getAnswer("x")
            #expect(pair.primary.requests.first?.headers["authorization"] == "Bearer \(SimulatorPair.key)")
            try await entraConnector.shutdown()
        }
    }

    @Test func media() async throws {
        try await SimulatorPair.with { pair in
            let connector = pair.connector
            // BEGIN EXAMPLE
            let imageModel = GPTImage1LLM(metadata: ModelCatalog.metadata(named: "gpt-image-1")!, connector: connector)
            let picture = try await imageModel.getImage(
                ImageGenerationRequest(prompt: "a lighthouse at dusk", size: "1024x1024", outputFormat: "png"),
                context: RequestContext())
            let png = picture.images.first?.data  // decoded bytes; mimeType sniffed

            let voice = SpeechLLM(metadata: ModelCatalog.metadata(named: "tts-1")!, connector: connector)
            var speech = Data()
            for try await chunk in voice.streamAudio(
                SpeechRequest(input: "Hello!", voice: "nova", format: "wav"), context: RequestContext())
            {
                speech += chunk.data  // play or forward it as it arrives
            }

            let whisper = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "whisper-1")!, connector: connector)
            let transcript = try await whisper.getAnswer([.user([.audio(try AudioInput(data: speech))])])

            let sora = SoraLLM(metadata: ModelCatalog.metadata(named: "sora")!, connector: connector)
            for try await update in sora.streamVideo(
                VideoGenerationRequest(prompt: "waves", seconds: 4), context: RequestContext())
            {
                print(update.status, update.progress ?? 0)  // queued, in progress, then completed with the video
                if let video = update.video { try video.data?.write(to: URL(fileURLWithPath: "/tmp/waves.mp4")) }
            }
            // END EXAMPLE
            #expect(png == SimulatorMedia.png)
            #expect(transcript.content == "primary heard \(speech.count) bytes of audio/wav")
            #expect(FileManager.default.contents(atPath: "/tmp/waves.mp4") == SimulatorMedia.mp4)
        }
    }

    @Test func simulatorInYourTests() async throws {
        // BEGIN EXAMPLE
        let simulator = LLMSimulator(configuration: SimulatorConfiguration(apiKey: "test-key"))
        try await simulator.start()  // 127.0.0.1, a free port
        simulator.enqueue(.status(503), .delayHeaders(.milliseconds(200)))  // the next two requests misbehave
        let testConnector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(baseURL: simulator.baseURL, deployment: "gpt-4o", apiKey: "test-key")))
        let testModel = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: testConnector)
        let reply = try await testModel.getAnswer("ping")  // retried after the 503, then slow but fine
        print(reply.content, simulator.requests.count, simulator.statistics.maxInFlight)
        try await testConnector.shutdown()
        try await simulator.shutdown()
        // END EXAMPLE
        #expect(reply.content == "simulator says: ping")
        #expect(reply.attempts == 2)
    }

    /// The examples in EXAMPLES.md are exactly the ones run above.
    @Test func claudeOverTheMessagesAPI() async throws {
        try await SimulatorPair.with(style: .anthropic, deployment: "claude-sonnet-4-5") { pair in
            let anthropicURL = pair.primary.baseURL
            let key = SimulatorPair.key
            let longInstructions = String(repeating: "Answer as a careful travel agent. ", count: 30)
            // BEGIN EXAMPLE
            let anthropic = try Connector(
                configuration: ConnectorConfiguration(
                    primary: Endpoint(baseURL: anthropicURL, style: .anthropic, apiKey: APIKey(key))))
            let claude = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "claude-sonnet-4-5")!, connector: anthropic)

            // Prompt caching: the system prompt is written to the cache once, then read at a tenth of the price.
            var instructions = ChatMessage.system(longInstructions)
            instructions.cache = .standard
            let cachedReply = try await claude.getAnswer([instructions, .user("Hello")])
            print(cachedReply.usage?.cacheCreationTokens ?? 0, cachedReply.usage?.cachedTokens ?? 0)

            // Extended thinking with tools: keep the answer's reasoning (and its signature) in the
            // conversation, as Anthropic requires with tool results.
            let weather = ToolDefinition(
                name: "get_weather", parameters: ["type": "object", "properties": ["input": ["type": "string"]]])
            let thinking = GenerationOptions(maxTokens: 4_096, tools: [weather], reasoningBudget: 2_048)
            var trip: [ChatMessage] = [.user("Weather in Lisbon?")]
            let step = try await claude.getAnswer(trip, options: thinking)
            trip.append(.assistant(step))  // thinking, text and tool calls, in order
            for call in step.toolCalls { trip.append(.tool(callId: call.id, content: "24C and sunny")) }
            let final = try await claude.getAnswer(trip, options: thinking)
            print(final.content, final.finishReason ?? .stop, final.anthropic?.stopReason ?? "")
            try await anthropic.shutdown()
            // END EXAMPLE
            #expect((cachedReply.usage?.cacheCreationTokens ?? 0) > 0)
            #expect(step.reasoning.first?.signature != nil)
            #expect(final.content == "primary says: the tool returned 24C and sunny")
        }
    }

    @Test func corporateNetworks() async throws {
        let certificates = try TestCertificates.shared()
        let simulator = try await EnterpriseNetworkTests.simulator(clientCA: true)
        let tunnel = try ConnectProxy(credentials: "me:proxy-pa55")
        let gatewayURL = simulator.baseURL.appendingPathComponent("v1")
        let proxyURL = "http://me:proxy-pa55@127.0.0.1:\(tunnel.port)"
        let key = EnterpriseNetworkTests.key
        let (caPath, clientCertPath, clientKeyPath) = (
            certificates.caPath, certificates.clientCertificatePath, certificates.clientKeyPath
        )
        // BEGIN EXAMPLE
        // Behind a corporate proxy, to a gateway whose certificate comes from a private CA and
        // that asks for a client certificate.
        var corporate = ConnectorConfiguration(
            primary: Endpoint(baseURL: gatewayURL, style: .openAI, deployment: "gpt-4o", apiKey: APIKey(key)),
            proxy: ProxySettings(url: URL(string: proxyURL)!, noProxy: [".internal"]),  // or .fromEnvironment()
            tls: TLSSettings(
                additionalTrustRoots: [caPath],  // PEM files or directories of them
                clientCertificate: .init(certificateChainPath: clientCertPath, privateKeyPath: clientKeyPath)))
        // What a misbehaving server can make the client hold; the deadline bounds every phase.
        corporate.maxStreamEventBytes = 1 << 20
        corporate.maxStreamBytes = 64 << 20
        let gateway = try Connector(configuration: corporate)
        let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: gateway)
        let reply = try await model.getAnswer([.user("Hello")], context: RequestContext(timeout: .seconds(30)))
        print(reply.content)
        try await gateway.shutdown()
        // END EXAMPLE
        tunnel.stop()
        try await simulator.shutdown()
        #expect(reply.content == "tls says: Hello")
        #expect(tunnel.log.count == 1 && tunnel.log.first?.hasSuffix("auth=ok") == true, "\(tunnel.log)")
    }

    @Test func geminiWithToolsAndThoughtSignatures() async throws {
        try await SimulatorPair.with(style: .gemini, deployment: "gemini-3-pro-preview") { pair in
            let geminiURL = pair.primary.baseURL
            let key = SimulatorPair.key
            // BEGIN EXAMPLE
            // The Gemini API (or Vertex AI: Endpoint.vertexAI(project:location:) and a token provider).
            let google = try Connector(
                configuration: ConnectorConfiguration(
                    primary: Endpoint(baseURL: geminiURL, style: .gemini, apiKey: APIKey(key))))
            let gemini = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gemini-3-pro-preview")!, connector: google)
            let weather = ToolDefinition(
                name: "get_weather", parameters: ["type": "object", "properties": ["input": ["type": "string"]]])
            let options = GenerationOptions(tools: [weather], reasoningEffort: .high)  // thinkingLevel "high"
            var trip: [ChatMessage] = [.user("Weather in Oslo?")]
            let step = try await gemini.getAnswer(trip, options: options)
            // .assistant(step) keeps each thought signature on its part: Gemini 3 rejects a turn without them.
            trip.append(.assistant(step))
            for call in step.toolCalls { trip.append(.tool(callId: call.id, content: "3C and snow")) }
            let final = try await gemini.getAnswer(trip, options: options)
            print(final.content, final.gemini?.finishReason ?? "", final.usage?.reasoningTokens ?? 0)
            try await google.shutdown()
            // END EXAMPLE
            #expect(step.toolCalls.first?.signature != nil)
            #expect(final.content == "primary says: the tool returned 3C and snow")
        }
    }

    @Test func theResponsesAPI() async throws {
        try await SimulatorPair.with(style: .openAI, deployment: "gpt-5") { pair in
            let connector = pair.connector
            // BEGIN EXAMPLE
            // The same catalog model over the Responses API. Stateless by default (store: false):
            // reasoning comes back encrypted and is returned only to the endpoint that issued it; after a
            // failover the backup gets the visible history. `.responses(store: true)` chains turns with
            // previous_response_id at the issuing endpoint instead.
            let gpt5 = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-5")!, connector: connector, api: .responses)
            var conversation: [ChatMessage] = [.system("Be brief."), .user("Plan a trip to Oslo.")]
            let first = try await gpt5.getAnswer(conversation, options: GenerationOptions(reasoningEffort: .low))
            print(first.reasoning.first?.text ?? "")  // the reasoning summary
            conversation += [.assistant(first), .user("And in winter?")]
            for try await chunk in gpt5.streamAnswer(conversation, options: GenerationOptions(reasoningEffort: .low)) {
                print(chunk.textDelta ?? "", terminator: "")
            }
            // END EXAMPLE
            #expect(first.reasoning.first?.redactedData != nil)
            let input = try JSONValue(parsing: try #require(pair.primary.requests.last).body)["input"]
            #expect(input?.arrayValue?.contains { $0["type"] == "reasoning" } == true)
        }
    }

    @Test func embeddings() async throws {
        try await SimulatorPair.with(style: .openAI, deployment: "text-embedding-3-small") { pair in
            let connector = pair.connector
            let passages = (0..<3_000).map { "passage \($0)" }
            // BEGIN EXAMPLE
            let embedder = try LLMFactory.makeEmbedding(
                metadata: ModelCatalog.metadata(named: "text-embedding-3-small")!, connector: connector)
            // Split into requests of at most 2,048 inputs (and 300k tokens), sent four at a time through the
            // same connector (failover, retries, rate limits, metrics); vectors come back in input order.
            let index = try await embedder.embed(passages, options: EmbeddingOptions(dimensions: 512))
            let query = try await embedder.embed(["passage 42"], options: EmbeddingOptions(dimensions: 512))
            let scores = index.vectors.map { zip($0, query.vectors[0]).reduce(Float(0)) { $0 + $1.0 * $1.1 } }
            let best = scores.indices.max { scores[$0] < scores[$1] }!
            print(passages[best], index.requests, index.usage?.promptTokens ?? 0, index.costUSD ?? 0)
            // END EXAMPLE
            #expect(best == 42)
            #expect(index.requests == 2)
        }
    }

    @Test func bedrock() async throws {
        let east = LLMSimulator(
            configuration: SimulatorConfiguration(
                name: "east", aws: SimulatorAWS(credentials: BedrockPair.credentials, region: "us-east-1")))
        let west = LLMSimulator(
            configuration: SimulatorConfiguration(
                name: "west", aws: SimulatorAWS(credentials: BedrockPair.credentials, region: "us-west-2")))
        try await east.start()
        try await west.start()
        let (eastURL, westURL) = (east.baseURL, west.baseURL)
        @Sendable func roleCredentials() async throws -> AWSCredentials { BedrockPair.credentials }
        // us-east-1 is down: the whole answer comes from us-west-2.
        east.enqueue(.delayHeaders(.zero), .status(503), .status(503), .status(503), .status(503))
        // BEGIN EXAMPLE
        // Claude on Bedrock in two regions (baseURL only for a VPC endpoint or a proxy; leave it out
        // for AWS). Every attempt is signed with SigV4 for its own endpoint's region, with credentials
        // from your provider (refreshing role credentials), else the environment or ~/.aws.
        let credentials: AWSCredentials.Provider = { try await roleCredentials() }
        let configuration = ConnectorConfiguration(
            primary: .bedrock(region: "us-east-1", baseURL: eastURL, credentials: credentials),
            backups: [BackupEndpoint(baseURL: westURL, style: .bedrock(region: "us-west-2", credentials: credentials))])
        let connector = try Connector(configuration: configuration)
        let haiku = ModelCatalog.metadata(named: "us.anthropic.claude-haiku-4-5-20251001-v1:0")!
        let bedrock = try LLMFactory.make(metadata: haiku, connector: connector)
        var text = ""
        for try await chunk in bedrock.streamAnswer("Summarise SigV4 in one line.") { text += chunk.textDelta ?? "" }
        let answer = try await bedrock.getAnswer("Again, whole.", options: GenerationOptions(maxTokens: 200))
        print(text, answer.endpoint ?? "", answer.usage?.promptTokens ?? 0, answer.bedrock?.latencyMs ?? 0)
        // END EXAMPLE
        #expect(text == "east says: Summarise SigV4 in one line.")
        #expect(answer.content == "west says: Again, whole.")
        try await connector.shutdown()
        try await east.shutdown()
        try await west.shutdown()
    }

    @Test func router() async throws {
        let azure = LLMSimulator(
            configuration: SimulatorConfiguration(
                apiKey: SimulatorPair.key, randomFaults: [(fault: .status(503), probability: 1)], name: "azure"))
        let anthropic = LLMSimulator(configuration: SimulatorConfiguration(apiKey: SimulatorPair.key, name: "claude"))
        try await azure.start()
        try await anthropic.start()
        let (azureURL, anthropicURL, key) = (azure.baseURL, anthropic.baseURL, APIKey(SimulatorPair.key))
        // BEGIN EXAMPLE
        // Azure's gpt-4.1-mini first; when it fails in every region, Claude answers instead.
        let azureConnector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(baseURL: azureURL, deployment: "gpt-4.1-mini", apiKey: key)))
        let claudeConnector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(baseURL: anthropicURL, style: .anthropic, apiKey: key)))
        let router = try LLMRouter(
            configuration: RouterConfiguration(
                deployments: [
                    try RouterDeployment(
                        name: "azure-east", group: "chat", metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!,
                        connector: azureConnector),
                    try RouterDeployment(
                        name: "claude", group: "backup", metadata: ModelCatalog.metadata(named: "claude-haiku-4-5")!,
                        connector: claudeConnector),
                ],
                fallbacks: ["chat", "backup"], strategy: .lowestLatency, allowedFails: 3, cooldown: .seconds(30)))
        let answer = try await router.getAnswer("Hello")  // a 401 or a 400 would not move on
        print(answer.content, answer.routing?.deployment ?? "", answer.routing?.fallbacks ?? 0)
        try await router.shutdown()  // the deployments own their connectors
        // END EXAMPLE
        #expect(answer.routing?.deployment == "claude" && answer.routing?.fallbacks == 1)
        #expect(answer.content == "claude says: Hello")
        try await azure.shutdown()
        try await anthropic.shutdown()
    }

    @Test func sharedState() async throws {
        try await SimulatorPair.with(withBackup: false) { pair in
            let (azureURL, key) = (pair.primary.baseURL, APIKey(SimulatorPair.key))
            let statePath = StorePair.sqlitePath()
            // BEGIN EXAMPLE
            // Every process that opens this file shares the quota, its 429 pauses and its cooldowns;
            // replicas on several hosts use PostgresRateLimitStore(url: "postgres://…") the same way.
            let store = try await SQLiteRateLimitStore(path: statePath)
            try await store.migrate()
            let quota = RateLimits(requestsPerMinute: 600, tokensPerMinute: 100_000)
            var configuration = ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: azureURL, style: .azure, deployment: "gpt-4.1-mini", apiKey: key, rateLimits: quota))
            configuration.rateLimitStore = store
            let connector = try Connector(configuration: configuration)
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!, connector: connector)
            let answer = try await model.getAnswer("Hello")
            let left = await store.remaining(key: connector.endpoints[0].rateLimitKey, limits: quota)
            print(answer.content, left?.remainingRequests ?? 0)  // what every process sees left this minute
            try await connector.shutdown()
            try await store.shutdown()
            // END EXAMPLE
            #expect(answer.content == "primary says: Hello")
            // This process's lease (1% of 600: six requests, one of them this answer) is out of the
            // shared bucket until it goes back at shutdown; refilled at 10 a second since.
            #expect((594...600).contains(left?.remainingRequests ?? 0))
            #expect(left?.limitRequests == 600)
        }
    }

    @Test func typedToolsAndTheRunLoop() async throws {
        try await SimulatorPair.with(withBackup: false) { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!, connector: pair.connector)
            pair.primary.script(
                .toolCalls([
                    SimulatorToolCall("get_weather", arguments: #"{"city": "Oslo"}"#),
                    SimulatorToolCall("get_weather", arguments: #"{"city": "Bergen"}"#),
                ]), .text("Bergen is milder."))
            // BEGIN EXAMPLE
            struct CityArguments: Codable { var city: String }
            struct Weather: Codable { var city: String, celsius: Int }
            let weather = try Tool("get_weather", description: "Current weather for a city") {
                (arguments: CityArguments) in
                Weather(city: arguments.city, celsius: arguments.city == "Oslo" ? 3 : 7)  // call your service here
            }
            let agent = Agent(model: model, tools: [weather], options: AgentOptions(maxSteps: 5, maxConcurrentTools: 4))
            let run = try await agent.run("Compare the weather in Oslo and Bergen.")
            for step in run.steps {
                for result in step.toolResults {
                    print(step.index, result.call.name, result.call.arguments, result.outcome, result.output)
                }
            }
            print(run.text, run.stopReason, run.usage.totalTokens, run.costUSD ?? 0)
            // END EXAMPLE
            #expect(run.text == "Bergen is milder." && run.steps.count == 2)
            #expect(run.steps[0].toolResults.map(\.outcome) == [.succeeded, .succeeded])
        }
    }

    @Test func structuredOutputIntoAType() async throws {
        try await SimulatorPair.with(withBackup: false) { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!, connector: pair.connector)
            pair.primary.script(
                .text(#"{"city": "Oslo", "sky": "sunny", "highs": [], "warning": null}"#),
                .text(#"{"city": "Oslo", "sky": "snow", "highs": [2.5, 4], "warning": null}"#))
            // BEGIN EXAMPLE
            struct Forecast: Codable, Sendable, SchemaAnnotated {
                enum Sky: String, Codable, Sendable, CaseIterable { case clear, cloudy, snow }
                var city: String
                var sky: Sky
                var highs: [Double]
                var warning: String?  // nullable; still listed in `required`, as strict mode wants
                static var schemaAnnotations: SchemaAnnotations {
                    ["highs": SchemaAnnotation("Daily highs in °C, today first").maxItems(7)]
                }
            }
            print(try JSONSchema.derive(Forecast.self).jsonString)  // the schema that is sent
            // Sent as OpenAI's strict json_schema, the Responses API's text.format, Gemini's
            // responseJsonSchema, or a forced tool for Claude and Bedrock; an answer that does not
            // match is sent back with what was wrong, up to maxRetries times.
            let forecast = try await model.generateResponse(
                Forecast.self, [.user("Forecast for Oslo")], policy: GenerationPolicy(maxRetries: 2))
            print(forecast.value.city, forecast.value.sky, forecast.value.highs, forecast.attempts)
            // END EXAMPLE
            #expect(forecast.value.sky == .snow && forecast.attempts == 2)
        }
    }

    @Test func mcpServersAsTools() async throws {
        try await SimulatorPair.with(withBackup: false) { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!, connector: pair.connector)
            pair.primary.script(.toolCall("get_weather", arguments: #"{"city": "Oslo"}"#), .text("Snow in Oslo."))
            let serverScript = MCPIntegrationTests.fixture
            // BEGIN EXAMPLE
            let server = try await MCPServer.launch("python3", arguments: [serverScript])  // MCP over stdio
            let tools = try await server.tools()  // every tool the server lists, with its schema
            let run = try await Agent(model: model, tools: tools).run("What is the weather in Oslo?")
            await server.shutdown()  // end of input, then SIGTERM, then SIGKILL
            print(run.text, run.steps[0].toolResults.map(\.output))
            // END EXAMPLE
            #expect(run.steps[0].toolResults.first?.output == "Oslo: 3 degrees celsius, light snow")
        }
    }

    @Test func versionedThreads() async throws {
        try await SimulatorPair.with(withBackup: false) { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!, connector: pair.connector)
            let path = StorePair.sqlitePath()
            // BEGIN EXAMPLE
            let store = try await SQLiteThreadStore(path: path)  // or PostgresThreadStore(url: "postgres://…")
            let thread = ChatThread(
                systemPrompt: "Be brief.", configuration: ThreadConfiguration(model: "gpt-4.1-mini"))
            let asked = thread.appending(.user("Tell me a joke"))
            let (joke, answered) = try await asked.run(model)  // a failed run makes no version
            let followUp = answered.appending(.user("Why is it funny?"))
            let (_, explained) = try await followUp.run(model)
            // Edit the follow-up: a new branch beside the first, nothing overwritten.
            let edited = try explained.editing(messageAt: 2, to: .user("Explain it simply"))
            let (_, simpler) = try await edited.run(model)
            try await store.save([thread, asked, answered, followUp, explained, edited, simpler])
            let branches = try await store.branches(lineage: thread.lineageId)
            print(joke.content, branches.map { $0.messages.last?.text ?? "" })
            print(try await store.tree(lineage: thread.lineageId).mermaid())  // seed 001's lineage graph
            try await store.shutdown()
            // END EXAMPLE
            #expect(branches.count == 2)
            #expect(
                branches.last?.messages.map(\.text) == [
                    "Tell me a joke", "primary says: Tell me a joke", "Explain it simply",
                    "primary says: Explain it simply",
                ])
        }
    }

    @Test func anyModelOnAnyAPI() async throws {
        try await SimulatorPair.with(withBackup: false, style: .anthropic) { pair in
            let anthropicURL = pair.primary.baseURL
            let groqURL = pair.backup.baseURL.appendingPathComponent("v1")
            let key = SimulatorPair.key
            // BEGIN EXAMPLE
            let claude = try Connector(
                configuration: ConnectorConfiguration(
                    primary: Endpoint(baseURL: anthropicURL, style: .anthropic, apiKey: APIKey(key))))
            let opus = ClaudeLLM(model: "claude-opus-4-6", connector: claude)  // any id, the Messages API's defaults
            let answer = try await opus.getAnswer("Hello")
            print(answer.content, answer.costUSD.map { "$\($0)" } ?? "(cost unknown)")

            // Groq by its style (or ConnectorConfiguration.fromEnvironment(provider: .groq) with GROQ_API_KEY):
            let groq = try Connector(
                configuration: ConnectorConfiguration(
                    primary: Endpoint(baseURL: groqURL, style: .groq, apiKey: APIKey(key))))
            let llama = try LLMFactory.make(model: "llama-3.3-70b-versatile", connector: groq)
            let fast = try await llama.getAnswer("Hello")
            try await claude.shutdown()
            try await groq.shutdown()
            // END EXAMPLE
            #expect(answer.content == "primary says: Hello" && answer.costUSD == nil)
            #expect(fast.content == "backup says: Hello")
            #expect(pair.backup.requests.first?.json?["model"] as? String == "llama-3.3-70b-versatile")
        }
    }

    @Test func aServersLifetime() async throws {
        try await SimulatorPair.with(withBackup: false) { pair in
            let configuration = pair.connector.configuration
            let server = ShutdownProbe()
            // BEGIN EXAMPLE
            // The connector as a swift-service-lifecycle Service beside the application's own:
            // a graceful shutdown (SIGTERM) refuses new requests, lets those in flight finish
            // within shutdownGracePeriod (30 s by default), then closes the connections.
            let connector = try Connector(configuration: configuration)
            let model = try LLMFactory.make(metadata: ModelCatalog.metadata(.gpt41Mini), connector: connector)
            let group = ServiceGroup(
                services: [connector, server],  // stopped in reverse: the server first, then the connector
                gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "app"))
            async let running: Void = group.run()
            let answer = try await model.getAnswer("Hello from the server")
            await group.triggerGracefulShutdown()  // what SIGTERM does
            try await running
            // END EXAMPLE
            #expect(answer.content == "primary says: Hello from the server")
            #expect(connector.isShuttingDown)
        }
    }

    @Test func configurationFromTheEnvironmentFilesAndArguments() async throws {
        try await SimulatorPair.with(withBackup: false) { pair in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).yaml").path
            try Data("llm:\n  deploymentName: gpt-4.1-mini\n  timeouts:\n    total: 120\n".utf8)
                .write(to: URL(fileURLWithPath: path))
            let environment = [
                "LLM_ENDPOINT": pair.primary.baseURL.absoluteString, "LLM_API_KEY": SimulatorPair.key,
            ]
            let arguments = ["server", "--llm-pool-size", "16"]
            // BEGIN EXAMPLE
            // LLM_ENDPOINT and LLM_API_KEY in the environment win over the YAML file, which wins
            // over --llm-pool-size on the command line; the key is redacted from access logs.
            let config = try await LLMConfigSources.reader(
                environment: environment, files: [path], arguments: arguments,
                accessReporter: AccessLogger(logger: Logger(label: "config")))
            let configuration = try ConnectorConfiguration(config: config.scoped(to: "llm"))
            let answer = try await withModel(.gpt41Mini, configuration: configuration) { model in
                try await model.getAnswer("Configured")
            }
            // END EXAMPLE
            #expect(answer.content == "primary says: Configured")
            #expect(configuration.poolSize == 16 && configuration.timeouts.total == .seconds(120))
        }
    }

    @Test func observabilityWithTheGenAIConventions() async throws {
        try await SimulatorPair.with(withBackup: false) { pair in
            let model = try LLMFactory.make(metadata: ModelCatalog.metadata(.gpt41Mini), connector: pair.connector)
            let tracer = InMemoryTracer()
            try await withTracer(tracer) {
                // BEGIN EXAMPLE
                // With a tracer bootstrapped (swift-otel's, say), every call is a client span named
                // "chat gpt-4.1-mini" with the GenAI attributes, and its attempts are its children.
                let answer = try await model.getAnswer("Traced")
                // gen_ai.operation.name=chat, gen_ai.provider.name=azure.ai.openai,
                // gen_ai.request.model=gpt-4.1-mini, gen_ai.response.id=\(answer.id),
                // gen_ai.usage.input_tokens, gen_ai.usage.output_tokens,
                // gen_ai.response.finish_reasons=["stop"], server.address, server.port
                // END EXAMPLE
                _ = answer
            }
            let span = try #require(tracer.finishedSpans.first { $0.operationName == "chat gpt-4.1-mini" })
            #expect(span.attributes.get("gen_ai.provider.name") == .string("azure.ai.openai"))
        }
    }

    @Test func aResponseCacheSharedByReplicas() async throws {
        try await SimulatorPair.with(withBackup: false) { pair in
            let model = try LLMFactory.make(metadata: ModelCatalog.metadata(.gpt41Mini), connector: pair.connector)
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).sqlite").path
            // BEGIN EXAMPLE
            // Replicas on one host share a SQLite file (PostgresResponseCacheStore shares across
            // hosts); identical requests in flight at once make one call.
            let store = try await SQLiteResponseCacheStore(path: path)
            let cached = model.cached(ResponseCache(store: store, configuration: .init(ttl: .seconds(600))))
            let first = try await cached.getAnswer("What is a monad?")  // asks the model
            let again = try await cached.getAnswer("What is a monad?")  // from the cache
            print(again.cacheHit?.savedUSD ?? 0)  // what the hit saved
            let fresh = try await cached.getAnswer([.user("What is a monad?")], mode: .refresh)
            try await store.shutdown()
            // END EXAMPLE
            #expect(first.cacheHit == nil && again.cacheHit != nil && fresh.cacheHit == nil)
            #expect(again.content == first.content)
            #expect(pair.primary.requests.count == 2)
        }
    }

    @Test func examplesFileMatchesTheseTests() throws {
        let here = URL(fileURLWithPath: #filePath)
        let source = try String(contentsOf: here, encoding: .utf8)
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let markdown = try String(contentsOf: root.appendingPathComponent("EXAMPLES.md"), encoding: .utf8)
        let examples = Self.blocks(in: source)
        #expect(examples.count == 30)
        let fenced = Self.fencedSwift(in: markdown)
        for example in examples {
            let found = fenced.contains(example)
            #expect(found, "EXAMPLES.md lacks:\n\(example)")
        }
    }

    static func blocks(in source: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "// BEGIN " + "EXAMPLE" {
                current = []
            } else if trimmed == "// END " + "EXAMPLE", let lines = current {
                let indent =
                    lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                    .map { $0.prefix { $0 == " " }.count }.min() ?? 0
                blocks.append(lines.map { String($0.dropFirst(min(indent, $0.count))) }.joined(separator: "\n"))
                current = nil
            } else if current != nil {
                current?.append(line)
            }
        }
        return blocks
    }

    static func fencedSwift(in markdown: String) -> [String] {
        markdown.components(separatedBy: "```swift\n").dropFirst().compactMap {
            $0.components(separatedBy: "\n```").first
        }
    }
}

/// A stand-in for an application's own service (an HTTP server): runs until the graceful shutdown.
struct ShutdownProbe: Service {
    func run() async throws {
        try? await gracefulShutdown()
    }
}
