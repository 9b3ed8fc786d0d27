import Foundation

/// Deterministic embeddings: each text's vector is unit-length noise seeded by the text, so equal
/// texts get equal vectors and tests can check order and identity. OpenAI's shape
/// (`{"object": "list", "data": [...], "usage"}`, floats or base64 float32) and Gemini's
/// (`embedContent`, `batchEmbedContents`).
enum EmbeddingsResponder {
    /// The vector of `text` with `dimensions` values.
    static func vector(_ text: String, dimensions: Int) -> [Float] {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var random = SplitMix64(seed: hash)
        let values = (0..<max(1, dimensions)).map { _ in Float.random(in: -1...1, using: &random) }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return values.map { $0 / max(norm, .leastNormalMagnitude) }
    }

    /// The default length of a model's vectors.
    static func dimensions(model: String) -> Int {
        switch model {
        case "text-embedding-3-large", "gemini-embedding-001": 3_072
        case "text-embedding-3-small", "text-embedding-ada-002": 1_536
        default: 384
        }
    }

    /// An OpenAI embeddings answer, or the 400 the API gives for bad input.
    static func openAI(_ request: [String: Any], model: String) -> (status: Int, body: Data) {
        let inputs: [String]
        if let text = request["input"] as? String {
            inputs = [text]
        } else if let list = request["input"] as? [String], !list.isEmpty, list.count <= 2_048 {
            inputs = list
        } else {
            return (
                400,
                ChatResponder.errorBody(
                    status: 400, message: "'input' must be a string or an array of 1 to 2048 strings", code: nil)
            )
        }
        if inputs.contains(where: \.isEmpty) {
            return (
                400, ChatResponder.errorBody(status: 400, message: "'input' cannot contain an empty string", code: nil)
            )
        }
        let dimensions = request["dimensions"] as? Int ?? Self.dimensions(model: model)
        let base64 = request["encoding_format"] as? String == "base64"
        let data: [[String: Any]] = inputs.enumerated().map { index, text in
            let vector = vector(text, dimensions: dimensions)
            let embedding: Any =
                base64
                ? vector.withUnsafeBufferPointer { Data(buffer: $0) }.base64EncodedString()
                : vector.map(Double.init)
            return ["object": "embedding", "index": index, "embedding": embedding]
        }
        let tokens = inputs.reduce(0) { $0 + max(1, $1.split(separator: " ").count) }
        return (
            200,
            ChatResponder.json([
                "object": "list", "data": data, "model": model,
                "usage": ["prompt_tokens": tokens, "total_tokens": tokens],
            ])
        )
    }

    /// A Gemini `embedContent` or `batchEmbedContents` answer, or the 400 the API gives.
    static func gemini(_ request: [String: Any], method: String, model: String) -> (status: Int, body: Data) {
        func values(_ request: [String: Any]) -> [Double]? {
            let parts = (request["content"] as? [String: Any])?["parts"] as? [[String: Any]] ?? []
            let text = parts.compactMap { $0["text"] as? String }.joined(separator: " ")
            guard !text.isEmpty else { return nil }
            let dimensions = request["outputDimensionality"] as? Int ?? Self.dimensions(model: model)
            return vector(text, dimensions: dimensions).map(Double.init)
        }
        let invalid = GeminiResponder.errorBody(
            code: 400, status: "INVALID_ARGUMENT", message: "* EmbedContentRequest.content: contents is not specified")
        if method == "embedContent" {
            guard let vector = values(request) else { return (400, invalid) }
            return (200, ChatResponder.json(["embedding": ["values": vector]]))
        }
        let requests = request["requests"] as? [[String: Any]] ?? []
        guard !requests.isEmpty, requests.count <= 100 else {
            return (
                400,
                GeminiResponder.errorBody(
                    code: 400, status: "INVALID_ARGUMENT",
                    message: "* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch")
            )
        }
        var vectors: [[String: Any]] = []
        for item in requests {
            guard item["model"] as? String == "models/\(model)" else {
                return (
                    400,
                    GeminiResponder.errorBody(
                        code: 400, status: "INVALID_ARGUMENT",
                        message: "Model '\(item["model"] as? String ?? "")' in a request does not match models/\(model)"
                    )
                )
            }
            guard let vector = values(item) else { return (400, invalid) }
            vectors.append(["values": vector])
        }
        return (200, ChatResponder.json(["embeddings": vectors]))
    }
}
