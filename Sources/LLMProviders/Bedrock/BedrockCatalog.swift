import LLMCore
import LLMMedia

/// The models of the catalog served through Amazon Bedrock's Converse API, named by their Bedrock
/// model ids and inference profiles, with Bedrock's on-demand list prices in US dollars per
/// million tokens (us-east-1), taken from the Amazon Bedrock pricing page on ``pricesAsOf``.
///
/// Claude Sonnet 4.5 and Haiku 4.5 cost 10% more through an in-region id or a geographic profile
/// (`us.`, `eu.`) than through the global profile (`global.`), which may serve the request in any
/// region; caching: reads 0.1×, writes 1.25× (five minutes) and 2× (one hour) the input price.
/// Nova bills cache reads at a quarter of the input price and cache writes as ordinary input.
/// Llama is reached through its `us.` inference profiles.
enum BedrockCatalog {
    /// When the prices were taken.
    static let pricesAsOf = "2026-12-01"

    /// What Converse takes for every model: no penalties, seed, `n`, `user` or parallel-call
    /// switch.
    static let converseParameters: Set<GenerationParameter> = [
        .maxTokens, .temperature, .topP, .stop, .tools, .toolChoice,
    ]

    /// The Sonnet 4.5 and Haiku 4.5 model ids.
    static let sonnet45 = "anthropic.claude-sonnet-4-5-20250929-v1:0"
    static let haiku45 = "anthropic.claude-haiku-4-5-20251001-v1:0"

    /// The families: Claude's, Nova's and Mistral's rules (``BedrockVendorRules``), and the
    /// standard Converse body.
    static let claudeFamily = "bedrock-claude"
    static let novaFamily = "bedrock-nova"
    static let mistralFamily = "bedrock-mistral"
    static let family = "bedrock"

    /// The model class of every family: ``BedrockLLM``, which reads its family's rules.
    static let builders: [String: LLMFactory.APIBuilder] = {
        let build: LLMFactory.APIBuilder = { metadata, connector, _ in
            BedrockLLM(metadata: metadata, connector: connector)
        }
        return [claudeFamily: build, novaFamily: build, mistralFamily: build, family: build]
    }()

    /// A model id, inference profile or ARN no profile describes: its vendor's family (Anthropic's
    /// Claude, Amazon's Nova, Mistral) by the id, else the standard Converse body (an application
    /// inference profile's ARN names no vendor); no limits, no prices.
    @Sendable static func general(_ id: String) -> ModelMetadata {
        let key = ModelID.keys(id).last ?? ""
        let isClaude = key.hasPrefix("anthropic.")
        let family =
            isClaude
            ? claudeFamily
            : key.hasPrefix("amazon.nova") ? novaFamily : key.hasPrefix("mistral.") ? mistralFamily : family
        var parameters = converseParameters
        if isClaude { parameters.formUnion([.topK, .responseFormat, .reasoningEffort, .reasoningBudget]) }
        if family == novaFamily { parameters.insert(.topK) }
        return ModelMetadata(
            name: id, provider: .bedrock, family: family,
            capabilities: isClaude
                ? AnthropicCatalog.capabilities
                : ModelCapabilities(inputTypes: [.text, .image, .document], tools: true),
            limits: .unknown, supportedParameters: parameters, reasoning: isClaude ? ReasoningRange() : nil)
    }

    static let models: [ModelMetadata] =
        claude(sonnet45, global: (3.00, 15.00)) + claude(haiku45, global: (1.00, 5.00)) + [
            llama("us.meta.llama3-3-70b-instruct-v1:0", window: 128_000, vision: false, prices: (0.72, 0.72)),
            llama("us.meta.llama4-maverick-17b-instruct-v1:0", window: 1_000_000, vision: true, prices: (0.24, 0.97)),
            llama("us.meta.llama4-scout-17b-instruct-v1:0", window: 3_500_000, vision: true, prices: (0.17, 0.66)),
            model(
                "mistral.mistral-large-2407-v1:0", family: mistralFamily, inputs: [.text, .document],
                window: 128_000, output: 8_192,
                pricing: ModelPricing(inputPerMillion: 2.00, outputPerMillion: 6.00, asOf: pricesAsOf)),
            nova("amazon.nova-pro-v1:0", window: 300_000, inputs: [.text, .image, .document], prices: (0.80, 3.20)),
            nova("amazon.nova-lite-v1:0", window: 300_000, inputs: [.text, .image, .document], prices: (0.06, 0.24)),
            nova("amazon.nova-micro-v1:0", window: 128_000, inputs: [.text], prices: (0.035, 0.14)),
        ]

    /// A Claude model under its in-region id and its `us.`, `eu.` and `global.` profiles.
    private static func claude(_ id: String, global prices: (input: Double, output: Double)) -> [ModelMetadata] {
        ["", "us.", "eu.", "global."].map { prefix in
            let factor = prefix == "global." ? 1.0 : 1.1
            let input = exact(prices.input * factor)
            return ModelMetadata(
                name: prefix + id, provider: .bedrock, family: claudeFamily,
                capabilities: AnthropicCatalog.capabilities,
                limits: ModelLimits(contextWindow: 200_000, maxOutputTokens: 64_000),
                pricing: ModelPricing(
                    inputPerMillion: input, cachedInputPerMillion: exact(input * 0.1),
                    cacheWritePerMillion: exact(input * 1.25), extendedCacheWritePerMillion: exact(input * 2),
                    outputPerMillion: exact(prices.output * factor),
                    asOf: pricesAsOf),
                supportedParameters: converseParameters.union([
                    .topK, .responseFormat, .reasoningEffort, .reasoningBudget,
                ]),
                defaultOptions: GenerationOptions(maxTokens: 8_192))
        }
    }

    /// A price rounded to a ten-thousandth of a dollar (3.00 × 1.1 is 3.30, not 3.3000000000000003).
    private static func exact(_ price: Double) -> Double {
        (price * 10_000).rounded() / 10_000
    }

    private static func llama(_ id: String, window: Int, vision: Bool, prices: (Double, Double)) -> ModelMetadata {
        model(
            id, family: family, inputs: vision ? [.text, .image, .document] : [.text, .document],
            window: window, output: 8_192,
            pricing: ModelPricing(inputPerMillion: prices.0, outputPerMillion: prices.1, asOf: pricesAsOf))
    }

    private static func nova(_ id: String, window: Int, inputs: Set<MediaType>, prices: (Double, Double))
        -> ModelMetadata
    {
        model(
            id, family: novaFamily, inputs: inputs, window: window, output: 10_000,
            pricing: ModelPricing(
                inputPerMillion: prices.0, cachedInputPerMillion: prices.0 / 4, cacheWritePerMillion: prices.0,
                outputPerMillion: prices.1, asOf: pricesAsOf),
            extra: [.topK])
    }

    private static func model(
        _ id: String, family: String, inputs: Set<MediaType>, window: Int, output: Int, pricing: ModelPricing,
        extra: Set<GenerationParameter> = []
    ) -> ModelMetadata {
        ModelMetadata(
            name: id, provider: .bedrock, family: family,
            capabilities: ModelCapabilities(inputTypes: inputs, tools: true),
            limits: ModelLimits(contextWindow: window, maxOutputTokens: output), pricing: pricing,
            supportedParameters: converseParameters.union(extra))
    }
}
