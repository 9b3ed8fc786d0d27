public import LLMCore

/// What Anthropic reports beyond the neutral fields of an answer.
public struct AnthropicExtras: ProviderExtra {
    /// The custom stop sequence that ended the answer (`stop_sequence`), when one did.
    public var stopSequence: String?
    /// The stop reason as Anthropic gave it (`end_turn`, `pause_turn`, `refusal`, ...).
    public var stopReason: String?
    /// For a refusal: the policy category (`cyber`, `bio`, ...), when named.
    public var refusalCategory: String?
    /// For a refusal: Anthropic's explanation, when given.
    public var refusalExplanation: String?
    /// The service tier that served the request (`standard`, `priority`, `batch`).
    public var serviceTier: String?

    /// Creates the extras.
    public init(
        stopSequence: String? = nil, stopReason: String? = nil, refusalCategory: String? = nil,
        refusalExplanation: String? = nil, serviceTier: String? = nil
    ) {
        self.stopSequence = stopSequence
        self.stopReason = stopReason
        self.refusalCategory = refusalCategory
        self.refusalExplanation = refusalExplanation
        self.serviceTier = serviceTier
    }

    /// Whether nothing was reported.
    var isEmpty: Bool {
        stopSequence == nil && stopReason == nil && refusalCategory == nil && refusalExplanation == nil
            && serviceTier == nil
    }
}

extension LLMResponse {
    /// What Anthropic reported beyond the neutral fields, when this answer came from Anthropic.
    public var anthropic: AnthropicExtras? { extras[AnthropicExtras.self] }
}

extension LLMStreamChunk {
    /// What Anthropic reported beyond the neutral fields in this chunk.
    public var anthropic: AnthropicExtras? { extras[AnthropicExtras.self] }
}
