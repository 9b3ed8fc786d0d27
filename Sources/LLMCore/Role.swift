/// Who wrote a chat message.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    /// Instructions from the application (older models and most servers).
    case system
    /// Instructions from the application, as reasoning models (o-series, GPT-5) expect them.
    case developer
    /// The end user.
    case user
    /// The model.
    case assistant
    /// The result of a tool call the model asked for.
    case tool
}
