/// Folds streamed chunks into one ``LLMResponse``: text appended, tool-call fragments joined per
/// index, finished reasoning parts kept in order, usage, filter results and provider extras kept
/// from whichever chunk carried them.
///
/// ```swift
/// var accumulator = StreamAccumulator()
/// for try await chunk in model.streamAnswer("Hi") { accumulator.add(chunk) }
/// let response = accumulator.response
/// ```
public struct StreamAccumulator: Sendable {
    private var id = ""
    private var model = ""
    private var text = ""
    private var refusal: String?
    private var calls: [Int: ToolCall] = [:]
    private var reasoning: [Reasoning] = []
    /// Reasoning text that came only as deltas (an API that never sends finished parts).
    private var reasoningText = ""
    private var extras = ProviderExtras()
    private var finishReason: FinishReason?
    private var stopSequence: String?
    /// The usage from the chunk that carried it (the last one, when usage was asked for).
    public private(set) var usage: Usage?
    private var contentFilterResults: ContentFilterResults = [:]
    private var promptFilterResults: ContentFilterResults = [:]
    private var endpoint: String?
    private var requestId: String?
    /// How many chunks were added.
    public private(set) var chunkCount = 0

    /// Creates an empty accumulator.
    public init() {}

    /// The text received so far.
    public var content: String { text }

    /// Adds the next chunk.
    public mutating func add(_ chunk: LLMStreamChunk) {
        chunkCount += 1
        if let value = chunk.id, !value.isEmpty { id = value }
        if let value = chunk.model, !value.isEmpty { model = value }
        if let delta = chunk.textDelta { text += delta }
        if let delta = chunk.refusalDelta { refusal = (refusal ?? "") + delta }
        reasoning.append(contentsOf: chunk.reasoning)
        if let delta = chunk.reasoningDelta { reasoningText += delta }
        if !chunk.extras.isEmpty { extras.merge(chunk.extras) }
        for delta in chunk.toolCallDeltas {
            var call = calls[delta.index] ?? ToolCall(id: "", name: "", arguments: "")
            if let id = delta.id, !id.isEmpty { call.id = id }
            // OpenAI sends the whole name once; some servers repeat it on every fragment.
            if let name = delta.name, name != call.name { call.name += name }
            if let fragment = delta.arguments { call.arguments += fragment }
            if let signature = delta.signature { call.signature = signature }
            calls[delta.index] = call
        }
        if let reason = chunk.finishReason { finishReason = reason }
        if let value = chunk.stopSequence { stopSequence = value }
        if let value = chunk.usage { usage = value }
        contentFilterResults.merge(chunk.contentFilterResults) { _, new in new }
        promptFilterResults.merge(chunk.promptFilterResults) { _, new in new }
        if let value = chunk.endpoint { endpoint = value }
        if let value = chunk.requestId { requestId = value }
    }

    /// The answer so far, as a response; tool calls in index order. Reasoning is the finished parts
    /// the chunks carried, else (an API that streams reasoning only as deltas) the deltas' text as
    /// one part.
    public var response: LLMResponse {
        let parts = reasoning.isEmpty && !reasoningText.isEmpty ? [Reasoning(text: reasoningText)] : reasoning
        return LLMResponse(
            id: id, model: model, content: text, refusal: refusal,
            toolCalls: calls.keys.sorted().compactMap { calls[$0] }, reasoning: parts, finishReason: finishReason,
            usage: usage, requestId: requestId, endpoint: endpoint, contentFilterResults: contentFilterResults,
            promptFilterResults: promptFilterResults, extras: extras, stopSequence: stopSequence)
    }
}
