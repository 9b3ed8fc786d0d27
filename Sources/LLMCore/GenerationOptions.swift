/// How the model should generate: every field is optional, and nil means "the model's default".
///
/// Options are merged model defaults < instance defaults < call options (see
/// ``BaseLLM/mergeParameters(_:)``), then validated with ``validate()``.
public struct GenerationOptions: Sendable, Hashable {
    /// The most tokens to generate (≥ 1).
    public var maxTokens: Int?
    /// Sampling temperature, 0...2.
    public var temperature: Double?
    /// Nucleus sampling mass, 0...1.
    public var topP: Double?
    /// Top-k sampling (≥ 0), for the providers and servers that accept it.
    public var topK: Int?
    /// Penalty for frequent tokens, -2...2.
    public var frequencyPenalty: Double?
    /// Penalty for tokens already present, -2...2.
    public var presencePenalty: Double?
    /// Up to 4 non-empty stop sequences.
    public var stop: [String]?
    /// A seed for best-effort deterministic sampling.
    public var seed: Int?
    /// How many choices to generate, 1...128.
    public var n: Int?
    /// The answer's shape.
    public var responseFormat: ResponseFormat?
    /// Functions the model may call.
    public var tools: [ToolDefinition]?
    /// Whether and which tool the model must call.
    public var toolChoice: ToolChoice?
    /// Whether the model may call several tools at once.
    public var parallelToolCalls: Bool?
    /// How hard a reasoning model thinks.
    public var reasoningEffort: ReasoningEffort?
    /// The most tokens a reasoning model may spend thinking (≥ 1; Anthropic: at least 1,024 and
    /// below `maxTokens`), for providers that take a budget rather than an effort.
    public var reasoningBudget: Int?
    /// An end-user id for abuse monitoring.
    public var user: String?
    /// Arbitrary members merged into the request body last (an escape hatch for new parameters).
    public var extraBody: [String: JSONValue]?

    /// Creates options; every parameter defaults to nil.
    public init(
        maxTokens: Int? = nil, temperature: Double? = nil, topP: Double? = nil, topK: Int? = nil,
        frequencyPenalty: Double? = nil, presencePenalty: Double? = nil, stop: [String]? = nil, seed: Int? = nil,
        n: Int? = nil, responseFormat: ResponseFormat? = nil, tools: [ToolDefinition]? = nil,
        toolChoice: ToolChoice? = nil, parallelToolCalls: Bool? = nil, reasoningEffort: ReasoningEffort? = nil,
        reasoningBudget: Int? = nil, user: String? = nil, extraBody: [String: JSONValue]? = nil
    ) {
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.frequencyPenalty = frequencyPenalty
        self.presencePenalty = presencePenalty
        self.stop = stop
        self.seed = seed
        self.n = n
        self.responseFormat = responseFormat
        self.tools = tools
        self.toolChoice = toolChoice
        self.parallelToolCalls = parallelToolCalls
        self.reasoningEffort = reasoningEffort
        self.reasoningBudget = reasoningBudget
        self.user = user
        self.extraBody = extraBody
    }

    /// These options with every nil field taken from `base`; `extraBody` members merge, ours winning.
    public func merged(over base: GenerationOptions) -> GenerationOptions {
        var result = self
        result.maxTokens = maxTokens ?? base.maxTokens
        result.temperature = temperature ?? base.temperature
        result.topP = topP ?? base.topP
        result.topK = topK ?? base.topK
        result.frequencyPenalty = frequencyPenalty ?? base.frequencyPenalty
        result.presencePenalty = presencePenalty ?? base.presencePenalty
        result.stop = stop ?? base.stop
        result.seed = seed ?? base.seed
        result.n = n ?? base.n
        result.responseFormat = responseFormat ?? base.responseFormat
        result.tools = tools ?? base.tools
        result.toolChoice = toolChoice ?? base.toolChoice
        result.parallelToolCalls = parallelToolCalls ?? base.parallelToolCalls
        result.reasoningEffort = reasoningEffort ?? base.reasoningEffort
        result.reasoningBudget = reasoningBudget ?? base.reasoningBudget
        result.user = user ?? base.user
        if let baseExtra = base.extraBody {
            result.extraBody = baseExtra.merging(extraBody ?? [:]) { _, ours in ours }
        }
        return result
    }

    /// Whether a parameter is set (non-nil).
    public func isSet(_ parameter: GenerationParameter) -> Bool {
        switch parameter {
        case .maxTokens: maxTokens != nil
        case .temperature: temperature != nil
        case .topP: topP != nil
        case .topK: topK != nil
        case .frequencyPenalty: frequencyPenalty != nil
        case .presencePenalty: presencePenalty != nil
        case .stop: stop != nil
        case .seed: seed != nil
        case .n: n != nil
        case .responseFormat: responseFormat != nil
        case .tools: tools != nil
        case .toolChoice: toolChoice != nil
        case .parallelToolCalls: parallelToolCalls != nil
        case .reasoningEffort: reasoningEffort != nil
        case .reasoningBudget: reasoningBudget != nil
        case .user: user != nil
        }
    }

    /// Clears a parameter (sets it to nil).
    public mutating func unset(_ parameter: GenerationParameter) {
        switch parameter {
        case .maxTokens: maxTokens = nil
        case .temperature: temperature = nil
        case .topP: topP = nil
        case .topK: topK = nil
        case .frequencyPenalty: frequencyPenalty = nil
        case .presencePenalty: presencePenalty = nil
        case .stop: stop = nil
        case .seed: seed = nil
        case .n: n = nil
        case .responseFormat: responseFormat = nil
        case .tools: tools = nil
        case .toolChoice: toolChoice = nil
        case .parallelToolCalls: parallelToolCalls = nil
        case .reasoningEffort: reasoningEffort = nil
        case .reasoningBudget: reasoningBudget = nil
        case .user: user = nil
        }
    }
}
