/// A function call the model asked for.
public struct ToolCall: Sendable, Hashable, Codable {
    /// The call id; the tool result message must carry it back.
    public var id: String
    /// The function name.
    public var name: String
    /// The arguments as JSON text, exactly as the model produced them (it may be invalid JSON).
    public var arguments: String

    /// Creates a tool call.
    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// A fragment of a tool call in a stream; fragments with the same `index` belong to one call.
public struct ToolCallDelta: Sendable, Hashable {
    /// Which call of the message this fragment belongs to.
    public var index: Int
    /// The call id (usually only on the first fragment).
    public var id: String?
    /// The function name (usually only on the first fragment).
    public var name: String?
    /// A piece of the arguments JSON text, to append.
    public var arguments: String?

    /// Creates a tool-call fragment.
    public init(index: Int, id: String? = nil, name: String? = nil, arguments: String? = nil) {
        self.index = index
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
