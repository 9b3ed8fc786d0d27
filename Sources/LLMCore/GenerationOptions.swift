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
    /// Min-p sampling, 0...1: tokens less likely than this fraction of the most likely one are cut
    /// (llama.cpp, vLLM; seed 003).
    public var minP: Double?
    /// Penalty for repeated tokens, 1.0 or more (1.0: none; seed 003's `repetition_penalty`;
    /// llama.cpp's `repeat_penalty`).
    public var repetitionPenalty: Double?
    /// `true` for greedy decoding (seed 003's `do_sample: false`): sent as temperature 0, so it
    /// conflicts with a temperature above 0. `false` (sampling) is every model's default.
    public var greedy: Bool?
    /// Beam search width (seed 003's `num_beams`), 1 or more; 1 is no beam search. No API the
    /// library speaks takes beams, so a width above 1 is refused before sending.
    public var numBeams: Int?
    /// Whether to return each output token's log probability (``LLMResponse/logprobs``).
    public var logprobs: Bool?
    /// How many most likely alternatives to return per token, 0...20 (needs ``logprobs``).
    public var topLogprobs: Int?
    /// Biases added to tokens' logits before sampling, by token id, each -100...100 (-100 bans a
    /// token). Refused, not dropped, where an API does not take it.
    public var logitBias: [Int: Double]?

    /// Creates options; every parameter defaults to nil.
    public init(
        maxTokens: Int? = nil, temperature: Double? = nil, topP: Double? = nil, topK: Int? = nil,
        frequencyPenalty: Double? = nil, presencePenalty: Double? = nil, stop: [String]? = nil, seed: Int? = nil,
        n: Int? = nil, responseFormat: ResponseFormat? = nil, tools: [ToolDefinition]? = nil,
        toolChoice: ToolChoice? = nil, parallelToolCalls: Bool? = nil, reasoningEffort: ReasoningEffort? = nil,
        reasoningBudget: Int? = nil, user: String? = nil, extraBody: [String: JSONValue]? = nil, minP: Double? = nil,
        repetitionPenalty: Double? = nil, greedy: Bool? = nil, numBeams: Int? = nil, logprobs: Bool? = nil,
        topLogprobs: Int? = nil, logitBias: [Int: Double]? = nil
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
        self.minP = minP
        self.repetitionPenalty = repetitionPenalty
        self.greedy = greedy
        self.numBeams = numBeams
        self.logprobs = logprobs
        self.topLogprobs = topLogprobs
        self.logitBias = logitBias
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
        result.minP = minP ?? base.minP
        result.repetitionPenalty = repetitionPenalty ?? base.repetitionPenalty
        result.greedy = greedy ?? base.greedy
        result.numBeams = numBeams ?? base.numBeams
        result.logprobs = logprobs ?? base.logprobs
        result.topLogprobs = topLogprobs ?? base.topLogprobs
        result.logitBias = logitBias ?? base.logitBias
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
        case .minP: minP != nil
        case .repetitionPenalty: repetitionPenalty != nil
        case .greedy: greedy != nil
        case .numBeams: numBeams != nil
        case .logprobs: logprobs != nil
        case .topLogprobs: topLogprobs != nil
        case .logitBias: logitBias != nil
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
        case .minP: minP = nil
        case .repetitionPenalty: repetitionPenalty = nil
        case .greedy: greedy = nil
        case .numBeams: numBeams = nil
        case .logprobs: logprobs = nil
        case .topLogprobs: topLogprobs = nil
        case .logitBias: logitBias = nil
        }
    }
}
