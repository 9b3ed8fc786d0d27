package import LLMSupport

extension JSONParser {
    /// Parses one complete JSON text (surrounding whitespace allowed) into a ``JSONValue``.
    package static func parse<Bytes: Sequence>(_ input: Bytes) throws(Failure) -> JSONValue
    where Bytes.Element == UInt8 {
        try read(input) { parser throws(Failure) in try parser.readValue() }
    }

    /// Reads the whole value: integers that fit in `Int` stay `.int`, other numbers are `.double`.
    package mutating func readValue() throws(Failure) -> JSONValue {
        switch try nextKind() {
        case .object:
            var members: [String: JSONValue] = [:]
            try readObject { parser, key throws(Failure) in members[key.string] = try parser.readValue() }
            return .object(members)
        case .array:
            var elements: [JSONValue] = []
            try readArray { parser throws(Failure) in elements.append(try parser.readValue()) }
            return .array(elements)
        case .string: return try readString().map(JSONValue.string) ?? .null
        case .bool: return try readBool().map(JSONValue.bool) ?? .null
        case .null:
            try skipValue()
            return .null
        case .number:
            switch try readNumber() {
            case .int(let value)?: return .int(value)
            case .double(let value)?: return .double(value)
            case nil: return .null
            }
        }
    }
}
