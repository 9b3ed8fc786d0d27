public import LLMCore

/// A chat-completions request body under construction, for a model class's parameter transform.
///
/// ```swift
/// static func transform(_ body: inout ChatBody) {
///     body.rename("max_tokens", to: "max_completion_tokens")
///     body.remove("temperature")
/// }
/// ```
public struct ChatBody: Sendable, Hashable {
    /// The body's members, by wire name.
    public var fields: [String: JSONValue]

    /// Creates a body.
    public init(fields: [String: JSONValue] = [:]) {
        self.fields = fields
    }

    /// Reads or writes a member.
    public subscript(key: String) -> JSONValue? {
        get { fields[key] }
        set { fields[key] = newValue }
    }

    /// Moves a member to a new name, if present.
    public mutating func rename(_ key: String, to newKey: String) {
        if let value = fields.removeValue(forKey: key) { fields[newKey] = value }
    }

    /// Removes members, if present.
    public mutating func remove(_ keys: String...) {
        for key in keys { fields.removeValue(forKey: key) }
    }

    /// Changes the role of every message with role `from` (for example system to developer).
    public mutating func renameRole(_ from: String, to: String) {
        guard case .array(let messages) = fields["messages"] else { return }
        fields["messages"] = .array(
            messages.map { message in
                guard var object = message.objectValue, object["role"] == .string(from) else { return message }
                object["role"] = .string(to)
                return .object(object)
            })
    }

    /// The JSON bytes, with sorted keys so equal bodies are byte-identical.
    public var data: [UInt8] {
        JSONValue.object(fields).jsonBytes
    }
}
