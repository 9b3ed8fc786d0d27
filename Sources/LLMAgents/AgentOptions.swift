public import LLMCore

/// How a run loop runs: its limits, its tool mode and its approval hook.
public struct AgentOptions: Sendable {
    /// The most model calls in one run (at least 1).
    public var maxSteps: Int
    /// The most tool calls running at once when the model asks for several (at least 1).
    public var maxConcurrentTools: Int
    /// Stop before the next model call once the run's summed tokens reach this.
    public var tokenBudget: Int?
    /// Stop before the next model call once the run's summed cost reaches this (US dollars, from
    /// the model's prices; a model without prices never reaches it).
    public var costBudgetUSD: Double?
    /// Which tools the model must call, step by step.
    public var mode: ToolMode
    /// Decides about each call of a tool marked ``Tool/needsApproval`` before it runs; without a
    /// hook such calls are denied.
    public var approval: (@Sendable (ToolCall) async -> ToolApproval)?

    /// Creates options.
    public init(
        maxSteps: Int = 10, maxConcurrentTools: Int = 4, tokenBudget: Int? = nil, costBudgetUSD: Double? = nil,
        mode: ToolMode = .auto, approval: (@Sendable (ToolCall) async -> ToolApproval)? = nil
    ) {
        self.maxSteps = maxSteps
        self.maxConcurrentTools = maxConcurrentTools
        self.tokenBudget = tokenBudget
        self.costBudgetUSD = costBudgetUSD
        self.mode = mode
        self.approval = approval
    }
}
