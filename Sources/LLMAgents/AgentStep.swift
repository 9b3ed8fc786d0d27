public import LLMCore

/// One model call of a run and the tool calls it asked for.
public struct AgentStep: Sendable, Hashable {
    /// The step's number, from 1.
    public var index: Int
    /// The model's answer.
    public var response: LLMResponse
    /// What each tool call of the answer came to, in the answer's order.
    public var toolResults: [ToolResult]
    /// The step's usage (nil when the service reported none).
    public var usage: Usage?
    /// The step's cost in US dollars, from the model's prices (nil when unknown).
    public var costUSD: Double?

    /// Creates a step.
    public init(
        index: Int, response: LLMResponse, toolResults: [ToolResult] = [], usage: Usage? = nil, costUSD: Double? = nil
    ) {
        self.index = index
        self.response = response
        self.toolResults = toolResults
        self.usage = usage
        self.costUSD = costUSD
    }
}

/// Why a run ended.
public enum AgentStopReason: String, Sendable, Hashable, CaseIterable {
    /// The model answered without calling a tool.
    case finalAnswer
    /// ``AgentOptions/maxSteps`` model calls were made.
    case maxSteps
    /// The summed tokens reached ``AgentOptions/tokenBudget``.
    case tokenBudget
    /// The summed cost reached ``AgentOptions/costBudgetUSD``.
    case costBudget
    /// The request's deadline passed.
    case deadline
}

/// The outcome of a run: the final answer, every step, the conversation and what it cost.
public struct AgentRun: Sendable, Hashable {
    /// The last answer's text (the final answer when ``stopReason`` is `finalAnswer`).
    public var text: String
    /// The last answer.
    public var response: LLMResponse
    /// Every step, in order.
    public var steps: [AgentStep]
    /// The conversation as sent plus every answer and tool result (ready to continue: every tool
    /// call has its result).
    public var messages: [ChatMessage]
    /// The summed usage of every step.
    public var usage: Usage
    /// The summed cost of every step (nil when no step's cost was known).
    public var costUSD: Double?
    /// Why the run ended.
    public var stopReason: AgentStopReason

    /// Creates a run.
    public init(
        text: String, response: LLMResponse, steps: [AgentStep], messages: [ChatMessage], usage: Usage,
        costUSD: Double?, stopReason: AgentStopReason
    ) {
        self.text = text
        self.response = response
        self.steps = steps
        self.messages = messages
        self.usage = usage
        self.costUSD = costUSD
        self.stopReason = stopReason
    }
}
