/// One event of a streamed answer. Chunks may carry only usage or only filter results (Azure).
public struct LLMStreamChunk: Sendable, Hashable {
    /// The completion id, repeated on every chunk.
    public var id: String?
    /// The model, as the service named it.
    public var model: String?
    /// New answer text to append.
    public var textDelta: String?
    /// New refusal text to append.
    public var refusalDelta: String?
    /// Fragments of tool calls; join them per ``ToolCallDelta/index``.
    public var toolCallDeltas: [ToolCallDelta]
    /// Set on the chunk where generation stopped.
    public var finishReason: FinishReason?
    /// Token counts; usually only on the last chunk (`stream_options.include_usage`).
    public var usage: Usage?
    /// Content filter verdicts on the answer so far (Azure).
    public var contentFilterResults: ContentFilterResults
    /// Content filter verdicts on the prompt (Azure's first chunk).
    public var promptFilterResults: ContentFilterResults
    /// The endpoint streaming the answer, on the first chunk the library yields.
    public var endpoint: String?
    /// The provider's request id, on the first chunk the library yields.
    public var requestId: String?

    /// Creates a chunk.
    public init(
        id: String? = nil, model: String? = nil, textDelta: String? = nil, refusalDelta: String? = nil,
        toolCallDeltas: [ToolCallDelta] = [], finishReason: FinishReason? = nil, usage: Usage? = nil,
        contentFilterResults: ContentFilterResults = [:], promptFilterResults: ContentFilterResults = [:],
        endpoint: String? = nil, requestId: String? = nil
    ) {
        self.id = id
        self.model = model
        self.textDelta = textDelta
        self.refusalDelta = refusalDelta
        self.toolCallDeltas = toolCallDeltas
        self.finishReason = finishReason
        self.usage = usage
        self.contentFilterResults = contentFilterResults
        self.promptFilterResults = promptFilterResults
        self.endpoint = endpoint
        self.requestId = requestId
    }
}
