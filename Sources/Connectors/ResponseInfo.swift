/// Where and how a response was obtained.
public struct ResponseInfo: Sendable, Hashable {
    /// The HTTP status.
    public var status: Int
    /// The endpoint that answered (URL without query; never a key).
    public var endpoint: String
    /// The endpoint's configured name.
    public var endpointName: String
    /// How many attempts it took, across retries and failovers (1 = the first one answered).
    public var attempts: Int
    /// The provider's request id, from the headers its API names (``ResponseHeaderNames/requestId``).
    public var requestId: String?
    /// The rate-limit headers.
    public var rateLimit: RateLimitInfo
    /// The response's `content-type`.
    public var contentType: String?
    /// Tokens reserved against the endpoint's rate limit for this request (0 without a limit).
    public var reservedTokens: Int
    /// The index of the answering endpoint in ``Connector/endpoints``.
    public var endpointIndex: Int

    /// Creates response information.
    public init(
        status: Int, endpoint: String, endpointName: String, attempts: Int, requestId: String? = nil,
        rateLimit: RateLimitInfo = RateLimitInfo(), contentType: String? = nil, reservedTokens: Int = 0,
        endpointIndex: Int = 0
    ) {
        self.status = status
        self.endpoint = endpoint
        self.endpointName = endpointName
        self.attempts = attempts
        self.requestId = requestId
        self.rateLimit = rateLimit
        self.contentType = contentType
        self.reservedTokens = reservedTokens
        self.endpointIndex = endpointIndex
    }
}
