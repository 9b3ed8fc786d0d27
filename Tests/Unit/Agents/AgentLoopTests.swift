import Foundation
import LLMAgents
import LLMCore
import Testing

/// The run loop's decisions against a scripted model (no sockets): tool choice per mode, the
/// concurrency bound, budgets, the deadline and the checks made before any call.
@Suite struct AgentLoopTests {
    /// A model that answers from a script and records the options of every call.
    final class ScriptedModel: LLM, @unchecked Sendable {
        let metadata: ModelMetadata
        private let lock = NSLock()
        private var script: [LLMResponse]
        private(set) var calls: [GenerationOptions] = []

        init(_ script: [LLMResponse], structuredOutput: StructuredOutputMethod = .responseFormat) {
            self.script = script
            metadata = ModelMetadata(
                name: "scripted", provider: .openAI, family: "scripted",
                capabilities: ModelCapabilities(tools: true, jsonSchema: true, structuredOutput: structuredOutput),
                pricing: ModelPricing(inputPerMillion: 1, outputPerMillion: 1, asOf: "2026-12-01"))
        }

        func getAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions) async throws
            -> LLMResponse
        {
            try lock.withLock {
                calls.append(options)
                guard !script.isEmpty else { throw LLMError(code: .server, message: "script is over") }
                return script.removeFirst()
            }
        }

        func streamAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
            -> AsyncThrowingStream<LLMStreamChunk, any Error>
        {
            AsyncThrowingStream { $0.finish(throwing: LLMError(code: .unsupportedOperation, message: "no streams")) }
        }
    }

    /// Counts tools in flight and lets `size` of them meet before any goes on.
    actor Gate {
        let size: Int
        private var inFlight = 0
        private(set) var maxInFlight = 0
        private var arrived = 0
        private var waiting: [CheckedContinuation<Void, Never>] = []
        init(size: Int) { self.size = size }

        func enter() async {
            inFlight += 1
            maxInFlight = max(maxInFlight, inFlight)
            arrived += 1
            if arrived % size == 0 {
                for waiter in waiting { waiter.resume() }
                waiting = []
            } else {
                await withCheckedContinuation { waiting.append($0) }
            }
            inFlight -= 1
        }
    }

    static func tool(_ name: String, gate: Gate? = nil) throws -> Tool {
        try Tool(name, description: name) { (_: NoArguments) in
            await gate?.enter()
            return "\(name) done"
        }
    }

    @Test func theWorkflowAndForcedModesChooseTheToolOfEachStep() async throws {
        let model = ScriptedModel([.calling(["a"]), .calling(["b"]), .text("end")])
        let tools = [try Self.tool("a"), try Self.tool("b")]
        let run = try await Agent(model: model, tools: tools, options: AgentOptions(mode: .workflow(["a", "b"])))
            .run("go")
        #expect(model.calls.map(\.toolChoice) == [.function("a"), .function("b"), nil])
        #expect(run.stopReason == .finalAnswer)
        let forced = ScriptedModel([.calling(["b"]), .text("end")])
        _ = try await Agent(model: forced, tools: tools, options: AgentOptions(mode: .forced("b"))).run("go")
        #expect(forced.calls.map(\.toolChoice) == [.function("b"), nil])
        #expect(forced.calls.first?.tools?.map(\.name) == ["a", "b"])
    }

    @Test func atMostTheBoundOfToolsRunAtOnceAndResultsKeepTheCallsOrder() async throws {
        let gate = Gate(size: 2)
        let names = ["t0", "t1", "t2", "t3"]
        let model = ScriptedModel([.calling(names), .text("end")])
        let run = try await Agent(
            model: model, tools: try names.map { try Self.tool($0, gate: gate) },
            options: AgentOptions(maxConcurrentTools: 2)
        ).run("go")
        #expect(await gate.maxInFlight == 2)
        #expect(run.steps[0].toolResults.map(\.output) == names.map { "\($0) done" })
        #expect(run.messages.compactMap(\.toolCallId) == ["c0", "c1", "c2", "c3"])
    }

    @Test func theTokenBudgetStopsTheRunAndLeavesNoCallWithoutAResult() async throws {
        let model = ScriptedModel([.calling(["a"], tokens: 100), .calling(["a"], tokens: 100), .text("never")])
        let run = try await Agent(model: model, tools: [try Self.tool("a")], options: AgentOptions(tokenBudget: 150))
            .run("go")
        #expect(run.stopReason == .tokenBudget)
        #expect(model.calls.count == 2)
        #expect(run.steps.map { $0.toolResults.map(\.outcome) } == [[.succeeded], [.notRun]])
        #expect(run.usage.totalTokens == 200)
        #expect(run.costUSD == 0.0002)
    }

    @Test func aPassedDeadlineStopsBeforeTheNextCall() async throws {
        let model = ScriptedModel([.text("never")])
        let context = RequestContext(deadline: .now - .seconds(1))
        let run = try await Agent(model: model, tools: []).run([.user("go")], context: context)
        #expect(run.stopReason == .deadline)
        #expect(model.calls.isEmpty)
    }

    @Test func aToolStillRunningAtTheDeadlineIsCancelledAndReported() async throws {
        let slow = try Tool("slow", description: "Never ends") { (_: NoArguments) -> String in
            try await Task.sleep(for: .seconds(600))
            return "late"
        }
        let model = ScriptedModel([.calling(["slow"]), .text("never")])
        let run = try await Agent(model: model, tools: [slow]).run(
            [.user("go")], context: RequestContext(deadline: .now + .milliseconds(300)))
        let result = try #require(run.steps.first?.toolResults.first)
        #expect(result.outcome == .failed)
        #expect(result.output.contains("did not finish before the request's deadline"))
        #expect(run.stopReason == .deadline)
        #expect(model.calls.count == 1)
    }

    /// Holds callers until released; cancellation does not let them go.
    actor Latch {
        private var waiting: [CheckedContinuation<Void, Never>] = []
        private var open = false
        func wait() async {
            if open { return }
            await withCheckedContinuation { waiting.append($0) }
        }
        func release() {
            open = true
            for waiter in waiting { waiter.resume() }
            waiting = []
        }
    }

    @Test func theDeadlineHoldsEvenForAToolThatIgnoresCancellation() async throws {
        let latch = Latch()
        let stubborn = try Tool("stubborn", description: "Ignores cancellation") { (_: NoArguments) -> String in
            await latch.wait()
            return "finally"
        }
        let model = ScriptedModel([.calling(["stubborn"]), .text("never")])
        let run = try await Agent(model: model, tools: [stubborn]).run(
            [.user("go")], context: RequestContext(deadline: .now + .milliseconds(300)))
        await latch.release()
        #expect(run.steps.first?.toolResults.first?.outcome == .failed)
        #expect(run.stopReason == .deadline)
    }

    @Test func aToolThatNeedsApprovalIsDeniedWithoutAHook() async throws {
        let guarded = try Tool("delete_everything", description: "Dangerous", needsApproval: true) {
            (_: NoArguments) in "deleted"
        }
        let model = ScriptedModel([.calling(["delete_everything"]), .text("ok")])
        let run = try await Agent(model: model, tools: [guarded]).run("go")
        #expect(run.steps[0].toolResults.map(\.outcome) == [.denied])
        #expect(run.steps[0].toolResults[0].output.contains("not approved: no one is there to approve it"))
    }

    @Test func structuredOutputFollowsTheModelsMethodAndThinkingTurnsAForcedToolIntoAFormat() async throws {
        struct Answer: Codable, Sendable { var ok: Bool }
        let call = LLMResponse(
            id: "r", model: "scripted", content: "",
            toolCalls: [ToolCall(id: "c", name: "Answer", arguments: #"{"ok": true}"#)], finishReason: .toolCalls)
        let tool = ScriptedModel([call], structuredOutput: .forcedTool)
        #expect(try await tool.generate(Answer.self, prompt: "?").ok)
        #expect(tool.calls.first?.toolChoice == .function("Answer"))
        #expect(tool.calls.first?.tools?.first?.parameters == (try JSONSchema.derive(Answer.self)))
        #expect(tool.calls.first?.responseFormat == nil)
        let thinking = ScriptedModel([.text(#"{"ok": false}"#)], structuredOutput: .forcedTool)
        #expect(
            try await thinking.generate(Answer.self, prompt: "?", options: GenerationOptions(reasoningBudget: 1_024)).ok
                == false)
        #expect(thinking.calls.first?.toolChoice == nil)
        guard case .jsonSchema(let name, _, let strict, _)? = thinking.calls.first?.responseFormat else {
            Issue.record("no response format")
            return
        }
        #expect(name == "Answer" && strict == true)
        let prompted = ScriptedModel([.text("```json\n{\"ok\": true}\n```")], structuredOutput: .prompt)
        #expect(try await prompted.generate(Answer.self, prompt: "?").ok)
        #expect(prompted.calls.first?.responseFormat == nil && prompted.calls.first?.tools == nil)
    }

    @Test func optionsThatCannotWorkFailBeforeAnyCall() async throws {
        let model = ScriptedModel([.text("never")])
        let a = try Self.tool("a")
        let cases: [(Agent, String)] = [
            (Agent(model: model, tools: [a, a]), #"two tools are named "a""#),
            (Agent(model: model, tools: [a], options: AgentOptions(mode: .forced("b"))), #"names "b""#),
            (Agent(model: model, tools: [a], options: AgentOptions(maxSteps: 0)), "maxSteps = 0"),
        ]
        for (agent, message) in cases {
            await #expect(throws: LLMError.self) {
                do {
                    _ = try await agent.run("go")
                } catch let error as LLMError {
                    #expect(error.code == .invalidRequest && error.message.contains(message), "\(error)")
                    throw error
                }
            }
        }
        #expect(model.calls.isEmpty)
        #expect(throws: LLMError.self) { try Tool("bad name", description: "") { (_: NoArguments) in "" } }
    }
}

extension LLMResponse {
    static func calling(_ names: [String], tokens: Int = 10) -> LLMResponse {
        LLMResponse(
            id: "r", model: "scripted", content: "",
            toolCalls: names.enumerated().map { ToolCall(id: "c\($0.offset)", name: $0.element, arguments: "{}") },
            finishReason: .toolCalls, usage: Usage(promptTokens: tokens, completionTokens: 0))
    }

    static func text(_ text: String) -> LLMResponse {
        LLMResponse(
            id: "r", model: "scripted", content: text, finishReason: .stop,
            usage: Usage(promptTokens: 5, completionTokens: 5))
    }
}
