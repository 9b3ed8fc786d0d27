import Connectors
import Foundation
import LLMCore
import LLMMedia
import Testing

@testable import LLMProviders

@Suite struct FactoryTests {
    @Test func everyCatalogEntryBuildsItsFamilysClass() async throws {
        // A class holds a transform; a model without one is a profile of its API's general class.
        let expected: [String: String] = [
            "gpt-4.1": "OpenAILLM", "gpt-4.1-mini": "GPT41MiniLLM", "gpt-4.1-nano": "OpenAILLM", "gpt-4o": "OpenAILLM",
            "gpt-4o-mini": "OpenAILLM", "o3-mini": "OpenAIReasoningLLM", "o4-mini": "OpenAIReasoningLLM",
            "o3": "OpenAIReasoningLLM", "gpt-5": "OpenAIReasoningLLM", "gpt-5-mini": "OpenAIReasoningLLM",
            "gpt-5-nano": "OpenAIReasoningLLM", "dall-e-3": "DallE3LLM",
            "gpt-image-1": "GPTImage1LLM", "tts-1": "SpeechLLM", "tts-1-hd": "SpeechLLM",
            "gpt-4o-mini-tts": "SpeechLLM",
            "whisper-1": "TranscriptionLLM", "gpt-4o-transcribe": "TranscriptionLLM", "sora": "SoraLLM",
            "sora-2": "SoraLLM", "claude-opus-4-5": "ClaudeLLM", "claude-opus-4-1": "ClaudeLLM",
            "claude-sonnet-4-5": "ClaudeLLM", "claude-haiku-4-5": "ClaudeLLM",
            "gemini-2.5-pro": "GeminiLLM", "gemini-2.5-flash": "GeminiLLM",
            "gemini-2.5-flash-lite": "GeminiLLM", "gemini-3-pro-preview": "GeminiLLM",
            "gemini-3-flash-preview": "GeminiLLM",
        ].merging(Self.bedrockModels) { _, bedrock in bedrock }
        let embeddings: [String: String] = [
            "text-embedding-3-small": "OpenAIEmbeddingLLM", "text-embedding-3-large": "OpenAIEmbeddingLLM",
            "text-embedding-ada-002": "OpenAIEmbeddingLLM", "gemini-embedding-001": "GeminiEmbeddingLLM",
        ]
        let bedrock = EndpointStyle.bedrock(region: "us-east-1")
        let styles: [LLMProvider: EndpointStyle] = [.anthropic: .anthropic, .gemini: .gemini, .bedrock: bedrock]
        for style in [EndpointStyle.azure, .anthropic, .gemini, bedrock] {
            try await ProviderFixtures.withConnector(style: style) { connector in
                for metadata in ModelCatalog.all where (styles[metadata.provider] ?? .azure) == style {
                    if metadata.capabilities.embedding != nil {
                        let model = try LLMFactory.makeEmbedding(metadata: metadata, connector: connector)
                        #expect(String(describing: type(of: model)) == embeddings[metadata.name], "\(metadata.name)")
                        continue
                    }
                    let model = try LLMFactory.make(metadata: metadata, connector: connector)
                    #expect(Self.kind(of: model) == expected[metadata.name], "\(metadata.name)")
                    #expect(model.metadata.name == metadata.name)
                }
            }
        }
        #expect(expected.count + embeddings.count == ModelCatalog.all.count)
        #expect(ModelCatalog.embeddingModels.count == embeddings.count)
        try await ProviderFixtures.withConnector { connector in
            let local = try LLMFactory.make(metadata: ModelCatalog.openAICompatible("qwen2.5"), connector: connector)
            #expect(local is OpenAILLM)
            // A Claude model refuses an Azure connector, and a GPT model an Anthropic one.
            #expect(throws: LLMError.self) {
                _ = try LLMFactory.make(
                    metadata: ModelCatalog.metadata(named: "claude-haiku-4-5")!, connector: connector)
            }
        }
        try await ProviderFixtures.withConnector(style: .anthropic) { connector in
            #expect(throws: LLMError.self) {
                _ = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
            }
        }
    }

    /// A model's class, and for Bedrock the vendor rules it reads.
    static func kind(of model: any LLM) -> String {
        let name = String(describing: type(of: model))
        guard let bedrock = model as? BedrockLLM else { return name }
        return "\(name)/\(bedrock.vendor.name)"
    }

    /// The Bedrock entries: each Claude model under its id and three inference profiles, Llama by
    /// its `us.` profiles, Mistral Large, Nova.
    static let bedrockModels: [String: String] = {
        var models: [String: String] = [
            "us.meta.llama3-3-70b-instruct-v1:0": "BedrockLLM/standard",
            "us.meta.llama4-maverick-17b-instruct-v1:0": "BedrockLLM/standard",
            "us.meta.llama4-scout-17b-instruct-v1:0": "BedrockLLM/standard",
            "mistral.mistral-large-2407-v1:0": "BedrockLLM/mistral", "amazon.nova-pro-v1:0": "BedrockLLM/nova",
            "amazon.nova-lite-v1:0": "BedrockLLM/nova", "amazon.nova-micro-v1:0": "BedrockLLM/nova",
        ]
        for id in ["anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-haiku-4-5-20251001-v1:0"] {
            for prefix in ["", "us.", "eu.", "global."] { models[prefix + id] = "BedrockLLM/claude" }
        }
        return models
    }()

    @Test func anUnknownFamilyOfAKnownProviderGetsItsGeneralModelAndAnUnknownProviderListsTheFamilies()
        async throws
    {
        try await ProviderFixtures.withConnector(style: .gemini) { connector in
            let model = try LLMFactory.make(
                metadata: ModelMetadata(name: "gemini-9", provider: .gemini, family: "mine"), connector: connector)
            #expect(model is GeminiLLM)
        }
        try await ProviderFixtures.withConnector { connector in
            let error = capture {
                _ = try LLMFactory.make(
                    metadata: ModelMetadata(name: "x", provider: LLMProvider(rawValue: "nobody"), family: "nothing"),
                    connector: connector)
            }
            #expect(error?.code == .invalidConfiguration)
            #expect(
                error?.message.hasPrefix(
                    "unknown model family 'nothing' of provider 'nobody'; known families: bedrock, bedrock-claude, bedrock-mistral, bedrock-nova, claude, dall-e-3, gemini, "
                ) == true)
            #expect(error?.message.contains("openai-compatible") == true)
        }
    }

    @Test func registeredFamiliesAreBuilt() async throws {
        LLMFactory.register(family: "test-echo-family") { metadata, connector in
            OpenAILLM(metadata: metadata, connector: connector)
        }
        #expect(LLMFactory.knownFamilies.contains("test-echo-family"))
        try await ProviderFixtures.withConnector { connector in
            let model = try LLMFactory.make(
                metadata: ModelMetadata(name: "x", provider: .openAICompatible, family: "test-echo-family"),
                connector: connector)
            #expect(model is OpenAILLM)
        }
    }

    @Test func catalogEntriesHaveLimitsPricesAndCapabilities() {
        #expect(ModelCatalog.chatModels.count == 20 + Self.bedrockModels.count)
        let dates: [LLMProvider: String] = [
            .anthropic: AnthropicCatalog.pricesAsOf, .gemini: GeminiCatalog.pricesAsOf,
            .bedrock: BedrockCatalog.pricesAsOf,
        ]
        for metadata in ModelCatalog.chatModels {
            #expect(metadata.limits.contextWindow > metadata.limits.maxOutputTokens, "\(metadata.name)")
            #expect(metadata.pricing?.asOf == (dates[metadata.provider] ?? ModelCatalog.pricesAsOf))
            #expect(metadata.capabilities.outputTypes == [.text])
            #expect(metadata.capabilities.tools)
        }
        #expect(ModelCatalog.metadata(named: "O3-MINI")?.capabilities.vision == false)
        #expect(ModelCatalog.metadata(named: "gpt-5-nano")?.family == "openai-reasoning")
        #expect(ModelCatalog.metadata(named: "gpt-4.1-mini")?.supportedParameters.contains(.temperature) == false)
        #expect(ModelCatalog.metadata(named: "o3")?.capabilities.reasoning == true)
    }

    @Test func reasoningEffortLevelsAreCheckedPerModel() async throws {
        try await ProviderFixtures.withConnector { connector in
            let o3 = OpenAIReasoningLLM(metadata: ModelCatalog.metadata(named: "o3")!, connector: connector)
            #expect(throws: LLMError.self) { try o3.validateModelOptions(GenerationOptions(reasoningEffort: .minimal)) }
            try o3.validateModelOptions(GenerationOptions(reasoningEffort: .high))
            let gpt5 = OpenAIReasoningLLM(metadata: ModelCatalog.metadata(named: "gpt-5")!, connector: connector)
            try gpt5.validateModelOptions(GenerationOptions(reasoningEffort: .minimal))
        }
    }

    @Test func theChatCompletionsAPITakesAtMostFourStopSequences() async throws {
        try await ProviderFixtures.withConnector { connector in
            let model = OpenAILLM(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
            let error = capture { try model.validateModelOptions(GenerationOptions(stop: ["a", "b", "c", "d", "e"])) }
            #expect(error?.code == .invalidRequest)
            #expect(error?.parameter == "stop")
            #expect(error?.message == "stop = 5 sequences is out of range; allowed: at most 4 sequences")
            #expect(error?.hint != nil)
            // The same options are fine for the library: only this API caps them.
            #expect(capture { try GenerationOptions(stop: ["a", "b", "c", "d", "e"]).validate() } == nil)
        }
    }

    @Test func azureEndpointsCapImagesAtTen() async throws {
        try await ProviderFixtures.withConnector { connector in
            let model = OpenAILLM(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
            #expect(model.metadata.limits.maxImagesPerRequest == 10)
            let images = (0..<11).map { ImageInputFactory.url("https://e.com/\($0).png") }
            #expect(throws: LLMError.self) { try model.validateMessages([.user("compare", images: images)]) }
        }
        try await ProviderFixtures.withConnector(style: .openAI) { connector in
            let model = OpenAILLM(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
            #expect(model.metadata.limits.maxImagesPerRequest == nil)
        }
    }

    @Test func environmentConfiguration() throws {
        let azure = try ConnectorConfiguration.fromEnvironment(
            [
                "AZURE_OPENAI_ENDPOINT": "https://east.openai.azure.com", "AZURE_OPENAI_API_KEY": "k",
                "AZURE_OPENAI_DEPLOYMENT": "dep",
                "AZURE_OPENAI_BACKUP_ENDPOINTS": "https://west.openai.azure.com, https://north.openai.azure.com",
            ], deployment: "ignored")
        #expect(
            azure.endpoints.map(\.name) == ["east.openai.azure.com", "west.openai.azure.com", "north.openai.azure.com"])
        #expect(azure.endpoints.allSatisfy { $0.deployment == "dep" && $0.apiKey?.reveal() == "k" })
        let openAI = try ConnectorConfiguration.fromEnvironment(["OPENAI_API_KEY": "sk"], deployment: "gpt-4o")
        #expect(openAI.primary.style == .openAI)
        #expect(openAI.primary.url(for: "chat/completions") == "https://api.openai.com/v1/chat/completions")
        #expect(throws: LLMError.self) { try ConnectorConfiguration.fromEnvironment([:]) }
    }

    /// One style's variables, set or not, with a base URL given in place of the variable's (the
    /// `llm` tool's `--endpoint`); the environment's proxy and trust roots come along.
    @Test func environmentConfigurationOfOneStyle() throws {
        let given = URL(string: "https://gateway.example/openai")!
        let v1 = try ConnectorConfiguration.fromEnvironment(
            ["AZURE_OPENAI_KEY": "k", "HTTPS_PROXY": "http://proxy:3128", "SSL_CERT_FILE": "/ca.pem"], style: .azureV1,
            baseURL: given)
        #expect(v1.primary.style == .azureV1 && v1.primary.baseURL == given && v1.primary.apiKey?.reveal() == "k")
        #expect(v1.proxy?.url.absoluteString == "http://proxy:3128" && v1.tls.additionalTrustRoots == ["/ca.pem"])
        let claude = try ConnectorConfiguration.fromEnvironment([:], style: .anthropic)
        #expect(claude.primary.baseURL.absoluteString == "https://api.anthropic.com" && claude.primary.apiKey == nil)
        let missing = capture { _ = try ConnectorConfiguration.fromEnvironment([:], style: .azure) }
        #expect(missing?.message == "no Azure endpoint is configured")
    }

    /// Google's variables as its SDK reads them: GOOGLE_API_KEY over GEMINI_API_KEY, the base URL
    /// override; Vertex AI from its switch, project, location and token.
    @Test func googleEnvironmentConfiguration() async throws {
        let gemini = try ConnectorConfiguration.fromEnvironment(
            ["GEMINI_API_KEY": "g", "GOOGLE_API_KEY": "k"], provider: .gemini)
        #expect(gemini.primary.style == .gemini && gemini.primary.apiKey?.reveal() == "k")
        #expect(gemini.primary.baseURL.absoluteString == "https://generativelanguage.googleapis.com")
        let local = try ConnectorConfiguration.fromEnvironment(
            ["GEMINI_API_KEY": "g", "GOOGLE_GEMINI_BASE_URL": "http://127.0.0.1:9"], provider: .gemini)
        #expect(local.primary.baseURL.absoluteString == "http://127.0.0.1:9" && local.primary.apiKey?.reveal() == "g")
        let vertex = try ConnectorConfiguration.fromEnvironment(
            [
                "GOOGLE_GENAI_USE_VERTEXAI": "True", "GOOGLE_CLOUD_PROJECT": "acme",
                "GOOGLE_CLOUD_LOCATION": "europe-west4",
                "GOOGLE_OAUTH_ACCESS_TOKEN": "ya29.token", "GEMINI_API_KEY": "ignored",
            ], provider: .gemini)
        #expect(vertex.primary.style == .vertexAI)
        #expect(
            vertex.primary.baseURL.absoluteString
                == "https://europe-west4-aiplatform.googleapis.com/v1/projects/acme/locations/europe-west4")
        #expect(try await vertex.tokenProvider?() == "ya29.token")
        let global = try Endpoint.vertexAI(project: "acme", location: "global")
        #expect(global.baseURL.host == "aiplatform.googleapis.com")
        #expect(
            global.urlParts.prefix
                == "https://aiplatform.googleapis.com/v1/projects/acme/locations/global/publishers/google/")
        #expect(capture { _ = try Endpoint.vertexAI(project: "a/b", location: "x") }?.code == .invalidConfiguration)
        let noProject = capture {
            _ = try ConnectorConfiguration.fromEnvironment(["GOOGLE_GENAI_USE_VERTEXAI": "1"], provider: .gemini)
        }
        #expect(noProject?.parameter == "GOOGLE_CLOUD_PROJECT")
        // A Vertex endpoint must name its project and location, and carry a credential.
        let bare = ConnectorConfiguration(
            primary: Endpoint(
                baseURL: URL(string: "https://us-central1-aiplatform.googleapis.com")!, style: .vertexAI, apiKey: "k"))
        #expect(capture { try bare.validate() }?.code == .invalidConfiguration)
        let keyless = ConnectorConfiguration(
            primary: Endpoint(baseURL: URL(string: "https://g.example")!, style: .gemini))
        #expect(capture { try keyless.validate() }?.message.contains("GEMINI_API_KEY") == true)
    }
}

/// Builds image inputs from strings for brevity.
enum ImageInputFactory {
    static func url(_ string: String) -> ImageInput { ImageInput(string) }
}
