public import Foundation
public import LLMAgents
public import LLMCore

extension ChatThread {
    /// Sends the conversation to `model` with the thread's options (merged under `options`'
    /// non-nil fields) and returns the answer and the new version that holds it. A failed or
    /// cancelled run makes no version.
    public func run(
        _ model: any LLM, context: RequestContext = RequestContext(), options: GenerationOptions? = nil,
        id: UUID = UUID(), at date: Date? = nil
    ) async throws -> (answer: LLMResponse, thread: ChatThread) {
        let answer = try await model.getAnswer(conversation, context: context, options: merged(options))
        return (answer, answered([.assistant(answer)], id: id, at: date ?? Date()))
    }

    /// ``run(_:context:options:id:at:)`` streamed: the chunks as they arrive, then (once the answer
    /// is complete) `.finished` with the answer and the new version. A stream that fails makes no
    /// version.
    public func stream(
        _ model: any LLM, context: RequestContext = RequestContext(), options: GenerationOptions? = nil,
        id: UUID = UUID()
    ) -> AsyncThrowingStream<ThreadStreamEvent, any Error> {
        let conversation = conversation
        let options = merged(options)
        return pushStream { continuation in
            var accumulator = StreamAccumulator()
            for try await chunk in model.streamAnswer(conversation, context: context, options: options) {
                accumulator.add(chunk)
                continuation.yield(.chunk(chunk))
            }
            let answer = accumulator.response
            continuation.yield(
                .finished(answer: answer, thread: self.answered([.assistant(answer)], id: id, at: Date())))
        }
    }

    /// Runs the agents' loop on the conversation with `tools` (and the thread's options) and returns
    /// the run and the new version holding every answer, call and result it added.
    public func run(
        _ agent: Agent, context: RequestContext = RequestContext(), options: GenerationOptions? = nil,
        id: UUID = UUID(), at date: Date? = nil
    ) async throws -> (run: AgentRun, thread: ChatThread) {
        let base = conversation
        let run = try await agent.run(base, context: context, options: merged(options))
        return (run, answered(Array(run.messages.dropFirst(base.count)), id: id, at: date ?? Date()))
    }

    /// The thread's options with `overrides`' set fields on top.
    func merged(_ overrides: GenerationOptions?) -> GenerationOptions {
        overrides?.merged(over: configuration.options) ?? configuration.options
    }

    private func answered(_ added: [ChatMessage], id: UUID, at date: Date) -> ChatThread {
        child(.answer(messages: added.count), adding: added, id: id, at: date)
    }
}

/// What a streamed thread run reports.
public enum ThreadStreamEvent: Sendable {
    /// A chunk of the answer.
    case chunk(LLMStreamChunk)
    /// The whole answer and the version that holds it.
    case finished(answer: LLMResponse, thread: ChatThread)
}
