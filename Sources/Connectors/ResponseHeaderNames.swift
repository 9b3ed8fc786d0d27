/// Where an API puts its request id and rate-limit state in response headers (lower-case names).
public struct ResponseHeaderNames: Sendable, Hashable {
    /// Headers carrying the provider's request id, most preferred first.
    public var requestId: [String]
    /// The request limit.
    public var limitRequests: String?
    /// Requests remaining in the window.
    public var remainingRequests: String?
    /// The token limit.
    public var limitTokens: String?
    /// Tokens remaining in the window.
    public var remainingTokens: String?

    /// Creates the header names; pass them lower-case.
    public init(
        requestId: [String], limitRequests: String? = nil, remainingRequests: String? = nil,
        limitTokens: String? = nil, remainingTokens: String? = nil
    ) {
        self.requestId = requestId
        self.limitRequests = limitRequests
        self.remainingRequests = remainingRequests
        self.limitTokens = limitTokens
        self.remainingTokens = remainingTokens
    }
}
