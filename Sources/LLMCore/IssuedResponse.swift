/// An answer as the provider knows it: its id and the endpoint that issued it (see
/// ``ChatMessage/issuedResponse``). Only that endpoint can continue from the id.
public struct IssuedResponse: Sendable, Hashable {
    /// The provider's response id (`resp_...`).
    public var id: String
    /// The endpoint that issued it (``LLMResponse/endpoint``).
    public var endpoint: String

    /// Creates a reference to an issued answer.
    public init(id: String, endpoint: String) {
        self.id = id
        self.endpoint = endpoint
    }
}
