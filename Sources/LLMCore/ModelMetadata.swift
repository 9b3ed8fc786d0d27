public import LLMMedia

/// Everything the library knows about a model: identity, capabilities, limits, prices and the
/// parameters it accepts.
public struct ModelMetadata: Sendable, Hashable {
    /// The model name (`gpt-4.1-mini`).
    public var name: String
    /// The API it is reached through.
    public var provider: LLMProvider
    /// The family that picks the model class in `LLMFactory` (`gpt-4.1-mini`, `o3`, `gpt-5`, ...).
    public var family: String
    /// The name the endpoint knows the model by (an Azure deployment, a provider's model id); nil
    /// means the same as ``name``.
    public var deployment: String?
    /// What the model can take in and put out.
    public var capabilities: ModelCapabilities
    /// Context window and output limits.
    public var limits: ModelLimits
    /// Prices, when known.
    public var pricing: ModelPricing?
    /// The generation parameters the model accepts; others are dropped or transformed by the model class.
    public var supportedParameters: Set<GenerationParameter>
    /// The model's default options, the lowest layer of ``BaseLLM/mergeParameters(_:)``.
    public var defaultOptions: GenerationOptions
    /// The reasoning efforts and thinking budgets the model accepts; nil for a model without
    /// reasoning, or one whose ranges are unknown (the service decides).
    public var reasoning: ReasoningRange?

    /// Creates metadata for a model of `provider` (each provider's module declares its own, such
    /// as LLMProviders' `.anthropic`); by default the model accepts every parameter.
    public init(
        name: String, provider: LLMProvider, family: String? = nil, deployment: String? = nil,
        capabilities: ModelCapabilities = ModelCapabilities(),
        limits: ModelLimits = ModelLimits(contextWindow: 128_000, maxOutputTokens: 16_384),
        pricing: ModelPricing? = nil, supportedParameters: Set<GenerationParameter> = Set(GenerationParameter.allCases),
        defaultOptions: GenerationOptions = GenerationOptions(), reasoning: ReasoningRange? = nil
    ) {
        self.name = name
        self.provider = provider
        self.family = family ?? name
        self.deployment = deployment
        self.capabilities = capabilities
        self.limits = limits
        self.pricing = pricing
        self.supportedParameters = supportedParameters
        self.defaultOptions = defaultOptions
        self.reasoning = reasoning
    }

    /// The deployment to address: ``deployment`` or, when unset, ``name``.
    public var deploymentName: String { deployment ?? name }

    /// Whether the model produces `type`.
    public func supportsOutput(_ type: MediaType) -> Bool {
        capabilities.outputTypes.contains(type)
    }

    /// Whether the model accepts `type` as input.
    public func supportsInput(_ type: MediaType) -> Bool {
        capabilities.inputTypes.contains(type)
    }
}
