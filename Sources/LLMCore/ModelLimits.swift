/// Size limits of a model.
public struct ModelLimits: Sendable, Hashable {
    /// Tokens of prompt plus output the model can hold.
    public var contextWindow: Int
    /// The most tokens one answer may have.
    public var maxOutputTokens: Int
    /// The most images one request may carry (Azure: 10), nil when unlimited or unknown.
    public var maxImagesPerRequest: Int?

    /// The limits of a model the catalog does not know: none on the client (the service enforces
    /// its own, and its errors say so).
    public static let unknown = ModelLimits(contextWindow: .max, maxOutputTokens: .max)

    /// Creates limits.
    public init(contextWindow: Int, maxOutputTokens: Int, maxImagesPerRequest: Int? = nil) {
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.maxImagesPerRequest = maxImagesPerRequest
    }
}
