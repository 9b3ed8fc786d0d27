public import Connectors
public import Foundation
public import LLMCore

/// Embeddings over the Gemini API: `models/{model}:embedContent` for one input,
/// `models/{model}:batchEmbedContents` for several (at most 100 per request), with `taskType`
/// and `outputDimensionality` when set. The API reports no token counts for embeddings, so
/// responses carry no usage or cost.
public final class GeminiEmbeddingLLM: RemoteBaseLLM, EmbeddingWireFormat, EmbeddingModel, @unchecked Sendable {
    /// Gemini API endpoints.
    public override class var endpointStyles: Set<String>? { ["gemini"] }

    /// One vector per input (see ``EmbeddingWireFormat/embedAll(_:context:options:)``).
    public func embed(_ inputs: [String], context: RequestContext, options: EmbeddingOptions) async throws
        -> EmbeddingResponse
    {
        try await embedAll(inputs, context: context, options: options)
    }

    /// `embedContent` (one input) or `batchEmbedContents`, the model named per endpoint.
    public func embeddingRequest(_ inputs: [String], options: EmbeddingOptions) throws(LLMError) -> ConnectorRequest {
        let single = inputs.count == 1
        let method = single ? "embedContent" : "batchEmbedContents"
        let fallback = metadata.deploymentName
        let extra = options.extraBody ?? [:]
        return GeminiBaseLLM.request(method, model: fallback) { endpoint in
            var body: [String: JSONValue]
            if single {
                body = Self.request(inputs[0], model: nil, options: options).objectValue ?? [:]
            } else {
                let model = endpoint.deployment ?? fallback
                body = ["requests": .array(inputs.map { Self.request($0, model: model, options: options) })]
            }
            for (key, value) in extra { body[key] = value }
            return Data(JSONValue.object(body).jsonBytes)
        }
    }

    /// One `EmbedContentRequest`.
    private static func request(_ input: String, model: String?, options: EmbeddingOptions) -> JSONValue {
        var request: [String: JSONValue] = ["content": ["parts": [["text": .string(input)]]]]
        if let model { request["model"] = .string("models/\(model)") }
        if let taskType = options.taskType { request["taskType"] = .string(taskType) }
        if let dimensions = options.dimensions { request["outputDimensionality"] = .int(dimensions) }
        return .object(request)
    }

    /// The vectors, in order.
    public func parseEmbeddings(_ body: Data, info: ResponseInfo, count: Int) throws(LLMError) -> (
        vectors: [[Float]], usage: Usage?
    ) {
        guard let wire = try? GeminiEmbeddingsWire.parse(body), let vectors = wire.vectors else {
            throw LLMError(
                code: .decoding, message: "the response is not an embedding: \(WireExcerpt.of(body))",
                endpoint: info.endpoint, requestId: info.requestId)
        }
        guard vectors.count == count, !vectors.contains(where: \.isEmpty) else {
            throw LLMError(
                code: .decoding, message: "the response has \(vectors.count) vectors (some empty?) for \(count) inputs",
                endpoint: info.endpoint, requestId: info.requestId)
        }
        return (vectors, nil)
    }
}
