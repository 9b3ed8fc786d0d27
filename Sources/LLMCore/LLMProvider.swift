/// Which provider's API a model is reached through. The core names none: each provider's module
/// declares its own (LLMProviders: `.azure`, `.openAI`, `.openAICompatible`, `.anthropic`,
/// `.gemini`, `.bedrock`, `.groq`, ...).
public struct LLMProvider: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The provider name.
    public let rawValue: String

    /// Creates a provider; prefer the static members.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The name.
    public var description: String { rawValue }
}
