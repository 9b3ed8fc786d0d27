/// A function call the model asked for.
public struct ToolCall: Sendable, Hashable, Codable {
    /// The call id; the tool result message must carry it back.
    public var id: String
    /// The function name.
    public var name: String
    /// The arguments as JSON text, exactly as the model produced them (it may be invalid JSON).
    public var arguments: String
    /// Opaque state the provider attached to the call (Gemini's thought signature), sent back
    /// unchanged with it when the conversation continues; nil for most APIs.
    public var signature: String?

    /// Creates a tool call.
    public init(id: String, name: String, arguments: String, signature: String? = nil) {
        self.id = id
        self.name = name
        self.arguments = arguments
        self.signature = signature
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
    /// The call's opaque provider state (``ToolCall/signature``), when this fragment carries it.
    public var signature: String?

    /// Creates a tool-call fragment.
    public init(
        index: Int, id: String? = nil, name: String? = nil, arguments: String? = nil, signature: String? = nil
    ) {
        self.signature = signature
        self.index = index
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
