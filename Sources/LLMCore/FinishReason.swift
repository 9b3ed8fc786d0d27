/// Why the model stopped generating.
public enum FinishReason: Sendable, Hashable, CustomStringConvertible {
    /// It finished naturally or hit a stop sequence.
    case stop
    /// It reached `maxTokens` or the context window.
    case length
    /// It asked for tool calls.
    case toolCalls
    /// A content filter removed (part of) the answer.
    case contentFilter
    /// It asked for a (legacy) function call.
    case functionCall
    /// Any other reason the service reported, kept verbatim.
    case other(String)

    /// Maps the service's `finish_reason` string.
    public init(serviceValue: String) {
        switch serviceValue {
        case "stop", "end_turn", "stop_sequence": self = .stop
        case "length", "max_tokens": self = .length
        case "tool_calls": self = .toolCalls
        case "content_filter": self = .contentFilter
        case "function_call": self = .functionCall
        default: self = .other(serviceValue)
        }
    }

    /// The OpenAI wire string (`stop`, `length`, `tool_calls`, `content_filter`, ...).
    public var description: String {
        switch self {
        case .stop: "stop"
        case .length: "length"
        case .toolCalls: "tool_calls"
        case .contentFilter: "content_filter"
        case .functionCall: "function_call"
        case .other(let value): value
        }
    }
}
