/// What an embedding model produces and takes per request (``ModelCapabilities/embedding``).
public struct EmbeddingCapability: Sendable, Hashable {
    /// The vectors' default length.
    public var dimensions: Int
    /// The lengths the model can shorten its vectors to (`dimensions`), or nil when it cannot.
    public var allowedDimensions: ClosedRange<Int>?
    /// The most inputs one request may carry.
    public var maxInputsPerRequest: Int
    /// The most tokens one input may have.
    public var maxInputTokens: Int
    /// The most tokens one request may carry over all its inputs (nil: inputs × per-input limit).
    public var maxRequestTokens: Int?

    /// Creates a capability.
    public init(
        dimensions: Int, allowedDimensions: ClosedRange<Int>? = nil, maxInputsPerRequest: Int,
        maxInputTokens: Int, maxRequestTokens: Int? = nil
    ) {
        self.dimensions = dimensions
        self.allowedDimensions = allowedDimensions
        self.maxInputsPerRequest = maxInputsPerRequest
        self.maxInputTokens = maxInputTokens
        self.maxRequestTokens = maxRequestTokens
    }
}
