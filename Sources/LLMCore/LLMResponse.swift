/// A complete answer from a chat model, with where and how it was obtained.
public struct LLMResponse: Sendable, Hashable {
    /// The service's id for the answer (`chatcmpl-...`, `msg_...`).
    public var id: String
    /// The model that answered, as the service named it.
    public var model: String
    /// The answer text (of the first choice).
    public var content: String
    /// A refusal message instead of content (structured outputs), if the model refused.
    public var refusal: String?
    /// The tool calls the model asked for.
    public var toolCalls: [ToolCall]
    /// The model's reasoning, in order, with the signatures to send back (see ``Reasoning``).
    public var reasoning: [Reasoning]
    /// Why generation stopped; nil if the service did not say.
    public var finishReason: FinishReason?
    /// The stop sequence that ended the answer, where the API says which (Anthropic's Messages API,
    /// llama.cpp's Messages route); nil otherwise, even when ``finishReason`` is `stop`.
    public var stopSequence: String?
    /// Each output token's log probability (of the first choice), when asked for with
    /// ``GenerationOptions/logprobs`` and the API returns them; nil otherwise.
    public var logprobs: [TokenLogprob]?
    /// Token counts, when reported.
    public var usage: Usage?
    /// The answers of further choices when `n` > 1, in order.
    public var additionalChoices: [String]
    /// The provider's request id (from its response headers), else the caller's.
    public var requestId: String?
    /// The endpoint that answered (scheme, host, path; no query, no key).
    public var endpoint: String?
    /// How many HTTP attempts it took (1 when the first one answered).
    public var attempts: Int
    /// Time from the call to the complete answer.
    public var latency: Duration?
    /// Content filter verdicts on the answer, by category, where the provider reports them.
    public var contentFilterResults: ContentFilterResults
    /// Content filter verdicts on the prompt, by category, where the provider reports them.
    public var promptFilterResults: ContentFilterResults
    /// What the provider reported beyond the neutral fields, by the provider's own types.
    public var extras: ProviderExtras
    /// The cost in US dollars from ``usage`` and the model's prices, when both are known.
    public var costUSD: Double?

    /// Creates a response.
    public init(
        id: String = "", model: String = "", content: String = "", refusal: String? = nil, toolCalls: [ToolCall] = [],
        reasoning: [Reasoning] = [], finishReason: FinishReason? = nil, usage: Usage? = nil,
        additionalChoices: [String] = [], requestId: String? = nil, endpoint: String? = nil, attempts: Int = 1,
        latency: Duration? = nil, contentFilterResults: ContentFilterResults = [:],
        promptFilterResults: ContentFilterResults = [:], extras: ProviderExtras = ProviderExtras(),
        costUSD: Double? = nil, stopSequence: String? = nil, logprobs: [TokenLogprob]? = nil
    ) {
        self.id = id
        self.model = model
        self.content = content
        self.refusal = refusal
        self.toolCalls = toolCalls
        self.reasoning = reasoning
        self.finishReason = finishReason
        self.usage = usage
        self.additionalChoices = additionalChoices
        self.requestId = requestId
        self.endpoint = endpoint
        self.attempts = attempts
        self.latency = latency
        self.contentFilterResults = contentFilterResults
        self.promptFilterResults = promptFilterResults
        self.extras = extras
        self.costUSD = costUSD
        self.stopSequence = stopSequence
        self.logprobs = logprobs
    }
}
