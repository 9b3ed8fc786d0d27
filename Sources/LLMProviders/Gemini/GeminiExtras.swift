public import LLMCore

/// What a Gemini answer says beyond the neutral response: the finish reason as the API named it,
/// its message, and the model version that answered.
public struct GeminiExtras: ProviderExtra {
    /// The candidate's `finishReason` verbatim (`STOP`, `MAX_TOKENS`, `SAFETY`,
    /// `MALFORMED_FUNCTION_CALL`, ...).
    public var finishReason: String?
    /// The candidate's `finishMessage`, when the API explains the finish.
    public var finishMessage: String?
    /// The `modelVersion` that answered.
    public var modelVersion: String?

    /// Creates extras.
    public init(finishReason: String? = nil, finishMessage: String? = nil, modelVersion: String? = nil) {
        self.finishReason = finishReason
        self.finishMessage = finishMessage
        self.modelVersion = modelVersion
    }

    var isEmpty: Bool { finishReason == nil && finishMessage == nil && modelVersion == nil }

    /// The extras of a candidate, in a ``LLMCore/ProviderExtras`` (empty when there are none).
    static func of(finishReason: String?, finishMessage: String?, modelVersion: String?) -> ProviderExtras {
        let gemini = GeminiExtras(finishReason: finishReason, finishMessage: finishMessage, modelVersion: modelVersion)
        var extras = ProviderExtras()
        if !gemini.isEmpty { extras[GeminiExtras.self] = gemini }
        return extras
    }
}

extension LLMResponse {
    /// The Gemini extras, when a Gemini model answered.
    public var gemini: GeminiExtras? { extras[GeminiExtras.self] }
}

extension LLMStreamChunk {
    /// The Gemini extras of the finishing chunk.
    public var gemini: GeminiExtras? { extras[GeminiExtras.self] }
}
