/// One event of a streamed answer. Chunks may carry only usage, only filter results or only
/// reasoning.
public struct LLMStreamChunk: Sendable, Hashable {
    /// The answer's id, repeated on every chunk where the provider repeats it.
    public var id: String?
    /// The model, as the service named it.
    public var model: String?
    /// New answer text to append.
    public var textDelta: String?
    /// New refusal text to append.
    public var refusalDelta: String?
    /// New reasoning text to append (for display; ``reasoning`` carries the finished parts).
    public var reasoningDelta: String?
    /// Reasoning parts finished in this chunk, with their signatures (see ``Reasoning``).
    public var reasoning: [Reasoning]
    /// Fragments of tool calls; join them per ``ToolCallDelta/index``.
    public var toolCallDeltas: [ToolCallDelta]
    /// Set on the chunk where generation stopped.
    public var finishReason: FinishReason?
    /// Token counts; usually only on the last chunk.
    public var usage: Usage?
    /// Content filter verdicts on the answer so far, where the provider reports them.
    public var contentFilterResults: ContentFilterResults
    /// Content filter verdicts on the prompt, where the provider reports them.
    public var promptFilterResults: ContentFilterResults
    /// What the provider reported beyond the neutral fields, by the provider's own types.
    public var extras: ProviderExtras
    /// The endpoint streaming the answer, on the first chunk the library yields.
    public var endpoint: String?
    /// The provider's request id, on the first chunk the library yields.
    public var requestId: String?
    /// The stop sequence that ended the answer, on the chunk with the finish reason, where the API
    /// says which (see ``LLMResponse/stopSequence``).
    public var stopSequence: String?

    /// Creates a chunk.
    public init(
        id: String? = nil, model: String? = nil, textDelta: String? = nil, refusalDelta: String? = nil,
        reasoningDelta: String? = nil, reasoning: [Reasoning] = [], toolCallDeltas: [ToolCallDelta] = [],
        finishReason: FinishReason? = nil, usage: Usage? = nil, contentFilterResults: ContentFilterResults = [:],
        promptFilterResults: ContentFilterResults = [:], extras: ProviderExtras = ProviderExtras(),
        endpoint: String? = nil, requestId: String? = nil, stopSequence: String? = nil
    ) {
        self.id = id
        self.model = model
        self.textDelta = textDelta
        self.refusalDelta = refusalDelta
        self.reasoningDelta = reasoningDelta
        self.reasoning = reasoning
        self.toolCallDeltas = toolCallDeltas
        self.finishReason = finishReason
        self.usage = usage
        self.contentFilterResults = contentFilterResults
        self.promptFilterResults = promptFilterResults
        self.extras = extras
        self.endpoint = endpoint
        self.requestId = requestId
        self.stopSequence = stopSequence
    }
}
