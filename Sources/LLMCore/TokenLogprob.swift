/// One output token with its log probability and, when asked for (``GenerationOptions/topLogprobs``),
/// the most likely alternatives at its position.
public struct TokenLogprob: Sendable, Hashable {
    /// One alternative token at a position.
    public struct Alternative: Sendable, Hashable {
        /// The token's text.
        public var token: String
        /// Its log probability (≤ 0).
        public var logprob: Double

        /// Creates an alternative.
        public init(token: String, logprob: Double) {
            self.token = token
            self.logprob = logprob
        }
    }

    /// The token's text.
    public var token: String
    /// Its log probability (≤ 0).
    public var logprob: Double
    /// The most likely tokens at this position, most likely first.
    public var top: [Alternative]

    /// Creates a token's log probability.
    public init(token: String, logprob: Double, top: [Alternative] = []) {
        self.token = token
        self.logprob = logprob
        self.top = top
    }
}
