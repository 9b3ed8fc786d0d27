public import LLMCore

/// What made a version from its parent.
public enum ThreadChange: Sendable, Hashable {
    /// The thread was created (the first version of a lineage).
    case created
    /// A message was added (a user's question, a tool's result, a message the caller wrote).
    case message(Role)
    /// A run added the model's answer (with the tool calls and results of an agent run).
    case answer(messages: Int)
    /// Message `index` was replaced (the history after it dropped): a new branch.
    case edited(index: Int)
    /// The configuration changed (model, options, tools, response format, system prompt).
    case configured

    /// A short label, for logs and lineage graphs.
    public var label: String {
        switch self {
        case .created: "created"
        case .message(let role): "\(role.rawValue) message"
        case .answer(let count): count == 1 ? "answer" : "answer (\(count) messages)"
        case .edited(let index): "edited message \(index)"
        case .configured: "configured"
        }
    }
}

extension ThreadCodec {
    static func encode(_ change: ThreadChange) -> JSONValue {
        switch change {
        case .created: ["kind": "created"]
        case .message(let role): ["kind": "message", "role": .string(role.rawValue)]
        case .answer(let count): ["kind": "answer", "messages": .int(count)]
        case .edited(let index): ["kind": "edited", "index": .int(index)]
        case .configured: ["kind": "configured"]
        }
    }

    static func change(_ value: JSONValue) throws(LLMError) -> ThreadChange {
        switch value["kind"]?.stringValue {
        case "created": return .created
        case "message":
            guard let role = value["role"]?.stringValue.flatMap(Role.init(rawValue:)) else {
                throw corrupt("a message change has no role")
            }
            return .message(role)
        case "answer": return .answer(messages: value["messages"]?.intValue ?? 1)
        case "edited": return .edited(index: value["index"]?.intValue ?? 0)
        case "configured": return .configured
        default: throw corrupt("a version has an unknown change")
        }
    }
}
