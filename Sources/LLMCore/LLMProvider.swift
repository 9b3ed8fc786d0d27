/// Which API a model is reached through.
public struct LLMProvider: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The provider name.
    public let rawValue: String

    /// Creates a provider; prefer the static members.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The name.
    public var description: String { rawValue }

    /// Azure OpenAI (classic deployment URLs or `/openai/v1`).
    public static let azure = LLMProvider(rawValue: "azure")
    /// OpenAI's own API.
    public static let openAI = LLMProvider(rawValue: "openai")
    /// Any OpenAI-compatible server (vLLM, Ollama, llama.cpp, OpenRouter, a LiteLLM proxy).
    public static let openAICompatible = LLMProvider(rawValue: "openai-compatible")
}
