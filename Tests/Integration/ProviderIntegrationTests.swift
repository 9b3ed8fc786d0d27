import Foundation
import LLMSimulator
import SwiftLLM
import Testing

@Suite(.serialized) struct ProviderIntegrationTests {
    static func model(_ name: String, _ pair: SimulatorPair) throws -> any LLM {
        try LLMFactory.make(metadata: ModelCatalog.metadata(named: name)!, connector: pair.connector)
    }

    @Test(arguments: [EndpointStyle.azure, .azureV1, .openAI])
    func getAnswerOverBothPaths(style: EndpointStyle) async throws {
        try await SimulatorPair.with(style: style) { pair in
            let model = try Self.model("gpt-4.1-mini", pair)
            let response = try await model.getAnswer(
                [.system("Be brief."), .user("ping")], options: GenerationOptions(maxTokens: 50, temperature: 0.2))
            #expect(response.content == "primary says: ping")
            #expect(response.finishReason == .stop)
            #expect(response.usage?.completionTokens == 3)
            #expect(response.costUSD != nil)
            #expect(response.attempts == 1)
            #expect(response.latency != nil)
            #expect(
                response.endpoint?.hasSuffix(
                    style == .azure ? "/openai/deployments/gpt-4.1-mini/chat/completions" : "/v1/chat/completions")
                    == true)
            let sent = try #require(pair.primary.requests.first?.json)
            #expect(sent["max_completion_tokens"] as? Int == 50)
            #expect(sent["temperature"] == nil)
            #expect(sent["model"] as? String == "gpt-4.1-mini")
            if style != .openAI { #expect(response.promptFilterResults["hate"]?.severity == "safe") }
        }
    }

    @Test(arguments: [EndpointStyle.azure, .azureV1, .openAI])
    func streamAnswerOverBothPaths(style: EndpointStyle) async throws {
        try await SimulatorPair.with(style: style) { pair in
            let model = try Self.model("gpt-4o", pair)
            var accumulator = StreamAccumulator()
            var first: LLMStreamChunk?
            for try await chunk in model.streamAnswer("tell me more") {
                if first == nil { first = chunk }
                accumulator.add(chunk)
            }
            let response = accumulator.response
            #expect(response.content == "primary says: tell me more")
            #expect(response.finishReason == .stop)
            #expect(response.usage != nil)
            #expect(first?.endpoint?.contains("127.0.0.1") == true)
            #expect(first?.requestId?.hasPrefix("sim-") == true)
            let sent = try #require(pair.primary.requests.first?.json)
            #expect(sent["stream"] as? Bool == true)
        }
    }

    /// A backup that sets its own deployment and style gets its own URL, auth and body `model`.
    @Test func aBackupOfAnotherStyleAndDeploymentGetsItsOwnURLAuthAndModel() async throws {
        let primary = LLMSimulator(configuration: SimulatorConfiguration(apiKey: SimulatorPair.key, name: "primary"))
        let backup = LLMSimulator(configuration: SimulatorConfiguration(apiKey: SimulatorPair.key, name: "backup"))
        try await primary.start()
        try await backup.start()
        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: primary.baseURL, style: .azure, deployment: "mini-east", apiKey: APIKey(SimulatorPair.key)),
                backups: [
                    BackupEndpoint(
                        baseURL: backup.baseURL.appendingPathComponent("v1"), deployment: "gpt-4.1-mini-2025",
                        style: .openAI)
                ]))
        let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!, connector: connector)
        primary.enqueue(.status(503))
        let response = try await model.getAnswer("which one?")
        #expect(response.content == "backup says: which one?")
        let first = try #require(primary.requests.first)
        let second = try #require(backup.requests.first)
        #expect(first.uri == "/openai/deployments/mini-east/chat/completions?api-version=2024-10-21")
        #expect(first.headers["api-key"] == SimulatorPair.key && first.headers["authorization"] == nil)
        #expect(first.json?["model"] as? String == "mini-east")
        #expect(second.uri == "/v1/chat/completions")
        #expect(second.headers["authorization"] == "Bearer \(SimulatorPair.key)" && second.headers["api-key"] == nil)
        #expect(second.json?["model"] as? String == "gpt-4.1-mini-2025")
        try await connector.shutdown()
        try await primary.shutdown()
        try await backup.shutdown()
    }

    @Test func reasoningModelSendsDeveloperRole() async throws {
        try await SimulatorPair.with { pair in
            let model = try Self.model("o4-mini", pair)
            _ = try await model.getAnswer(
                [.system("rules"), .user("q")], options: GenerationOptions(temperature: 1, reasoningEffort: .high))
            let sent = try #require(pair.primary.requests.first?.json)
            let messages = sent["messages"] as? [[String: Any]]
            #expect(messages?.first?["role"] as? String == "developer")
            #expect(sent["reasoning_effort"] as? String == "high")
            #expect(sent["temperature"] == nil)
        }
    }

    @Test func streamFailsOverBeforeTheFirstChunkAndReportsTheBackup() async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.status(503))
            let model = try Self.model("gpt-4o", pair)
            var text = ""
            var endpoint: String?
            for try await chunk in model.streamAnswer("x") {
                text += chunk.textDelta ?? ""
                if let value = chunk.endpoint { endpoint = value }
            }
            #expect(text == "backup says: x")
            #expect(endpoint?.contains(":\(pair.backup.port!)/") == true)
        }
    }

    @Test func aDroppedStreamCarriesThePartialText() async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.dropMidStream(afterChunks: 4))
            let model = try Self.model("gpt-4o", pair)
            var text = ""
            let error = await captureError {
                for try await chunk in model.streamAnswer("one two three") { text += chunk.textDelta ?? "" }
            }
            #expect(error?.code == .streamInterrupted)
            #expect(error?.partialContent == text, "\(String(describing: error))")
            #expect(text == "primary says: ")
        }
    }

    @Test func anErrorEventAndMalformedEventsEndTheStreamWithTypedErrors() async throws {
        try await SimulatorPair.with { pair in
            let model = try Self.model("gpt-4o", pair)
            pair.primary.enqueue(.errorInStream)
            let error = await captureError { for try await _ in model.streamAnswer("a b c") {} }
            #expect(error?.providerCode == "server_error")
            pair.primary.enqueue(.malformedJSON)
            let decoding = await captureError { for try await _ in model.streamAnswer("a b c") {} }
            #expect(decoding?.code == .decoding)
        }
    }

    @Test func contentFilterFinishMidStreamIsReported() async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.contentFilterFinish)
            let model = try Self.model("gpt-4.1", pair)
            var accumulator = StreamAccumulator()
            for try await chunk in model.streamAnswer("one two three four five six") { accumulator.add(chunk) }
            #expect(accumulator.response.finishReason == .contentFilter)
            #expect(accumulator.response.contentFilterResults.filteredCategories == ["violence"])
        }
    }

    @Test func visionPromptSendsTheImageAsADataURL() async throws {
        try await SimulatorPair.with { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: pair.connector)
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0])
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).png").path
            try png.write(to: URL(fileURLWithPath: path))
            let vision = try #require(model as? OpenAILLM)
            let response = try await vision.getAnswerWithVision(prompt: "what is this?", images: [path])
            #expect(response.content == "primary says: what is this?")
            let messages = try #require(pair.primary.requests.first?.json?["messages"] as? [[String: Any]])
            let parts = try #require(messages.last?["content"] as? [[String: Any]])
            #expect(
                (parts.last?["image_url"] as? [String: Any])?["url"] as? String
                    == "data:image/png;base64,\(png.base64EncodedString())")
        }
    }

    @Test func invalidInputFailsBeforeAnyRequest() async throws {
        try await SimulatorPair.with { pair in
            let model = try Self.model("gpt-4o", pair)
            let error = await captureError {
                _ = try await model.getAnswer("hi", options: GenerationOptions(temperature: 9))
            }
            #expect(error?.parameter == "temperature")
            let stream = await captureError { for try await _ in model.streamAnswer([]) {} }
            #expect(stream?.code == .invalidPrompt)
            #expect(pair.primary.requests.isEmpty)
        }
    }
}
