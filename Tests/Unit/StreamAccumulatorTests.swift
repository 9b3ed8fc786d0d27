import LLMCore
import Testing

@Suite struct StreamAccumulatorTests {
    @Test func joinsTextAndToolCallFragmentsPerIndex() {
        var accumulator = StreamAccumulator()
        // Azure's first chunk: no choices, only prompt filter results.
        accumulator.add(
            LLMStreamChunk(promptFilterResults: ["hate": ContentFilterResult(filtered: false, severity: "safe")]))
        accumulator.add(LLMStreamChunk(id: "chatcmpl-1", model: "gpt-4.1-mini", textDelta: "Hel"))
        accumulator.add(LLMStreamChunk(id: "chatcmpl-1", textDelta: "lo"))
        accumulator.add(
            LLMStreamChunk(toolCallDeltas: [
                ToolCallDelta(index: 1, id: "call_b", name: "lookup", arguments: "{\"q\":"),
                ToolCallDelta(index: 0, id: "call_a", name: "weather", arguments: "{\"city\""),
            ]))
        accumulator.add(LLMStreamChunk(toolCallDeltas: [ToolCallDelta(index: 0, arguments: ":\"Oslo\"}")]))
        accumulator.add(LLMStreamChunk(toolCallDeltas: [ToolCallDelta(index: 1, arguments: "\"x\"}")]))
        accumulator.add(LLMStreamChunk(finishReason: .toolCalls))
        // The usage-only last chunk (choices: []).
        accumulator.add(LLMStreamChunk(usage: Usage(promptTokens: 10, completionTokens: 5, cachedTokens: 2)))

        let response = accumulator.response
        #expect(response.id == "chatcmpl-1")
        #expect(response.model == "gpt-4.1-mini")
        #expect(response.content == "Hello")
        #expect(
            response.toolCalls == [
                ToolCall(id: "call_a", name: "weather", arguments: "{\"city\":\"Oslo\"}"),
                ToolCall(id: "call_b", name: "lookup", arguments: "{\"q\":\"x\"}"),
            ])
        #expect(response.finishReason == .toolCalls)
        #expect(response.usage == Usage(promptTokens: 10, completionTokens: 5, totalTokens: 15, cachedTokens: 2))
        #expect(response.promptFilterResults["hate"]?.severity == "safe")
        #expect(accumulator.chunkCount == 8)
    }

    @Test func emptyChunksAndRepeatedNamesDoNotCorruptTheAnswer() {
        var accumulator = StreamAccumulator()
        accumulator.add(LLMStreamChunk())
        accumulator.add(LLMStreamChunk(toolCallDeltas: [ToolCallDelta(index: 0, id: "c", name: "f", arguments: "")]))
        accumulator.add(LLMStreamChunk(toolCallDeltas: [ToolCallDelta(index: 0, name: "f", arguments: "{}")]))
        accumulator.add(
            LLMStreamChunk(
                finishReason: .contentFilter,
                contentFilterResults: ["violence": ContentFilterResult(filtered: true, severity: "high")]))
        let response = accumulator.response
        #expect(response.content == "")
        #expect(response.toolCalls == [ToolCall(id: "c", name: "f", arguments: "{}")])
        #expect(response.finishReason == .contentFilter)
        #expect(response.contentFilterResults.filteredCategories == ["violence"])
    }

    @Test func refusalAndEndpointAreKept() {
        var accumulator = StreamAccumulator()
        accumulator.add(LLMStreamChunk(refusalDelta: "I can't", endpoint: "https://a", requestId: "r1"))
        accumulator.add(LLMStreamChunk(refusalDelta: " help."))
        #expect(accumulator.response.refusal == "I can't help.")
        #expect(accumulator.response.endpoint == "https://a")
        #expect(accumulator.response.requestId == "r1")
    }

    @Test func finishReasonsHaveNeutralNames() {
        #expect(FinishReason.toolCalls.description == "toolCalls")
        #expect(FinishReason.contentFilter.description == "contentFilter")
        #expect(FinishReason.other("eos").description == "eos")
    }
}
