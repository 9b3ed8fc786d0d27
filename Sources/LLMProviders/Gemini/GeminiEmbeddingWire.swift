import Foundation
import LLMCore
import LLMSupport

/// Gemini's `{"embedding": {"values": [...]}}` (embedContent) or
/// `{"embeddings": [{"values": [...]}]}` (batchEmbedContents).
struct GeminiEmbeddingsWire: WireObject {
    var vectors: [[Float]]?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "embedding":
            vectors = [try parser.readMembers(GeminiValuesWire.self)?.values ?? []]
        case "embeddings":
            vectors = try parser.readElements(GeminiValuesWire.self)?.map { $0.values ?? [] }
        default: try parser.skipValue()
        }
    }
}

/// `{"values": [...]}`.
struct GeminiValuesWire: WireObject {
    var values: [Float]?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "values": values = try parser.readFloats()
        default: try parser.skipValue()
        }
    }
}
