/// The vectors of an embedding request, one per input in the inputs' order.
public struct EmbeddingResponse: Sendable, Hashable {
    /// One vector per input.
    public var vectors: [[Float]]
    /// The model that answered.
    public var model: String
    /// The tokens the inputs used, summed over every request (nil when the API reports none).
    public var usage: Usage?
    /// The cost at the model's list prices, when both are known.
    public var costUSD: Double?
    /// How many HTTP requests the inputs were split into.
    public var requests: Int
    /// The provider's request ids, one per request.
    public var requestIds: [String]
    /// The endpoint that answered the last request.
    public var endpoint: String?

    /// Creates a response.
    public init(
        vectors: [[Float]], model: String, usage: Usage? = nil, costUSD: Double? = nil, requests: Int = 1,
        requestIds: [String] = [], endpoint: String? = nil
    ) {
        self.vectors = vectors
        self.model = model
        self.usage = usage
        self.costUSD = costUSD
        self.requests = requests
        self.requestIds = requestIds
        self.endpoint = endpoint
    }
}
