import ArgumentParser
import Foundation
import LLMSimulator
import SwiftLLM

/// `llm demo`: the library end to end with no credentials and no network, against an in-process
/// LLMSimulator with a failing primary and a healthy backup.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Show the library working with no credentials and no network.")

    func run() async throws {
        do {
            try await demo()
        } catch {
            CLIFailure.exit(error)
        }
    }

    private func demo() async throws {
        let key = Self.key
        let primary = LLMSimulator(configuration: SimulatorConfiguration(apiKey: key, name: "primary"))
        let backup = LLMSimulator(configuration: SimulatorConfiguration(apiKey: key, name: "backup"))
        try await primary.start()
        try await backup.start()
        let configuration = ConnectorConfiguration(
            primary: Endpoint(
                baseURL: primary.baseURL, deployment: "gpt-4.1-mini", apiKey: APIKey(key), name: "primary"),
            backups: [BackupEndpoint(baseURL: backup.baseURL, name: "backup")], cooldown: .seconds(2))
        let connector = try Connector(configuration: configuration)
        do {
            try await steps(connector: connector, primary: primary, backup: backup)
        } catch {
            try? await connector.shutdown()
            try? await primary.shutdown()
            try? await backup.shutdown()
            throw error
        }
        try await connector.shutdown()
        try await primary.shutdown()
        try await backup.shutdown()
    }

    private func steps(connector: Connector, primary: LLMSimulator, backup: LLMSimulator) async throws {
        Console.line(
            "swift-llm demo: two simulated Azure endpoints on 127.0.0.1 (primary :\(primary.port!), backup :\(backup.port!))"
        )
        let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!, connector: connector)

        Self.step(1, "getAnswer")
        let answer = try await model.getAnswer("What is swift-llm?", system: "Answer briefly.")
        Console.line("answer: \(answer.content)")
        Console.line(
            "from \(answer.endpoint ?? "?") in \(answer.attempts) attempt(s); usage \(answer.usage?.totalTokens ?? 0) tokens; cost $\(String(format: "%.6f", answer.costUSD ?? 0))"
        )

        Self.step(2, "streamAnswer (live; the simulator paces the chunks 40 ms apart)")
        primary.enqueue(.delayChunks(.milliseconds(40)))
        Console.write("stream: ")
        for try await chunk in model.streamAnswer("Stream these words to me one at a time") {
            if let delta = chunk.textDelta { Console.write(delta) }
        }
        Console.line("")

        Self.step(3, "vision prompt (a PNG sent as a data URL)")
        let png = Data(
            base64Encoded:
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")!
        let vision = try await model.getAnswer([.user("What colour is this pixel?", images: [.bytes(png)])])
        Console.line("answer: \(vision.content)")
        let sent = primary.requests.last?.json?["messages"] as? [[String: Any]]
        let parts = sent?.last?["content"] as? [[String: Any]]
        let url = (parts?.last?["image_url"] as? [String: Any])?["url"] as? String ?? ""
        Console.line("sent image_url: \(url.prefix(40))... (\(url.count) characters)")

        Self.step(4, "failover: the primary answers 503")
        primary.enqueue(.status(503))
        let failover = try await model.getAnswer("Are you there?")
        Console.line("answer: \(failover.content)")
        Console.line("the primary answered HTTP 503, so the connector went straight to the backup (no backoff):")
        Console.line("answered by \(failover.endpoint ?? "?") after \(failover.attempts) attempts")
        let next = try await model.getAnswer("And now?")
        Console.line(
            "next request: answered by \(next.endpoint?.contains(":\(backup.port!)/") == true ? "backup" : "primary") (the primary is cooling down)"
        )

        Self.step(5, "LLMPool: 100 requests, at most 10 in flight")
        let before = primary.statistics.requests + backup.statistics.requests
        let start = ContinuousClock.now
        let requests = (0..<100).map { LLMRequest(model: model, prompt: "question \($0)") }
        let results = await LLMPool(maxConcurrent: 10).run(requests)
        let elapsed = ContinuousClock.now - start
        let ok = results.filter { (try? $0.get()) != nil }.count
        let served = primary.statistics.requests + backup.statistics.requests - before
        let peak = max(primary.statistics.maxInFlight, backup.statistics.maxInFlight)
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        Console.line(
            "\(ok)/100 succeeded in \(milliseconds) ms; \(served) HTTP requests; at most \(peak) in flight at a server")
        Console.line("results come back in input order: #42 -> \((try? results[42].get())?.content ?? "?")")

        Self.step(6, "Anthropic: Claude over the Messages API (the same simulator speaks it)")
        let anthropic = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: primary.baseURL, style: .anthropic, apiKey: APIKey(Self.key), name: "primary")))
        do {
            let claude = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "claude-sonnet-4-5")!, connector: anthropic)
            let reply = try await claude.getAnswer("Hello, Claude", system: "Answer briefly.")
            Console.line("answer: \(reply.content)")
            Console.line(
                "POST \(reply.endpoint ?? "?") with x-api-key and anthropic-version; request id \(reply.requestId ?? "?"); usage \(reply.usage?.promptTokens ?? 0) in / \(reply.usage?.completionTokens ?? 0) out; cost $\(String(format: "%.6f", reply.costUSD ?? 0))"
            )
        } catch {
            try? await anthropic.shutdown()
            throw error
        }
        try await anthropic.shutdown()

        try await otherAPIs(connector: connector, primary: primary)

        Self.step(10, "media: image, speech, transcription, video")
        let image = try await GPTImage1LLM(metadata: ModelCatalog.metadata(named: "gpt-image-1")!, connector: connector)
            .getImage(
                ImageGenerationRequest(prompt: "a lighthouse at dusk", outputFormat: "png"), context: RequestContext())
        Console.line(
            "gpt-image-1: \(image.images.first?.data?.count ?? 0) bytes of \(image.images.first?.mimeType?.rawValue ?? "?")"
        )
        let tts = SpeechLLM(metadata: ModelCatalog.metadata(named: "tts-1")!, connector: connector)
        var speech = Data()
        for try await chunk in tts.streamAudio(
            SpeechRequest(input: "Hello from swift-llm", format: "wav"), context: RequestContext())
        {
            speech += chunk.data
        }
        Console.line("tts-1 (streamed): \(speech.count) bytes of \(MIMESniffer.sniff(speech)?.rawValue ?? "?")")
        let whisper = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "whisper-1")!, connector: connector)
        let transcript = try await whisper.getAnswer([.user([.audio(try AudioInput(data: speech))])])
        Console.line("whisper-1: \(transcript.content)")
        // A job lives on the endpoint that made it: SoraLLM polls and downloads there only.
        let sora = SoraLLM(
            metadata: ModelCatalog.metadata(named: "sora")!, connector: connector, pollInterval: .milliseconds(100))
        for try await chunk in sora.streamVideo(
            VideoGenerationRequest(prompt: "waves", seconds: 4), context: RequestContext())
        {
            let video = chunk.video.map { ", \($0.data?.count ?? 0) bytes of \($0.mimeType?.rawValue ?? "?")" } ?? ""
            Console.line("sora job \(chunk.jobId): \(chunk.status.rawValue)\(video)")
        }
        // A text model asked for media (seed 004's BaseLLM stub) says what it does produce.
        do {
            _ = try await (model as? BaseLLM)?.getImage("a cat")
        } catch let error as LLMError {
            Console.line("gpt-4.1-mini.getImage: error[\(error.code)]: \(error.message) (hint: \(error.hint ?? ""))")
        }
        try await routerStep(claudeOn: primary)
        try await agentStep(primary: primary)
    }

    /// A typed structured answer and a two-step tool run.
    private func agentStep(primary: LLMSimulator) async throws {
        struct Forecast: Codable, Sendable {
            var city: String
            var celsius: Int
        }
        struct CityArguments: Codable { var city: String }
        Self.step(12, "agents: a typed structured answer, then a two-step tool run")
        // Only the primary (whose answers are scripted below), so no cooldown sends a step elsewhere.
        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: primary.baseURL, deployment: "gpt-4.1-mini", apiKey: APIKey(Self.key), name: "primary")))
        let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!, connector: connector)
        primary.script(
            .text(#"{"city": "Oslo"}"#), .text(#"{"city": "Oslo", "celsius": 3}"#),
            .toolCalls([
                SimulatorToolCall("get_weather", arguments: #"{"city": "Oslo"}"#),
                SimulatorToolCall("get_weather", arguments: #"{"city": "Bergen"}"#),
            ]), .text("Oslo is 3 °C, Bergen 7 °C."))
        let forecast = try await model.generateResponse(Forecast.self, [.user("Forecast for Oslo")])
        Console.line(
            "generate(Forecast.self): \(forecast.value.city) \(forecast.value.celsius) °C after \(forecast.attempts) attempts (the first answer lacked celsius and was sent back)"
        )
        let weather = try Tool("get_weather", description: "Current weather for a city") {
            (arguments: CityArguments) in Forecast(city: arguments.city, celsius: arguments.city == "Oslo" ? 3 : 7)
        }
        let run = try await Agent(model: model, tools: [weather]).run("Compare Oslo and Bergen.")
        for step in run.steps {
            let calls = step.toolResults.map { "\($0.call.name)(\($0.call.arguments)) -> \($0.output)" }
            Console.line(
                "step \(step.index): "
                    + (calls.isEmpty ? "answer: \(step.response.content)" : calls.joined(separator: ", ")))
        }
        Console.line("stopped: \(run.stopReason.rawValue); \(run.usage.totalTokens) tokens in all")
        try await connector.shutdown()
    }

    /// A router whose Azure deployment is down in every region falls back to Claude.
    private func routerStep(claudeOn primary: LLMSimulator) async throws {
        Self.step(11, "LLMRouter: the Azure deployment answers 503, so the router falls back to Claude")
        let down = LLMSimulator(
            configuration: SimulatorConfiguration(
                apiKey: Self.key, randomFaults: [(fault: .status(503), probability: 1)], name: "azure-down"))
        try await down.start()
        func deployment(_ name: String, _ group: String, _ style: EndpointStyle, _ model: String, _ base: URL) throws
            -> RouterDeployment
        {
            let connector = try Connector(
                configuration: ConnectorConfiguration(
                    primary: Endpoint(
                        baseURL: base, style: style, deployment: model, apiKey: APIKey(Self.key), name: name),
                    retry: RetryPolicy(maxRetries: 0)))
            return try RouterDeployment(
                name: name, group: group, metadata: ModelCatalog.metadata(named: model)!, connector: connector)
        }
        let router = try LLMRouter(
            configuration: RouterConfiguration(
                deployments: [
                    try deployment("azure-east", "chat", .azure, "gpt-4.1-mini", down.baseURL),
                    try deployment("claude", "backup-chat", .anthropic, "claude-haiku-4-5", primary.baseURL),
                ], fallbacks: ["chat", "backup-chat"]))
        do {
            let reply = try await router.getAnswer("Hello, router")
            let route = reply.routing
            Console.line("answer: \(reply.content)")
            Console.line(
                "answered by \(route?.deployment ?? "?") (\(route?.provider.rawValue ?? "?")) after \(route?.fallbacks ?? 0) fallback(s): \(route?.failures.map { "\($0.deployment) \($0.error.code)" }.joined(separator: ", ") ?? "")"
            )
        } catch {
            try? await router.shutdown()
            try? await down.shutdown()
            throw error
        }
        try await router.shutdown()
        try await down.shutdown()
    }

    /// Gemini, the Responses API and embeddings, each on the simulator that speaks them all.
    private func otherAPIs(connector: Connector, primary: LLMSimulator) async throws {
        Self.step(7, "Gemini: generateContent over the Gemini API (x-goog-api-key)")
        let google = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(baseURL: primary.baseURL, style: .gemini, apiKey: APIKey(Self.key), name: "primary")))
        do {
            let gemini = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gemini-2.5-flash")!, connector: google)
            let reply = try await gemini.getAnswer("Hello, Gemini", system: "Answer briefly.")
            Console.line("answer: \(reply.content)")
            Console.line(
                "POST \(reply.endpoint ?? "?"); finish \(reply.gemini?.finishReason ?? "?"); usage \(reply.usage?.promptTokens ?? 0) in / \(reply.usage?.completionTokens ?? 0) out; cost $\(String(format: "%.6f", reply.costUSD ?? 0))"
            )
            Self.step(8, "an embedding (gemini-embedding-001, 768 dimensions)")
            let embedder = try LLMFactory.makeEmbedding(
                metadata: ModelCatalog.metadata(named: "gemini-embedding-001")!, connector: google)
            let vectors = try await embedder.embed(
                ["swift-llm", "server-side Swift"], options: EmbeddingOptions(dimensions: 768))
            let similarity = zip(vectors.vectors[0], vectors.vectors[1]).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            Console.line(
                "\(vectors.vectors.count) vectors of \(vectors.vectors[0].count) values in \(vectors.requests) request(s); cosine \(String(format: "%.3f", similarity))"
            )
        } catch {
            try? await google.shutdown()
            throw error
        }
        try await google.shutdown()

        Self.step(9, "the Responses API: the same catalog model, api: .responses")
        let responses = try LLMFactory.make(
            metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!, connector: connector, api: .responses)
        let reply = try await responses.getAnswer("Hello, Responses", system: "Answer briefly.")
        Console.line("answer: \(reply.content)")
        Console.line("POST \(reply.endpoint ?? "?") (store: false); response id \(reply.id)")
    }

    /// The simulators' key (not a secret: they run in this process only).
    static let key = "demo-key-not-a-secret"

    static func step(_ number: Int, _ title: String) {
        Console.line("\n[\(number)] \(title)")
    }
}
