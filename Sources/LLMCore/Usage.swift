/// Token counts of one request, as the service reported them.
public struct Usage: Sendable, Hashable, Codable {
    /// Tokens in the prompt (including cached ones).
    public var promptTokens: Int
    /// Tokens generated (including reasoning tokens).
    public var completionTokens: Int
    /// Their sum, as reported.
    public var totalTokens: Int
    /// Prompt tokens served from the prompt cache (billed at the cached-input price).
    public var cachedTokens: Int?
    /// Completion tokens spent on hidden reasoning.
    public var reasoningTokens: Int?
    /// Audio tokens in the prompt, if any.
    public var audioPromptTokens: Int?
    /// Audio tokens in the completion, if any.
    public var audioCompletionTokens: Int?

    /// Creates usage counts; `totalTokens` defaults to prompt + completion.
    public init(
        promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil, cachedTokens: Int? = nil,
        reasoningTokens: Int? = nil, audioPromptTokens: Int? = nil, audioCompletionTokens: Int? = nil
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? promptTokens + completionTokens
        self.cachedTokens = cachedTokens
        self.reasoningTokens = reasoningTokens
        self.audioPromptTokens = audioPromptTokens
        self.audioCompletionTokens = audioCompletionTokens
    }
}
