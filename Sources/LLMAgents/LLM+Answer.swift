import LLMCore

extension LLM {
    /// One model call of a loop: whole, or streamed with `onText` given each text delta (and, with
    /// `toolArguments`, each fragment of a tool call's arguments, which is how a forced-tool answer
    /// arrives). The response is the same either way.
    func answer(
        _ messages: [ChatMessage], context: RequestContext, options: GenerationOptions, streaming: Bool,
        toolArguments: Bool = false, onText: (String) -> Void
    ) async throws -> LLMResponse {
        guard streaming else { return try await getAnswer(messages, context: context, options: options) }
        var accumulator = StreamAccumulator()
        for try await chunk in streamAnswer(messages, context: context, options: options) {
            if let delta = chunk.textDelta, !delta.isEmpty { onText(delta) }
            if toolArguments {
                for fragment in chunk.toolCallDeltas {
                    if let text = fragment.arguments, !text.isEmpty { onText(text) }
                }
            }
            accumulator.add(chunk)
        }
        return accumulator.response
    }

    /// The cost of `response`: what it says, else the catalog price of its usage.
    func cost(of response: LLMResponse) -> Double? {
        response.costUSD ?? response.usage.flatMap { metadata.pricing?.cost(of: $0) }
    }
}
