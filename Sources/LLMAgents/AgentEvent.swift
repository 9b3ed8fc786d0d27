public import LLMCore

/// What a run reports as it goes (from ``Agent/stream(_:context:options:)``; the model calls' ``LLMEvent``s go to the run context's handler).
public enum AgentEvent: Sendable, Hashable {
    /// Step `n` (from 1) sends the conversation to the model.
    case stepStarted(Int)
    /// Text of the current answer as it arrives (streamed runs only).
    case textDelta(String)
    /// The model asked for this call; it runs next (or is refused).
    case toolCallRequested(ToolCall)
    /// A call ended.
    case toolFinished(ToolResult)
    /// A step ended (its answer and its calls' results).
    case stepFinished(AgentStep)
    /// The run ended.
    case finished(AgentRun)
}
