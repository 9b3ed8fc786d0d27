import Foundation
import LLMAgents
import LLMCore
import Testing

/// The run loop's decisions against a scripted model (no sockets): tool choice per mode, the
/// concurrency bound, budgets, the deadline and the checks made before any call.
@Suite struct AgentLoopTests {
    /// A model that answers from a script and records the options of every call.
    final class ScriptedModel: LLM, @unchecked Sendable {
        let metadata = ModelMetadata(
            name: "scripted", provider: .openAI, family: "scripted",
            capabilities: ModelCapabilities(tools: true, jsonSchema: true),
            pricing: ModelPricing(inputPerMillion: 1, outputPerMillion: 1, asOf: "2026-12-01"))
        private let lock = NSLock()
        private var script: [LLMResponse]
        private(set) var calls: [GenerationOptions] = []

        init(_ script: [LLMResponse]) { self.script = script }

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
