public import Foundation
public import LLMCore

/// One immutable version of a conversation (seed 001's `ChatThread` entity): the system prompt,
/// the history, the configuration, and where it came from.
///
/// Every change returns a new version with a new ``id``, the same ``lineageId`` and this version
/// as ``parentId``; nothing is changed in place. Continuing an older version makes a branch.
///
/// ```swift
/// let thread = ChatThread(systemPrompt: "Be brief.", configuration: ThreadConfiguration(model: "gpt-4.1-mini"))
/// let asked = thread.appending(.user("Name a prime."))
/// let (answer, answered) = try await asked.run(model)
/// try await store.save([thread, asked, answered])
/// ```
public struct ChatThread: Sendable, Hashable, Identifiable {
    /// This version's id.
    public let id: UUID
    /// The id every version of the thread shares: the first version's id.
    public let lineageId: UUID
    /// The version this one was made from (nil for the first).
    public let parentId: UUID?
    /// When this version was made, to the millisecond (so a stored version reads back equal).
    public let createdAt: Date
    /// What made it from its parent.
    public let change: ThreadChange
    /// The instructions sent first (as a system message).
    public let systemPrompt: String?
    /// The conversation, oldest first (without the system prompt).
    public let messages: [ChatMessage]
    /// For each message, the version that added it (so versions share what they did not change).
    public let messageVersions: [UUID]
    /// The model, options, tools and response format.
    public let configuration: ThreadConfiguration
    /// Whether the system prompt and configuration are the parent's (stored once, by the version
    /// that set them).
    let inheritsSettings: Bool

    /// A new thread: the first version of a new lineage.
    public init(
        systemPrompt: String? = nil, configuration: ThreadConfiguration = ThreadConfiguration(), id: UUID = UUID(),
        at date: Date = Date()
    ) {
        self.init(
            id: id, lineageId: id, parentId: nil, createdAt: date, change: .created, systemPrompt: systemPrompt,
            messages: [], messageVersions: [], configuration: configuration, inheritsSettings: false)
    }

    /// A version with every field given (for stores).
    init(
        id: UUID, lineageId: UUID, parentId: UUID?, createdAt: Date, change: ThreadChange, systemPrompt: String?,
        messages: [ChatMessage], messageVersions: [UUID], configuration: ThreadConfiguration, inheritsSettings: Bool
    ) {
        self.id = id
        self.lineageId = lineageId
        self.parentId = parentId
        // Whole milliseconds since 1970: the stored seconds convert back to this very Date.
        self.createdAt = Date(timeIntervalSince1970: (createdAt.timeIntervalSince1970 * 1000).rounded() / 1000)
        self.change = change
        self.systemPrompt = systemPrompt
        self.messages = messages
        self.messageVersions = messageVersions
        self.configuration = configuration
        self.inheritsSettings = inheritsSettings
    }

    /// The messages a model is sent: the system prompt first, then the history.
    public var conversation: [ChatMessage] {
        (systemPrompt.map { [ChatMessage.system($0)] } ?? []) + messages
    }

    /// A child of this version with `change`, keeping the first `keep` messages and adding `added`.
    func child(
        _ change: ThreadChange, keep: Int? = nil, adding added: [ChatMessage] = [], systemPrompt: String?? = nil,
        configuration: ThreadConfiguration? = nil, id: UUID, at date: Date
    ) -> ChatThread {
        let kept = min(keep ?? messages.count, messages.count)
        return ChatThread(
            id: id, lineageId: lineageId, parentId: self.id, createdAt: date, change: change,
            systemPrompt: systemPrompt ?? self.systemPrompt, messages: Array(messages[..<kept]) + added,
            messageVersions: Array(messageVersions[..<kept]) + Array(repeating: id, count: added.count),
            configuration: configuration ?? self.configuration,
            inheritsSettings: configuration == nil && systemPrompt == nil)
    }

    /// A new version with `message` added.
    public func appending(_ message: ChatMessage, id: UUID = UUID(), at date: Date = Date()) -> ChatThread {
        child(.message(message.role), adding: [message], id: id, at: date)
    }

    /// A new version that replaces message `index` with `message` and drops what followed it.
    /// Its parent is the version the replaced message was added to, so the edit is a branch beside
    /// the original continuation.
    /// - Throws: `invalidRequest` when `index` is not a message of this version.
    public func editing(messageAt index: Int, to message: ChatMessage, id: UUID = UUID(), at date: Date = Date())
        throws(LLMError) -> ChatThread
    {
        guard messages.indices.contains(index) else {
            throw LLMError.outOfRange(
                "index", value: String(index),
                allowed: messages.isEmpty ? "none (no messages)" : "0...\(messages.count - 1)")
        }
        let parent = index == 0 ? lineageId : messageVersions[index - 1]
        return ChatThread(
            id: id, lineageId: lineageId, parentId: parent, createdAt: date, change: .edited(index: index),
            systemPrompt: systemPrompt, messages: Array(messages[..<index]) + [message],
            messageVersions: Array(messageVersions[..<index]) + [id], configuration: configuration,
            inheritsSettings: false)
    }

    /// A new version with another configuration (model, options, tools, response format).
    public func configured(_ configuration: ThreadConfiguration, id: UUID = UUID(), at date: Date = Date())
        -> ChatThread
    {
        child(.configured, configuration: configuration, id: id, at: date)
    }

    /// A new version with another system prompt (nil removes it).
    public func withSystemPrompt(_ prompt: String?, id: UUID = UUID(), at date: Date = Date()) -> ChatThread {
        child(.configured, systemPrompt: .some(prompt), id: id, at: date)
    }
}
