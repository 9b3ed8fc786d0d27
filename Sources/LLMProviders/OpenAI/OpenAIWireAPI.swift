/// Which OpenAI API a model instance speaks: chat completions (`chat/completions`, the default) or
/// the Responses API (`responses`). The same catalog model can be called either way, on every
/// OpenAI-family endpoint (OpenAI, Azure v1, Azure classic, compatible servers that serve it).
///
/// ```swift
/// let model = GPT41MiniLLM(metadata: metadata, connector: connector, api: .responses)
/// let chained = OpenAIReasoningLLM(metadata: gpt5, connector: connector, api: .responses(store: true))
/// ```
public struct OpenAIWireAPI: Sendable, Hashable, CustomStringConvertible {
    /// The API.
    public enum Kind: String, Sendable, Hashable {
        /// `POST {base}/chat/completions`.
        case chatCompletions = "chat-completions"
        /// `POST {base}/responses`.
        case responses
    }

    /// The API.
    public var kind: Kind
    /// For the Responses API: whether the service keeps responses (`store`). The library's
    /// default is `false` — stateless: nothing is retained by the provider, every request carries
    /// the visible history, and reasoning state travels encrypted
    /// (`include: ["reasoning.encrypted_content"]`), so any endpoint can answer the next turn.
    /// With `true`, a conversation continues from the previous answer's id
    /// (`previous_response_id`) at the endpoint that issued it, sending only the new messages.
    public var store: Bool

    /// Chat completions.
    public static let chatCompletions = OpenAIWireAPI(kind: .chatCompletions, store: false)
    /// The Responses API, stateless (`store: false`).
    public static let responses = OpenAIWireAPI(kind: .responses, store: false)

    /// The Responses API, storing responses on the service when `store` is true.
    public static func responses(store: Bool) -> OpenAIWireAPI {
        OpenAIWireAPI(kind: .responses, store: store)
    }

    /// `chat-completions`, `responses` or `responses (store)`.
    public var description: String {
        kind == .responses && store ? "responses (store)" : kind.rawValue
    }

    /// The API named `name` (`chat-completions`, `chat`, `responses`), or nil.
    public static func named(_ name: String) -> OpenAIWireAPI? {
        switch name.lowercased() {
        case "chat", "chat-completions", "chatcompletions", "completions": .chatCompletions
        case "responses": .responses
        default: nil
        }
    }
}
