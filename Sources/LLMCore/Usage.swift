/// Token counts of one request, as the service reported them, in neutral terms; each provider's
/// payload parser maps its own fields to these.
public struct Usage: Sendable, Hashable, Codable {
    /// Tokens in the prompt: all of them, including those read from or written to the prompt cache.
    public var promptTokens: Int
    /// Tokens generated (including reasoning tokens).
    public var completionTokens: Int
    /// Their sum, as reported.
    public var totalTokens: Int
    /// Prompt tokens read from the prompt cache (billed at the cached-input price).
    public var cachedTokens: Int?
    /// Prompt tokens written to the prompt cache (billed at the cache-write price), where the
    /// provider bills cache writes (Anthropic).
    public var cacheCreationTokens: Int?
    /// The part of ``cacheCreationTokens`` written with the long lifetime (Anthropic's 1 hour),
    /// billed at the extended cache-write price.
    public var extendedCacheCreationTokens: Int?
    /// Completion tokens spent on hidden reasoning.
    public var reasoningTokens: Int?
    /// Audio tokens in the prompt, if any.
    public var audioPromptTokens: Int?
    /// Audio tokens in the completion, if any.
    public var audioCompletionTokens: Int?

    /// Creates usage counts; `totalTokens` defaults to prompt + completion (at most `Int.max`).
    public init(
        promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil, cachedTokens: Int? = nil,
        cacheCreationTokens: Int? = nil, extendedCacheCreationTokens: Int? = nil, reasoningTokens: Int? = nil,
        audioPromptTokens: Int? = nil, audioCompletionTokens: Int? = nil
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? Self.saturatingSum(promptTokens, completionTokens)
        self.cachedTokens = cachedTokens
        self.cacheCreationTokens = cacheCreationTokens
        self.extendedCacheCreationTokens = extendedCacheCreationTokens
        self.reasoningTokens = reasoningTokens
        self.audioPromptTokens = audioPromptTokens
        self.audioCompletionTokens = audioCompletionTokens
    }

    /// `a + b`, or the nearest bound instead of overflowing.
    public static func saturatingSum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard overflow else { return sum }
        return b > 0 ? .max : .min
    }
}

extension Usage {
    /// Both counts added field by field (saturating); an optional count is set when either is.
    public static func + (a: Usage, b: Usage) -> Usage {
        func sum(_ x: Int?, _ y: Int?) -> Int? {
            guard x != nil || y != nil else { return nil }
            return saturatingSum(x ?? 0, y ?? 0)
        }
        return Usage(
            promptTokens: saturatingSum(a.promptTokens, b.promptTokens),
            completionTokens: saturatingSum(a.completionTokens, b.completionTokens),
            totalTokens: saturatingSum(a.totalTokens, b.totalTokens), cachedTokens: sum(a.cachedTokens, b.cachedTokens),
            cacheCreationTokens: sum(a.cacheCreationTokens, b.cacheCreationTokens),
            extendedCacheCreationTokens: sum(a.extendedCacheCreationTokens, b.extendedCacheCreationTokens),
            reasoningTokens: sum(a.reasoningTokens, b.reasoningTokens),
            audioPromptTokens: sum(a.audioPromptTokens, b.audioPromptTokens),
            audioCompletionTokens: sum(a.audioCompletionTokens, b.audioCompletionTokens))
    }
}
