/// A model's reasoning (Anthropic's "thinking", Gemini's "thoughts") as a part of an assistant
/// message: the text or summary the provider shows, and the opaque state it needs back, unchanged,
/// when the conversation continues.
///
/// Keep the reasoning parts of an answer in the conversation (``ChatMessage/assistant(_:)`` does),
/// so that a provider that requires them (Anthropic with thinking and tools) gets them back. A
/// provider other than ``provider`` never receives the opaque state: its payload builder skips it.
public struct Reasoning: Sendable, Hashable {
    /// The reasoning text or summary, as the provider showed it; empty when it was redacted.
    public var text: String
    /// The provider's signature over ``text``, to be sent back unchanged.
    public var signature: String?
    /// Reasoning the provider returned encrypted instead of as text, to be sent back unchanged.
    public var redactedData: String?
    /// Which provider issued the signature or encrypted data.
    public var provider: LLMProvider?
    /// The provider's id of this reasoning (a Responses-API reasoning item's `rs_...`), sent back
    /// with it.
    public var id: String?
    /// The endpoint that issued it (the answering endpoint's URL, as ``LLMResponse/endpoint``);
    /// filled by the request lifecycle. State that only its issuer can read (Responses-API
    /// encrypted reasoning) is sent to that endpoint alone.
    public var origin: String?

    /// Creates a reasoning part.
    public init(
        text: String, signature: String? = nil, redactedData: String? = nil, provider: LLMProvider? = nil,
        id: String? = nil, origin: String? = nil
    ) {
        self.text = text
        self.signature = signature
        self.redactedData = redactedData
        self.provider = provider
        self.id = id
        self.origin = origin
    }

    /// Whether the provider returned this reasoning encrypted (``redactedData``).
    public var isRedacted: Bool { redactedData != nil }
}
