/// Options of one embedding request.
public struct EmbeddingOptions: Sendable, Hashable {
    /// The vectors' length, for models that can shorten them (``EmbeddingCapability/dimensions``);
    /// nil: the model's default.
    public var dimensions: Int?
    /// What the vectors are for, for APIs that take it (Gemini's `taskType`: `RETRIEVAL_QUERY`,
    /// `RETRIEVAL_DOCUMENT`, `SEMANTIC_SIMILARITY`, ...).
    public var taskType: String?
    /// An end-user id for abuse monitoring, for APIs that take it.
    public var user: String?
    /// Members added to every request body as they are (the escape hatch for new parameters).
    public var extraBody: [String: JSONValue]?

    /// Creates options.
    public init(
        dimensions: Int? = nil, taskType: String? = nil, user: String? = nil, extraBody: [String: JSONValue]? = nil
    ) {
        self.dimensions = dimensions
        self.taskType = taskType
        self.user = user
        self.extraBody = extraBody
    }
}
