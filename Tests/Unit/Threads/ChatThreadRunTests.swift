import Foundation
import LLMAgents
import LLMCore
import LLMThreads
import Testing

/// Running a thread against a scripted model: what is sent, the version that holds the answer,
/// and no version from a failed run.
@Suite struct ChatThreadRunTests {
    typealias Model = AgentLoopTests.ScriptedModel

    static let thread = ChatThread(
        systemPrompt: "Be brief.",
        configuration: ThreadConfiguration(
            model: "scripted", options: GenerationOptions(maxTokens: 100, temperature: 0.25)))

    @Test func aRunSendsTheThreadsOptionsUnderTheCallersAndReturnsTheAnsweringVersion() async throws {
        let model = Model([.text("Seven.")])
        let asked = Self.thread.appending(.user("Name a prime."))
        let (answer, answered) = try await asked.run(model, options: GenerationOptions(temperature: 0.75))
        #expect(model.calls.map(\.maxTokens) == [100] && model.calls.map(\.temperature) == [0.75])
        #expect(answer.content == "Seven.")
        #expect(answered.parentId == asked.id && answered.lineageId == Self.thread.lineageId)
        #expect(
            answered.change == .answer(messages: 1) && answered.messages.map(\.text) == ["Name a prime.", "Seven."])
        #expect(answered.configuration == Self.thread.configuration)
    }

    @Test func aFailedRunOrStreamReturnsNoVersion() async throws {
        let asked = Self.thread.appending(.user("Name a prime."))
        // The script is empty: the model fails.
        await #expect(throws: LLMError.self) { _ = try await asked.run(Model([])) }
        var finished = 0
        do {
            // The scripted model cannot stream: the stream fails before an answer.
            for try await event in asked.stream(Model([.text("x")])) {
                if case .finished = event { finished += 1 }
            }
            Issue.record("the stream did not fail")
        } catch {
            #expect(LLMError(wrapping: error).code == .unsupportedOperation)
        }
        #expect(finished == 0)
    }

    @Test func anAgentRunKeepsEveryCallResultAndAnswerInOneVersion() async throws {
        let model = Model([.calling(["clock"]), .text("It is noon.")])
        let clock = try Tool("clock", description: "The time.") { (_: NoArguments) in "12:00" }
        let asked = Self.thread.appending(.user("What time is it?"))
        let (run, answered) = try await asked.run(Agent(model: model, tools: [clock]))
        #expect(run.stopReason == .finalAnswer)
        #expect(answered.change == .answer(messages: 3))
        #expect(answered.messages.map(\.role) == [.user, .assistant, .tool, .assistant])
        #expect(answered.messages.last?.text == "It is noon.")
        // The tools go with the call, the thread's options under them.
        #expect(model.calls.first?.maxTokens == 100 && model.calls.first?.tools?.map(\.name) == ["clock"])
        // The version's record holds only the three messages it added, and rebuilds it.
        let records = [Self.thread, asked, answered].map(ThreadRecord.init)
        #expect(records[2].base == 1)
        #expect(try ThreadRecord.threads(from: records).last == answered)
    }
}
