public import LLMCore

/// What Bedrock's Converse API reports beyond the neutral fields of an answer.
public struct BedrockExtras: ProviderExtra {
    /// The stop reason as Bedrock gave it (`end_turn`, `guardrail_intervened`,
    /// `malformed_tool_use`, ...).
    public var stopReason: String?
    /// The service's own latency for the request (`metrics.latencyMs`), in milliseconds.
    public var latencyMs: Int?
    /// The model's own response fields that `additionalModelResponseFieldPaths` asked for.
    public var additionalModelResponseFields: JSONValue?

    /// Creates the extras.
    public init(stopReason: String? = nil, latencyMs: Int? = nil, additionalModelResponseFields: JSONValue? = nil) {
        self.stopReason = stopReason
        self.latencyMs = latencyMs
        self.additionalModelResponseFields = additionalModelResponseFields
    }

    /// Whether nothing was reported.
    var isEmpty: Bool { stopReason == nil && latencyMs == nil && additionalModelResponseFields == nil }
}

extension LLMResponse {
    /// What Bedrock reported beyond the neutral fields, when this answer came from Bedrock.
    public var bedrock: BedrockExtras? { extras[BedrockExtras.self] }
}

extension LLMStreamChunk {
    /// What Bedrock reported beyond the neutral fields in this chunk.
    public var bedrock: BedrockExtras? { extras[BedrockExtras.self] }
}
