import LLMCore
import LLMSupport

/// A wire type read member by member: it starts empty and each member updates it.
protocol WireObject {
    init()
    /// Reads (or skips) the value of member `key`.
    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure)
}

extension JSONParser {
    /// An object read into `Wire`, or nil (the value skipped) when the value is not an object.
    mutating func readMembers<Wire: WireObject>(_: Wire.Type) throws(Failure) -> Wire? {
        var wire = Wire()
        let isObject = try readObject { parser, key throws(Failure) in try wire.read(member: key, from: &parser) }
        return isObject ? wire : nil
    }

    /// An array of `Wire` (an element that is not an object reads empty), or nil when the value is
    /// not an array.
    mutating func readElements<Wire: WireObject>(_: Wire.Type) throws(Failure) -> [Wire]? {
        var elements: [Wire] = []
        let isArray = try readArray { parser throws(Failure) in
            elements.append(try parser.readMembers(Wire.self) ?? Wire())
        }
        return isArray ? elements : nil
    }
}

extension WireObject {
    /// Reads a whole body or event into this type; nil when the JSON is not an object.
    static func parse<Bytes: Sequence>(_ bytes: Bytes) throws(JSONParser.Failure) -> Self?
    where Bytes.Element == UInt8 {
        try JSONParser.read(bytes) { parser throws(JSONParser.Failure) in try parser.readMembers(Self.self) }
    }
}
