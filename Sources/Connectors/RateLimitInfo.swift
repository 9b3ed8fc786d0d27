/// The rate-limit state a response reported in its headers (under the names its API uses, see
/// ``ResponseHeaderNames``), when the service sent it.
public struct RateLimitInfo: Sendable, Hashable {
    /// Requests remaining in the current window.
    public var remainingRequests: Int?
    /// Tokens remaining in the current window.
    public var remainingTokens: Int?
    /// The request limit of the window.
    public var limitRequests: Int?
    /// The token limit of the window.
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
