import LLMCore
import Testing

@Suite struct ProviderExtrasTests {
    struct First: ProviderExtra {
        var value: String
    }

    struct Second: ProviderExtra {
        var count: Int
    }

    @Test func extrasAreStoredAndReadByTheirType() {
        var extras = ProviderExtras()
        #expect(extras.isEmpty)
        extras[First.self] = First(value: "a")
        extras[Second.self] = Second(count: 2)
        #expect(extras[First.self] == First(value: "a"))
        #expect(extras[Second.self]?.count == 2)
        extras[First.self] = nil
        #expect(extras[First.self] == nil)
        #expect(!extras.isEmpty)
    }

    @Test func mergingKeepsBothAndLaterValuesWin() {
        var earlier = ProviderExtras()
        earlier[First.self] = First(value: "old")
        var later = ProviderExtras()
        later[First.self] = First(value: "new")
        later[Second.self] = Second(count: 1)
        earlier.merge(later)
        #expect(earlier[First.self]?.value == "new")
        #expect(earlier[Second.self]?.count == 1)
        #expect(earlier == later)
    }

    @Test func theAccumulatorFoldsReasoningAndExtrasFromChunks() {
        var extras = ProviderExtras()
        extras[Second.self] = Second(count: 3)
        var accumulator = StreamAccumulator()
        accumulator.add(LLMStreamChunk(reasoningDelta: "hmm"))
        accumulator.add(LLMStreamChunk(reasoning: [Reasoning(text: "hmm", signature: "sig")]))
        accumulator.add(LLMStreamChunk(textDelta: "answer", extras: extras))
        let response = accumulator.response
        #expect(response.reasoning == [Reasoning(text: "hmm", signature: "sig")])
        #expect(response.extras[Second.self]?.count == 3)
        // The assistant message to continue with keeps the reasoning first, then the text.
        let message = ChatMessage.assistant(response)
        #expect(message.content == [.reasoning(Reasoning(text: "hmm", signature: "sig")), .text("answer")])
    }
}
