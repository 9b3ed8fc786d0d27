public import Connectors
public import Foundation
public import LLMCore

/// Embeddings over OpenAI's `POST {base}/embeddings` (OpenAI, Azure v1, Azure classic under the
/// deployment, and OpenAI-compatible servers such as llama.cpp, vLLM and Ollama): the inputs as
/// `input`, the model as each endpoint's deployment or the model's name, `dimensions` and `user`
/// when set, and `encoding_format` — `base64` (float32, a quarter of the bytes and exact) for
/// OpenAI's models, `float` for compatible servers, whose support for base64 varies.
public final class OpenAIEmbeddingLLM: RemoteBaseLLM, EmbeddingWireFormat, EmbeddingModel, @unchecked Sendable {
    /// How vectors come back on the wire.
    public enum Encoding: String, Sendable {
        /// Base64 of little-endian float32 values.
        case base64
        /// JSON numbers.
        case float
    }

    /// How this model asks for its vectors.
    public let encoding: Encoding

    /// Creates the model; `encoding` defaults to base64 except for OpenAI-compatible servers.
    public init(metadata: ModelMetadata, connector: Connector, encoding: Encoding? = nil) {
        self.encoding = encoding ?? (metadata.provider == .openAICompatible ? .float : .base64)
        super.init(metadata: metadata, connector: connector)
    }

    /// Azure classic, Azure v1 and OpenAI endpoints (and every OpenAI-compatible style: ``speaks(_:)``).
    public override class var endpointStyles: Set<String>? { ["azure", "azure-v1", "openai"] }

    /// Any style whose API is of the OpenAI family: llama.cpp's, vLLM's or Ollama's `/v1/embeddings`
    /// too (a real llama-server showed the embedding model refused there).
    public override class func speaks(_ style: EndpointStyle) -> Bool {
        style.api is any OpenAIFamilyAPI
    }

    /// One vector per input (see ``EmbeddingWireFormat/embedAll(_:context:options:)``).
    public func embed(_ inputs: [String], context: RequestContext, options: EmbeddingOptions) async throws
        -> EmbeddingResponse
    {
        try await embedAll(inputs, context: context, options: options)
    }

    /// `embeddings` with `input`, `model`, `encoding_format`, `dimensions`, `user`, then `extraBody`.
    public func embeddingRequest(_ inputs: [String], options: EmbeddingOptions) throws(LLMError) -> ConnectorRequest {
        var body: [String: JSONValue] = [
            "input": .array(inputs.map(JSONValue.string)), "encoding_format": .string(encoding.rawValue),
        ]
        if let dimensions = options.dimensions { body["dimensions"] = .int(dimensions) }
        if let user = options.user { body["user"] = .string(user) }
        for (key, value) in options.extraBody ?? [:] { body[key] = value }
        let modelOverridden = options.extraBody?["model"] != nil
        let fallback = metadata.deploymentName
        let common = body
        return ConnectorRequest.perEndpoint(path: "embeddings") { endpoint in
            var perEndpoint = common
            if !modelOverridden { perEndpoint["model"] = .string(endpoint.deployment ?? fallback) }
            return Data(JSONValue.object(perEndpoint).jsonBytes)
        }
    }

    /// The `data` vectors by their `index`, and `usage`.
    public func parseEmbeddings(_ body: Data, info: ResponseInfo, count: Int) throws(LLMError) -> (
        vectors: [[Float]], usage: Usage?
    ) {
        func failure(_ message: String) -> LLMError {
            LLMError(code: .decoding, message: message, endpoint: info.endpoint, requestId: info.requestId)
        }
        guard let wire = try? OpenAIEmbeddingsWire.parse(body), let data = wire.data else {
            throw failure("the response is not an embedding list: \(WireExcerpt.of(body))")
        }
        var vectors = [[Float]?](repeating: nil, count: count)
        for (position, element) in data.enumerated() {
            if element.hasIndex, element.index.map(vectors.indices.contains) != true {
                throw failure("embedding \(position) has an index that is not one of 0..<\(count)")
            }
            let index = element.index ?? position
            guard vectors.indices.contains(index), vectors[index] == nil, let vector = element.vector else {
                throw failure("embedding \(position) has a missing, repeated or unreadable index or vector")
            }
            vectors[index] = vector
        }
        guard vectors.allSatisfy({ $0 != nil }) else {
            throw failure("the response has \(data.count) vectors for \(count) inputs")
        }
        let usage: Usage?
        do {
            let prompt = try WireCount.checked(wire.promptTokens, "prompt_tokens")
            usage = prompt.map {
                Usage(
                    promptTokens: $0, completionTokens: 0,
                    totalTokens: try? WireCount.checked(wire.totalTokens, "total_tokens"))
            }
        } catch {
            throw failure(error.message)
        }
        return (vectors.compactMap { $0 }, usage)
    }
}
