/// A model that turns text into vectors: the capability every retrieval backend needs, beside
/// ``LLM`` (a chat model does not stub it, an embedding model does not stub chat).
///
/// ```swift
/// let embedder = try LLMFactory.makeEmbedding(metadata: ModelCatalog.metadata(named: "text-embedding-3-small")!,
///                                              connector: connector)
/// let result = try await embedder.embed(["first passage", "second passage"])
/// print(result.vectors.count, result.vectors[0].count, result.costUSD ?? 0)
/// ```
public protocol EmbeddingModel: Sendable {
    /// What the model is: name, provider, dimensions, limits, prices.
    var metadata: ModelMetadata { get }

    /// One vector per input, in the inputs' order. Large lists are split into requests within
    /// the API's per-request limits; usage and cost are summed over them.
    /// - Throws: ``LLMError``: `invalidRequest` for empty input or unsupported `dimensions`
    ///   (before any network call); the connector's errors otherwise.
    func embed(_ inputs: [String], context: RequestContext, options: EmbeddingOptions) async throws
        -> EmbeddingResponse
}

extension EmbeddingModel {
    /// One vector per input, with a fresh context and the default options.
    public func embed(_ inputs: [String], options: EmbeddingOptions = EmbeddingOptions()) async throws
        -> EmbeddingResponse
    {
        try await embed(inputs, context: RequestContext(), options: options)
    }
}
