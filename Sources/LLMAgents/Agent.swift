public import LLMCore

/// The run loop: sends the conversation with the tools, runs the calls the model asks for (several
/// at once when it asks for several), sends the results back paired with their call ids, and
/// repeats until a final answer, ``AgentOptions/maxSteps``, a budget or the deadline. Works over
/// any ``LLM`` whose API takes tools (and over an ``LLMRouter``).
///
/// ```swift
/// let agent = Agent(model: model, tools: [weather], options: AgentOptions(maxSteps: 5))
/// let run = try await agent.run("What should I wear in Oslo today?")
/// print(run.text, run.steps.count, run.usage.totalTokens, run.costUSD ?? 0)
/// ```
///
/// Arguments that are not valid JSON or do not match the schema, unknown tool names, tool errors
/// and refused approvals go back to the model as error results (the model can correct itself);
/// only the model's own failures (`LLMError`) end a run with an error.
public struct Agent: Sendable {
    /// The model each step calls.
    public var model: any LLM
    /// The tools the model may call.
    public var tools: [Tool]
    /// Limits, mode and the approval hook.
    public var options: AgentOptions

    /// Creates a run loop.
    public init(model: any LLM, tools: [Tool], options: AgentOptions = AgentOptions()) {
        self.model = model
        self.tools = tools
        self.options = options
    }

    /// Runs the loop on a conversation.
    /// - Throws: `invalidRequest` before any call for options or tools that cannot work; the
    ///   model's `LLMError` when a step fails.
    public func run(
        _ messages: [ChatMessage], context: RequestContext = RequestContext(),
        options generation: GenerationOptions = GenerationOptions()
    ) async throws -> AgentRun {
        try await execute(messages, context: context, generation: generation, streaming: false) { _ in }
    }

    /// Runs the loop on one user prompt.
    public func run(
        _ prompt: String, context: RequestContext = RequestContext(),
        options generation: GenerationOptions = GenerationOptions()
    ) async throws -> AgentRun {
        try await run([.user(prompt)], context: context, options: generation)
    }

    /// Runs the loop with streamed answers: text deltas and step events as they happen, then
    /// `.finished` with the run. The stream ends with the model's `LLMError` when a step fails.
    public func stream(
        _ messages: [ChatMessage], context: RequestContext = RequestContext(),
        options generation: GenerationOptions = GenerationOptions()
    ) -> AsyncThrowingStream<AgentEvent, any Error> {
        pushStream { continuation in
            _ = try await self.execute(messages, context: context, generation: generation, streaming: true) {
                continuation.yield($0)
            }
        }
    }

    /// Checks what can be checked before any call.
    func validate() throws(LLMError) {
        guard options.maxSteps >= 1 else {
            throw LLMError.outOfRange("maxSteps", value: String(options.maxSteps), allowed: "1 or more")
        }
        guard options.maxConcurrentTools >= 1 else {
            throw LLMError.outOfRange(
                "maxConcurrentTools", value: String(options.maxConcurrentTools), allowed: "1 or more")
        }
        var seen: Set<String> = []
        for tool in tools where !seen.insert(tool.name).inserted {
            throw LLMError.invalid("tools", "two tools are named \"\(tool.name)\"", hint: "give each tool its own name")
        }
        for name in options.mode.names where !seen.contains(name) {
            throw LLMError.invalid(
                "mode",
                "the tool mode names \"\(name)\", which is not among the tools (\(seen.sorted().joined(separator: ", ")))",
                hint: "add the tool or fix its name")
        }
        if !tools.isEmpty, !model.metadata.capabilities.tools {
            throw LLMError(
                code: .unsupportedOperation, message: "\(model.metadata.name) cannot call tools",
                hint: "use a model whose capabilities include tools")
        }
    }

    private func execute(
        _ messages: [ChatMessage], context: RequestContext, generation: GenerationOptions, streaming: Bool,
        yield: @escaping @Sendable (AgentEvent) -> Void
    ) async throws -> AgentRun {
        try validate()
        let emit = yield
        let executor = ToolExecutor(
            tools: Dictionary(tools.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }),
            limit: options.maxConcurrentTools, approval: options.approval)
        var conversation = messages
        var steps: [AgentStep] = []
        var usage = Usage(promptTokens: 0, completionTokens: 0)
        var cost: Double?
        var last: LLMResponse?

        func finish(_ reason: AgentStopReason) -> AgentRun {
            let response = last ?? LLMResponse(id: "", model: model.metadata.name, content: "")
            let run = AgentRun(
                text: response.content, response: response, steps: steps, messages: conversation, usage: usage,
                costUSD: cost, stopReason: reason)
            emit(.finished(run))
            return run
        }
        func limitReached() -> AgentStopReason? {
            if let budget = options.tokenBudget, usage.totalTokens >= budget { return .tokenBudget }
            if let budget = options.costBudgetUSD, let spent = cost, spent >= budget { return .costBudget }
            if let deadline = context.deadline, ContinuousClock.now >= deadline { return .deadline }
            return nil
        }

        for index in 1...options.maxSteps {
            if let reason = limitReached() { return finish(reason) }
            if Task.isCancelled { throw LLMError.cancelled(requestId: context.requestId) }
            emit(.stepStarted(index))
            var stepOptions = generation
            if !tools.isEmpty {
                stepOptions.tools = (generation.tools ?? []) + tools.map(\.definition)
                if let choice = options.mode.choice(step: index) { stepOptions.toolChoice = choice }
            }
            let response = try await model.answer(
                conversation, context: context, options: stepOptions, streaming: streaming
            ) { emit(.textDelta($0)) }
            last = response
            conversation.append(.assistant(response))
            let stepCost = model.cost(of: response)
            if let stepUsage = response.usage { usage = usage + stepUsage }
            if let stepCost { cost = (cost ?? 0) + stepCost }
            context.logger.debug(
                "agent step",
                metadata: [
                    "request_id": "\(context.requestId)", "step": "\(index)",
                    "tool_calls": "\(response.toolCalls.count)",
                ])
            guard !response.toolCalls.isEmpty else {
                let step = AgentStep(index: index, response: response, usage: response.usage, costUSD: stepCost)
                steps.append(step)
                emit(.stepFinished(step))
                return finish(.finalAnswer)
            }
            // A call the run will not read the result of is not run; it still gets a result, so
            // the conversation can be continued.
            let stop = index == options.maxSteps ? .maxSteps : limitReached()
            let results: [ToolResult]
            if let stop {
                results = response.toolCalls.map { call in
                    ToolResult(
                        call: call, output: "error: not run: the run stopped (\(stop.rawValue))", outcome: .notRun)
                }
            } else {
                results = await executor.run(response.toolCalls, deadline: context.deadline, emit: emit)
            }
            conversation.append(contentsOf: results.map(\.message))
            let step = AgentStep(
                index: index, response: response, toolResults: results, usage: response.usage, costUSD: stepCost)
            steps.append(step)
            emit(.stepFinished(step))
            if let stop { return finish(stop) }
        }
        return finish(.maxSteps)
    }
}
