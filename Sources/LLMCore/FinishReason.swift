/// Why the model stopped generating, in the library's neutral terms; each provider's payload
/// parser maps its own values to these.
public enum FinishReason: Sendable, Hashable, CustomStringConvertible {
    /// It finished naturally or hit a stop sequence.
    case stop
    /// It reached `maxTokens` or the context window.
    case length
    /// It asked for tool calls.
    case toolCalls
    /// A content filter or safety classifier removed or stopped (part of) the answer.
    case contentFilter
    /// It asked for a (legacy, single) function call.
    case functionCall
    /// Any other reason the service reported, kept verbatim.
    case other(String)

    /// The neutral name (`stop`, `length`, `toolCalls`, `contentFilter`, `functionCall`), or the
    /// service's value for ``other(_:)``.
    public var description: String {
        switch self {
        case .stop: "stop"
        case .length: "length"
        case .toolCalls: "toolCalls"
        case .contentFilter: "contentFilter"
        case .functionCall: "functionCall"
        case .other(let value): value
        }
    }
}
