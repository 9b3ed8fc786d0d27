import Foundation
import LLMCore
import NIOConcurrencyHelpers

/// A test model that counts its calls and answers what the script says: an answer (optionally
/// held until the test opens the gate), an error, or a stream that breaks after its first chunk.
final class CountingModel: LLM {
    enum Behaviour: Sendable {
        case answer(LLMResponse)
        case fail(LLMError)
        /// Streams "half", then fails (getAnswer fails at once).
        case interrupt
    }

    let metadata: ModelMetadata
    private let state: NIOLockedValueBox<(calls: Int, behaviour: Behaviour)>
    /// Held requests wait here until ``open()``.
    private let gate: AsyncStream<Void>
    private let opener: AsyncStream<Void>.Continuation
    private let holds: Bool

    init(_ behaviour: Behaviour, holdUntilOpened: Bool = false, metadata: ModelMetadata = CountingModel.metadata) {
        self.metadata = metadata
        state = NIOLockedValueBox((0, behaviour))
        (gate, opener) = AsyncStream<Void>.makeStream()
        holds = holdUntilOpened
    }

    static let metadata = ModelMetadata(
        name: "counted", provider: .test,
        pricing: ModelPricing(inputPerMillion: 1_000_000, outputPerMillion: 2_000_000, asOf: "test"))

    static func answer(_ text: String, finish: FinishReason? = .stop) -> LLMResponse {
        LLMResponse(
            id: "a1", model: "counted", content: text,
            toolCalls: [ToolCall(id: "c1", name: "look", arguments: #"{"q":1}"#)],
            reasoning: [Reasoning(text: "thought", signature: "sig")], finishReason: finish,
            usage: Usage(promptTokens: 3, completionTokens: 2), endpoint: "https://up/v1", costUSD: 7)
    }

    var calls: Int { state.withLockedValue { $0.calls } }

    func set(_ behaviour: Behaviour) { state.withLockedValue { $0.behaviour = behaviour } }

    /// Lets every held request (now and later) answer.
    func open() { opener.finish() }

    private func begin() async -> Behaviour {
        let behaviour = state.withLockedValue { state in
            state.calls += 1
            return state.behaviour
        }
        if holds { for await _ in gate {} }
        return behaviour
    }

    func getAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions) async throws
        -> LLMResponse
    {
        switch await begin() {
        case .answer(let response): return response
        case .fail(let error): throw error
        case .interrupt: throw LLMError(code: .streamInterrupted, message: "cut")
        }
    }

    func streamAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        -> AsyncThrowingStream<LLMStreamChunk, any Error>
    {
        AsyncThrowingStream { continuation in
            let task = Task {
                switch await begin() {
                case .answer(let response):
                    continuation.yield(LLMStreamChunk(id: response.id, model: response.model, textDelta: "he"))
                    continuation.yield(LLMStreamChunk(textDelta: String(response.content.dropFirst(2))))
                    continuation.yield(
                        LLMStreamChunk(finishReason: response.finishReason, usage: response.usage))
                    continuation.finish()
                case .fail(let error):
                    continuation.finish(throwing: error)
                case .interrupt:
                    continuation.yield(LLMStreamChunk(textDelta: "half"))
                    continuation.finish(
                        throwing: LLMError(code: .streamInterrupted, message: "cut", partialContent: "half"))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
