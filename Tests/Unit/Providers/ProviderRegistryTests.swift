import Connectors
import Foundation
import LLMCore
import Testing

@testable import LLMProviders

/// The provider list and the catalog's profile lookup, without sockets.
@Suite struct ProviderRegistryTests {
    @Test func everyProviderHasAUniqueNameStylesAndTheVariablesItReads() {
        let names = ProviderRegistry.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(
            names == [
                "azure", "openai", "anthropic", "gemini", "bedrock", "groq", "xai", "deepseek", "mistral", "openrouter",
                "together", "fireworks", "ollama", "vllm", "llamacpp", "lmstudio",
            ])
        let styleNames = EndpointStyle.known.map(\.name)
        #expect(Set(styleNames).count == styleNames.count)
        for descriptor in ProviderRegistry.all {
            #expect(!descriptor.styles.isEmpty && !descriptor.summary.isEmpty)
            #expect(ProviderRegistry.descriptor(named: descriptor.name)?.name == descriptor.name)
            for style in descriptor.styles {
                #expect(ProviderRegistry.descriptor(for: style.style)?.name == descriptor.name)
                #expect(EndpointStyle.named(style.style.name) == style.style)
            }
            // Every secret variable the descriptor names is one its summary tells the user about.
            for variable in descriptor.secretVariables where variable != "AZURE_OPENAI_API_KEY" {
                #expect(descriptor.summary.contains(variable) || descriptor.name == "bedrock", "\(variable)")
            }
            if let model = descriptor.defaultModel {
                #expect(ModelCatalog.metadata(for: model, style: descriptor.styles[0].style).name == model)
            }
        }
        #expect(ProviderRegistry.descriptor(named: "vertex-ai")?.name == "gemini")
        #expect(ProviderRegistry.descriptor(named: "azure-v1")?.name == "azure")
        for variable in [
            "GROQ_API_KEY", "XAI_API_KEY", "DEEPSEEK_API_KEY", "MISTRAL_API_KEY", "OPENROUTER_API_KEY",
            "TOGETHER_API_KEY", "FIREWORKS_API_KEY", "ANTHROPIC_API_KEY", "AWS_SECRET_ACCESS_KEY", "LM_API_TOKEN",
        ] {
            #expect(ProviderRegistry.secretVariables.contains(variable), "\(variable)")
        }
    }

    @Test func theEnvironmentPicksACompatibleProviderByItsKeyVariable() throws {
        let configuration = try ConnectorConfiguration.fromEnvironment(["GROQ_API_KEY": "gsk-test"], provider: .groq)
        #expect(configuration.primary.style == .groq)
        #expect(configuration.primary.baseURL.absoluteString == "https://api.groq.com/openai/v1")
        #expect(configuration.primary.apiKey?.reveal() == "gsk-test")
        let local = try ConnectorConfiguration.fromEnvironment(
            ["OLLAMA_BASE_URL": "http://127.0.0.1:11434/v1"], provider: .ollama)
        #expect(local.primary.style == .ollama && local.primary.apiKey == nil)
        #expect(ProviderRegistry.configuredStyle(["XAI_API_KEY": "x"]) == .xAI)
        #expect(ProviderRegistry.configuredStyle(["OPENAI_API_KEY": "x", "XAI_API_KEY": "x"]) == .openAI)
        let missing = capture { _ = try ConnectorConfiguration.fromEnvironment([:], provider: .mistral) }
        #expect(missing?.hint?.contains("MISTRAL_API_KEY") == true)
    }

    @Test(arguments: [
        ("claude-haiku-4-5-20251001", "claude-haiku-4-5"),
        ("claude-sonnet-4-5-latest", "claude-sonnet-4-5"),
        ("gpt-4.1-mini-2025-04-14", "gpt-4.1-mini"),
        ("o4-mini-2025-04-16", "o4-mini"),
        ("gemini-2.5-flash-preview-09-2025", "gemini-2.5-flash"),
        ("gemini-2.5-flash-lite-preview-06-17", "gemini-2.5-flash-lite"),
        ("GPT-4O", "gpt-4o"),
        ("us.anthropic.claude-haiku-4-5-20251001-v1:0", "us.anthropic.claude-haiku-4-5-20251001-v1:0"),
        (
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5",
            "us.anthropic.claude-haiku-4-5-20251001-v1:0"
        ),
        (
            "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
            "anthropic.claude-sonnet-4-5-20250929-v1:0"
        ),
        // A geographic profile the catalog does not price finds the in-region entry.
        ("apac.anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-haiku-4-5-20251001-v1:0"),
        ("global.anthropic.claude-sonnet-4-5-20250929-v1:0", "global.anthropic.claude-sonnet-4-5-20250929-v1:0"),
    ])
    func anIdFindsItsProfileUnderAnySpelling(id: String, profile: String) throws {
        let found = try #require(ModelCatalog.profile(for: id), "\(id)")
        let expected = try #require(ModelCatalog.all.first { $0.name == profile })
        #expect(found.pricing == expected.pricing && found.family == expected.family)
        #expect(found.limits == expected.limits)
        // The id is what is sent; an exact (case-insensitive) match keeps the catalog's name.
        #expect(found.name == (id.lowercased() == profile ? profile : id))
    }

    @Test func anUnknownIdHasItsAPIsDefaultsAndNoPrice() {
        for id in ["claude-opus-4-6", "gpt-4.1-mini-ft:acme:2099", "llama-3.3-70b", "gemini-9", "gemini-embedding-002"]
        {
            #expect(ModelCatalog.profile(for: id) == nil, "\(id)")
        }
        let claude = ModelCatalog.metadata(for: "claude-opus-4-6", provider: .anthropic)
        #expect(claude.family == "claude" && claude.pricing == nil && claude.limits == .unknown)
        #expect(claude.capabilities.tools && claude.capabilities.structuredOutput == .forcedTool)
        let gemini3 = ModelCatalog.metadata(for: "gemini-3.5-pro", provider: .gemini)
        #expect(gemini3.reasoning?.effortAsLevel == true && gemini3.reasoning?.budget == nil)
        #expect(ModelCatalog.metadata(for: "gemini-2.0-flash", provider: .gemini).reasoning?.effortAsLevel == false)
        let reasoning = ModelCatalog.metadata(for: "o5-mini", provider: .openAI)
        #expect(reasoning.family == "openai-reasoning" && reasoning.reasoning?.efforts == nil)
        #expect(ModelCatalog.metadata(for: "gpt-5.1", provider: .openAI).family == "openai-reasoning")
        let chat = ModelCatalog.metadata(for: "qwen3-32b", style: .groq)
        #expect(chat.provider == .groq && chat.family == LLMFactory.openAICompatibleFamily && chat.pricing == nil)
        // Bedrock picks the vendor's class by the id; an opaque ARN gets the standard body.
        #expect(
            ModelCatalog.metadata(for: "anthropic.claude-opus-4-6-v1:0", provider: .bedrock).family == "bedrock-claude")
        #expect(ModelCatalog.metadata(for: "us.amazon.nova-premier-v1:0", provider: .bedrock).family == "bedrock-nova")
        #expect(
            ModelCatalog.metadata(for: "mistral.pixtral-large-2502-v1:0", provider: .bedrock).family
                == "bedrock-mistral")
        let opaque = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123"
        #expect(ModelCatalog.metadata(for: opaque, provider: .bedrock).family == "bedrock")
        // A provider's lookup stays within its profiles.
        #expect(ModelCatalog.profile(for: "gpt-4o", provider: .anthropic) == nil)
        #expect(ModelCatalog.profile(for: "gpt-4o", provider: .openAI)?.name == "gpt-4o")
    }

    @Test func anUnknownModelIsNotLimitedOnTheClient() async throws {
        try await ProviderFixtures.withConnector(style: .anthropic) { connector in
            let model = ClaudeLLM(model: "claude-next", connector: connector)
            let long = String(repeating: "word ", count: 400_000)
            // Far over any catalog window, and maxTokens over any catalog output limit: the service decides.
            #expect(
                capture { try model.validateTokenLimits([.user(long)], options: GenerationOptions(maxTokens: .max)) }
                    == nil)
        }
    }

    @Test func aDialectRenamesAndDropsWhatTheServiceRejects() {
        var body = ChatBody(capacity: 8)
        body["max_completion_tokens"] = 10
        body["seed"] = 3
        body["user"] = "u"
        body["stream_options"] = ["include_usage": true]
        body["logit_bias"] = ["1": 2]
        let mistral = ChatDialect(
            maxTokensField: "max_tokens", streamOptions: false, renamed: ["seed": "random_seed"],
            unsupported: ["user", "logit_bias"])
        var sent = body
        mistral.apply(to: &sent)
        #expect(sent["max_tokens"] == 10 && sent["max_completion_tokens"] == nil)
        #expect(sent["random_seed"] == 3 && sent["seed"] == nil)
        #expect(sent["user"] == nil && sent["stream_options"] == nil && sent["logit_bias"] == nil)
        var standard = body
        ChatDialect().apply(to: &standard)
        #expect(standard == body)
    }

    @Test func reasoningContentBecomesReasoningWholeAndStreamed() async throws {
        try await ProviderFixtures.withConnector(style: .deepSeek) { connector in
            let model = OpenAILLM(model: "deepseek-reasoner", connector: connector)
            let body = Data(
                #"{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"42","reasoning_content":"Think: 6*7"},"finish_reason":"stop"}]}"#
                    .utf8)
            let response = try model.parseResponse(
                body, info: ResponseInfo(status: 200, endpoint: "https://unit", endpointName: "unit", attempts: 1))
            #expect(response.content == "42")
            #expect(response.reasoning == [Reasoning(text: "Think: 6*7")])
            let decoder = ChunkDecoder()
            var accumulator = StreamAccumulator()
            for data in [
                #"{"choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Think: "}}]}"#,
                #"{"choices":[{"index":0,"delta":{"reasoning_content":"6*7"}}]}"#,
                #"{"choices":[{"index":0,"delta":{"content":"42"},"finish_reason":"stop"}]}"#,
                #"{"choices":[{"index":0,"delta":{"reasoning":"(OpenRouter's name)"}}]}"#,
            ] {
                accumulator.add(try decoder.decode(data))
            }
            #expect(accumulator.response.content == "42")
            #expect(accumulator.response.reasoning == [Reasoning(text: "Think: 6*7(OpenRouter's name)")])
            // Reasoning is never sent back on this API.
            let next = try model.buildBody(
                [.user("q"), .assistant(response), .user("again")], options: .init(), stream: false)
            #expect(!String(decoding: next.data, as: UTF8.self).contains("Think"))
        }
    }
}
