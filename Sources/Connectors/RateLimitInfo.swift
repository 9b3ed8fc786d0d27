/// The rate-limit headers of a response (`x-ratelimit-*`), when the service sent them.
public struct RateLimitInfo: Sendable, Hashable {
    /// `x-ratelimit-remaining-requests`
    public var remainingRequests: Int?
    /// `x-ratelimit-remaining-tokens`
    public var remainingTokens: Int?
    /// `x-ratelimit-limit-requests`
    public var limitRequests: Int?
    /// `x-ratelimit-limit-tokens`
    public var limitTokens: Int?

    /// Creates rate-limit information.
    public init(
        remainingRequests: Int? = nil, remainingTokens: Int? = nil, limitRequests: Int? = nil, limitTokens: Int? = nil
    ) {
        self.remainingRequests = remainingRequests
        self.remainingTokens = remainingTokens
        self.limitRequests = limitRequests
        self.limitTokens = limitTokens
    }
}
