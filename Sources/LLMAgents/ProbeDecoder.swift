import LLMCore

/// The probing `Decoder`: it answers every request with a placeholder and records what the type's
/// `init(from:)` asked for, from which ``schema(of:)`` builds the type's JSON Schema.
final class ProbeDecoder: Decoder {
    /// A property's schema, or the decoder of a nested container whose schema comes later.
    enum Entry {
        case schema(JSONValue)
        case nested(ProbeDecoder)
    }

    /// What the type's `init(from:)` asked for.
    enum Shape {
        case none
        case keyed
        case unkeyed
        case single
    }

    let probe: SchemaProbe
    let path: [String]
    var codingPath: [any CodingKey] { path.map { ProbeKey(stringValue: $0) } }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private(set) var shape = Shape.none
    /// Keyed: the properties in the order asked for, with whether they were optional.
    var properties: [(key: String, entry: Entry, optional: Bool)] = []
    /// Unkeyed or single: the one element or value.
    var element: Entry?

    init(probe: SchemaProbe, path: [String]) {
        self.probe = probe
        self.path = path
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try claim(.keyed)
        return KeyedDecodingContainer(KeyedProbe<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try claim(.unkeyed)
        return UnkeyedProbe(decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        try claim(.single)
        return SingleProbe(decoder: self)
    }

    private func claim(_ wanted: Shape) throws {
        guard shape == .none || shape == wanted else {
            throw SchemaProbe.unsupported(
                Self.self, path: path, "its init(from:) asks for two kinds of container",
                hint: "give the type a hand-written schema with CustomJSONSchema")
        }
        shape = wanted
    }

    /// Probes `type` at `key` (a child path) and records it.
    func record<T: Decodable>(_ type: T.Type, key: String?, optional: Bool) throws -> T {
        let probed = try probe.schema(for: type, path: key.map { path + [$0] } ?? path)
        if let key {
            properties.append((key, .schema(probed.schema), optional))
        } else {
            element = .schema(probed.schema)
        }
        return probed.placeholder
    }

    /// A decoder for a nested container at `key` (or the element, when nil).
    func nested(key: String?) -> ProbeDecoder {
        let child = ProbeDecoder(probe: probe, path: key.map { path + [$0] } ?? path)
        if let key {
            properties.append((key, .nested(child), false))
        } else {
            element = .nested(child)
        }
        return child
    }

    /// The schema of what was recorded.
    func schema<T>(of type: T.Type) throws -> JSONValue {
        func resolve(_ entry: Entry) throws -> JSONValue {
            switch entry {
            case .schema(let schema): schema
            case .nested(let decoder): try decoder.schema(of: T.self)
            }
        }
        switch shape {
        case .none, .keyed:
            var members: [String: JSONValue] = [:]
            var required: [JSONValue] = []
            for property in properties where members[property.key] == nil {
                let schema = try resolve(property.entry)
                members[property.key] = property.optional ? SchemaProbe.nullable(schema) : schema
                required.append(.string(property.key))
            }
            return [
                "type": "object", "properties": .object(members), "required": .array(required),
                "additionalProperties": false,
            ]
        case .unkeyed:
            guard let element else {
                throw SchemaProbe.unsupported(
                    T.self, path: path, "its init(from:) reads a list but no element",
                    hint: "give the type a hand-written schema with CustomJSONSchema")
            }
            return ["type": "array", "items": try resolve(element)]
        case .single:
            guard let element else {
                throw SchemaProbe.unsupported(
                    T.self, path: path, "its init(from:) reads no value",
                    hint: "give the type a hand-written schema with CustomJSONSchema")
            }
            return try resolve(element)
        }
    }
}

/// A coding key for paths.
struct ProbeKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// The keyed container of ``ProbeDecoder``: every key is present and not null.
struct KeyedProbe<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: ProbeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { [] }
    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.record(type, key: key.stringValue, optional: false)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        _ = try decoder.record(type, key: key.stringValue, optional: true)
        return nil
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try decoder.record(type, key: key.stringValue, optional: false)
    }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        _ = try decoder.record(type, key: key.stringValue, optional: true)
        return nil
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try decoder.record(type, key: key.stringValue, optional: false)
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        _ = try decoder.record(type, key: key.stringValue, optional: true)
        return nil
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try decoder.record(type, key: key.stringValue, optional: false)
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        _ = try decoder.record(type, key: key.stringValue, optional: true)
        return nil
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try decoder.record(type, key: key.stringValue, optional: false)
    }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        _ = try decoder.record(type, key: key.stringValue, optional: true)
        return nil
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try decoder.record(type, key: key.stringValue, optional: false)
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        _ = try decoder.record(type, key: key.stringValue, optional: true)
        return nil
    }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try decoder.record(type, key: key.stringValue, optional: false)
    }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? {
        _ = try decoder.record(type, key: key.stringValue, optional: true)
        return nil
    }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try decoder.record(type, key: key.stringValue, optional: false)
    }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? {
        _ = try decoder.record(type, key: key.stringValue, optional: true)
        return nil
    }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try decoder.record(type, key: key.stringValue, optional: false)
    }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        _ = try decoder.record(type, key: key.stringValue, optional: true)
        return nil
    }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try decoder.record(type, key: key.stringValue, optional: false)
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        _ = try decoder.record(type, key: key.stringValue, optional: true)
        return nil
    }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try decoder.record(type, key: key.stringValue, optional: false)
    }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? {
        _ = try decoder.record(type, key: key.stringValue, optional: true)
        return nil
    }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try decoder.record(type, key: key.stringValue, optional: false)
    }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? {
        _ = try decoder.record(type, key: key.stringValue, optional: true)
        return nil
    }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try decoder.record(type, key: key.stringValue, optional: false)
    }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? {
        _ = try decoder.record(type, key: key.stringValue, optional: true)
        return nil
    }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try decoder.record(type, key: key.stringValue, optional: false)
    }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
        _ = try decoder.record(type, key: key.stringValue, optional: true)
        return nil
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try decoder.record(type, key: key.stringValue, optional: false)
    }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
        _ = try decoder.record(type, key: key.stringValue, optional: true)
        return nil
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try decoder.nested(key: key.stringValue).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.nested(key: key.stringValue).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder.nested(key: "super") }
    func superDecoder(forKey key: Key) throws -> any Decoder { decoder.nested(key: key.stringValue) }
}

/// The unkeyed container of ``ProbeDecoder``: one element, then the end.
struct UnkeyedProbe: UnkeyedDecodingContainer {
    let decoder: ProbeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { nil }
    var isAtEnd: Bool { decoder.element != nil }
    var currentIndex: Int { isAtEnd ? 1 : 0 }
    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.record(type, key: nil, optional: false)
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try decoder.record(type, key: nil, optional: false) }
    mutating func decode(_ type: String.Type) throws -> String { try decoder.record(type, key: nil, optional: false) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decoder.record(type, key: nil, optional: false) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decoder.record(type, key: nil, optional: false) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decoder.record(type, key: nil, optional: false) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decoder.record(type, key: nil, optional: false) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decoder.record(type, key: nil, optional: false) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decoder.record(type, key: nil, optional: false) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decoder.record(type, key: nil, optional: false) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decoder.record(type, key: nil, optional: false) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.record(type, key: nil, optional: false) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.record(type, key: nil, optional: false) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.record(type, key: nil, optional: false) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.record(type, key: nil, optional: false) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try decoder.nested(key: nil).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try decoder.nested(key: nil).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { decoder.nested(key: nil) }
}

/// The single-value container of ``ProbeDecoder``: the value is never null.
struct SingleProbe: SingleValueDecodingContainer {
    let decoder: ProbeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.record(type, key: nil, optional: false)
    }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.record(type, key: nil, optional: false) }
    func decode(_ type: String.Type) throws -> String { try decoder.record(type, key: nil, optional: false) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.record(type, key: nil, optional: false) }
    func decode(_ type: Float.Type) throws -> Float { try decoder.record(type, key: nil, optional: false) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.record(type, key: nil, optional: false) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.record(type, key: nil, optional: false) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.record(type, key: nil, optional: false) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.record(type, key: nil, optional: false) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.record(type, key: nil, optional: false) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.record(type, key: nil, optional: false) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.record(type, key: nil, optional: false) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.record(type, key: nil, optional: false) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.record(type, key: nil, optional: false) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.record(type, key: nil, optional: false) }
}
