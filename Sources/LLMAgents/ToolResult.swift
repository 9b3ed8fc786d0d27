public import LLMCore

/// What became of one tool call.
public struct ToolResult: Sendable, Hashable {
    /// How the call ended.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// The tool ran and returned ``ToolResult/output``.
        case succeeded
        /// The arguments were not valid JSON or did not match the schema; the tool did not run.
        case invalidArguments
        /// The model named a tool the run does not have.
        case unknownTool
        /// The tool threw.
        case failed
        /// The approval hook refused the call.
        case denied
        /// The run stopped (step limit, budget, deadline) before the call could run.
        case notRun
    }

    /// The call as the model asked for it.
    public var call: ToolCall
    /// What the model is sent back: the tool's output, or what was wrong.
    public var output: String
    /// How the call ended.
    public var outcome: Outcome
    /// How long the tool ran (zero when it did not).
    public var duration: Duration

    /// Creates a result.
    public init(call: ToolCall, output: String, outcome: Outcome, duration: Duration = .zero) {
        self.call = call
        self.output = output
        self.outcome = outcome
        self.duration = duration
    }

    /// Whether the model is told the call failed.
    public var isError: Bool { outcome != .succeeded }

    /// The tool message that answers the call.
    public var message: ChatMessage { .tool(callId: call.id, content: output, isError: isError) }
}
