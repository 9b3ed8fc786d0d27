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
    /// For a `tool` message: whether the tool failed (its content says how).
    public var isError: Bool
    /// Ends a prompt prefix the provider should cache (see ``CacheBreakpoint``).
    public var cache: CacheBreakpoint?
    /// For an assistant message made from an answer: the answer's id and the endpoint that issued
    /// it. The Responses API continues from it (`previous_response_id`) when the model stores
    /// responses and the request goes to that endpoint; everywhere else it is ignored and the
    /// visible history is sent.
    public var issuedResponse: IssuedResponse?

    /// Creates a message.
    public init(
        role: Role, content: [ContentPart], name: String? = nil, toolCalls: [ToolCall] = [],
        toolCallId: String? = nil, isError: Bool = false, cache: CacheBreakpoint? = nil
    ) {
        self.role = role
        self.content = content
        self.name = name
        self.toolCalls = toolCalls
        self.toolCallId = toolCallId
        self.isError = isError
        self.cache = cache
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

    /// The assistant message of an answer, to continue the conversation with: its reasoning parts
    /// (with their signatures), its text and its tool calls.
    /// It remembers which answer it is (``issuedResponse``), so an API that keeps conversations
    /// on the server can continue from it at the endpoint that issued it.
    public static func assistant(_ response: LLMResponse) -> ChatMessage {
        var content = response.reasoning.map(ContentPart.reasoning)
        if !response.content.isEmpty { content.append(.text(response.content)) }
        var message = ChatMessage(role: .assistant, content: content, toolCalls: response.toolCalls)
        if !response.id.isEmpty, let endpoint = response.endpoint {
            message.issuedResponse = IssuedResponse(id: response.id, endpoint: endpoint)
        }
        return message
    }

    /// A tool result answering the call `callId`; `isError` says the tool failed.
    public static func tool(callId: String, content: String, isError: Bool = false) -> ChatMessage {
        ChatMessage(role: .tool, content: [.text(content)], toolCallId: callId, isError: isError)
    }

    /// A user message with text and documents.
    public static func user(_ text: String, documents: [DocumentInput]) -> ChatMessage {
        ChatMessage(role: .user, content: documents.map(ContentPart.document) + [.text(text)])
    }

    /// The text parts joined with newlines.
    public var text: String {
        content.compactMap(\.text).joined(separator: "\n")
    }
}
