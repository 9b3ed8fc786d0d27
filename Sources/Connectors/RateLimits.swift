/// An endpoint's (deployment's) quota: requests and tokens per minute, as Azure assigns them.
public struct RateLimits: Sendable, Hashable {
    /// Requests per minute; nil is unlimited.
    public var requestsPerMinute: Int?
    /// Tokens per minute (prompt estimate plus requested output, settled with real usage); nil is unlimited.
    public var tokensPerMinute: Int?

    /// Creates limits.
    public init(requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil) {
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
    }
}
