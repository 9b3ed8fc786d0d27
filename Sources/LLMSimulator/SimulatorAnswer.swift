import Foundation

/// A scripted answer: what the simulator's model says next, on every API it speaks
/// (``LLMSimulator/script(_:)``).
public enum SimulatorAnswer: Sendable, Hashable {
    /// Answer with exactly this text (JSON that is invalid or does not match a schema, to test
    /// recovery; or the valid answer after it).
    case text(String)
    /// Ask for these tool calls, in one answer (several are parallel calls).
    case toolCalls([SimulatorToolCall])

    /// Ask for one tool call.
    public static func toolCall(_ name: String, arguments: String) -> SimulatorAnswer {
        .toolCalls([SimulatorToolCall(name, arguments: arguments)])
    }
}

/// A tool call in a scripted answer.
///
/// The arguments are JSON text, sent as written where the API carries arguments as text (chat
/// completions, the Responses API, and Anthropic's and Bedrock's streams). Where the API carries
/// them as a JSON object (Anthropic's and Bedrock's whole answers, Gemini), text that is not a JSON
/// object is sent as a JSON string in the object's place.
public struct SimulatorToolCall: Sendable, Hashable {
    /// The tool's name (need not be among the tools offered: a call to an unknown tool).
    public var name: String
    /// The arguments as JSON text (may be invalid JSON: a call with broken arguments).
    public var arguments: String

    /// Creates a scripted call.
    public init(_ name: String, arguments: String) {
        self.name = name
        self.arguments = arguments
    }

    /// The arguments as a JSON object, or as the text itself when they are not one.
    var object: Any {
        guard let data = arguments.data(using: .utf8),
            let value = try? JSONSerialization.jsonObject(with: data), value is [String: Any]
        else { return arguments }
        return value
    }
}
