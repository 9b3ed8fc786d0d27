import Foundation
import LLMCore
import LLMSupport

// OpenAI's embedding answers, read with the pull parser.

/// OpenAI's `{"object": "list", "data": [{"index", "embedding"}], "model", "usage"}`; an
/// `embedding` is an array of numbers, or base64 of little-endian float32 values.
struct OpenAIEmbeddingsWire: WireObject {
    var data: [OpenAIEmbeddingWire]?
    var model: String?
    var promptTokens: WireCount?
    var totalTokens: WireCount?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "data": data = try parser.readElements(OpenAIEmbeddingWire.self)
        case "model": model = try parser.readString()
        case "usage":
            try parser.readObject { parser, key throws(JSONParser.Failure) in
                switch key {
                case "prompt_tokens": promptTokens = try parser.readCount()
                case "total_tokens": totalTokens = try parser.readCount()
                default: try parser.skipValue()
                }
            }
        default: try parser.skipValue()
        }
    }
}

/// One `data` element.
struct OpenAIEmbeddingWire: WireObject {
    var index: Int?
    /// Whether an `index` was sent (one that is not a whole number fitting an Int reads as nil).
    var hasIndex = false
    var floats: [Float]?
    var base64: String?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "index":
            hasIndex = true
            index = try parser.readInt()
        case "embedding":
            if let text = try parser.readStringOrFloats(into: &floats) { base64 = text }
        default: try parser.skipValue()
        }
    }

    /// The vector, from numbers or base64 float32 (nil when it is neither).
    var vector: [Float]? {
        if let floats { return floats }
        guard let base64, let data = Data(base64Encoded: base64), data.count % 4 == 0 else { return nil }
        return data.withUnsafeBytes { raw in
            (0..<data.count / 4).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
    }
}

extension JSONParser {
    /// A string (returned), or an array of numbers (into `floats`); anything else is skipped.
    mutating func readStringOrFloats(into floats: inout [Float]?) throws(Failure) -> String? {
        if nextIsString { return try readString() }
        floats = try readFloats()
        return nil
    }
}
