public import LLMMedia

/// One message of a conversation.
///
/// ```swift
/// let messages: [ChatMessage] = [
///     .system("You are terse."),
///     .user("What is in this picture?", images: [.file("cat.png")]),
/// ]
/// ```
public struct ChatMessage: Sendable, Hashable {
    /// Who wrote it.
    public var role: Role
    /// The content parts, in order.
    public var content: [ContentPart]
    /// An optional participant name.
    public var name: String?
    /// The function calls an assistant message asked for.
    public var toolCalls: [ToolCall]
    /// For a `tool` message: the id of the call this answers.
    public var toolCallId: String?

    /// Creates a message.
    public init(
        role: Role, content: [ContentPart], name: String? = nil, toolCalls: [ToolCall] = [],
        toolCallId: String? = nil
    ) {
        self.role = role
        self.content = content
        self.name = name
        self.toolCalls = toolCalls
        self.toolCallId = toolCallId
    }

    /// A system message.
    public static func system(_ text: String) -> ChatMessage {
        ChatMessage(role: .system, content: [.text(text)])
    }

    /// A developer message (instructions for reasoning models).
    public static func developer(_ text: String) -> ChatMessage {
        ChatMessage(role: .developer, content: [.text(text)])
    }

    /// A user message with text and, optionally, images.
    public static func user(_ text: String, images: [ImageInput] = []) -> ChatMessage {
        ChatMessage(role: .user, content: [.text(text)] + images.map(ContentPart.image))
    }

    /// A user message from content parts.
    public static func user(_ parts: [ContentPart]) -> ChatMessage {
        ChatMessage(role: .user, content: parts)
    }

    /// An assistant message, with the tool calls it made, if any.
    public static func assistant(_ text: String?, toolCalls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: text.map { [.text($0)] } ?? [], toolCalls: toolCalls)
    }

    /// A tool result answering the call `callId`.
    public static func tool(callId: String, content: String) -> ChatMessage {
        ChatMessage(role: .tool, content: [.text(content)], toolCallId: callId)
    }

    /// The text parts joined with newlines.
    public var text: String {
        content.compactMap(\.text).joined(separator: "\n")
    }
}
