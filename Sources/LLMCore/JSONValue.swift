public import Foundation
import LLMSupport

/// Any JSON value: tool parameter schemas, `extraBody` passthrough and raw provider fields.
public enum JSONValue: Sendable, Hashable, Codable {
    /// `null`
    case null
    /// `true` / `false`
    case bool(Bool)
    /// A whole number that fits in 64 bits.
    case int(Int)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Encodes the value as JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses JSON text (UTF-8 bytes) with the library's fast parser.
    /// - Throws: an error giving the byte offset and what was wrong.
    public init(parsing data: Data) throws {
        self = try JSONParser.parse(data)
    }

    /// Parses JSON text given as a string.
    public init(parsing text: String) throws {
        self = try JSONParser.parse(text.utf8)
    }

    /// Compact JSON text with sorted keys, so equal values print equally.
    public var jsonString: String {
        String(decoding: jsonBytes, as: UTF8.self)
    }

    /// Compact JSON as UTF-8 bytes with sorted keys (no escaped slashes; non-finite numbers as null).
    public var jsonBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        serialize(into: &bytes)
        return bytes
    }

    /// Appends this value's compact JSON. A hand-written serializer: the request hot path encodes
    /// every body with it, several times faster than `JSONEncoder`.
    public func serialize(into bytes: inout [UInt8]) {
        switch self {
        case .null:
            Self.append("null", to: &bytes)
        case .bool(let value):
            Self.append(value ? "true" : "false", to: &bytes)
        case .int(let value):
            Self.append(value, to: &bytes)
        case .double(let value):
            guard value.isFinite else {
                Self.append("null", to: &bytes)
                return
            }
            if value == value.rounded(), abs(value) < 1e15 {
                Self.append(Int(value), to: &bytes)
            } else {
                bytes.append(contentsOf: "\(value)".utf8)
            }
        case .string(let value):
            Self.serialize(string: value, into: &bytes)
        case .array(let values):
            bytes.append(0x5B)
            for (index, value) in values.enumerated() {
                if index > 0 { bytes.append(0x2C) }
                value.serialize(into: &bytes)
            }
            bytes.append(0x5D)
        case .object(let members):
            bytes.append(0x7B)
            // The members' positions, sorted by key in a stack buffer: no copied pairs, no array.
            withUnsafeTemporaryAllocation(of: Dictionary<String, JSONValue>.Index.self, capacity: members.count) {
                buffer in
                var order = buffer
                _ = order.initialize(from: members.indices)
                order.sort { members[$0].key < members[$1].key }
                for (index, position) in order.enumerated() {
                    if index > 0 { bytes.append(0x2C) }
                    Self.serialize(string: members[position].key, into: &bytes)
                    bytes.append(0x3A)
                    members[position].value.serialize(into: &bytes)
                }
                order.deinitialize()
            }
            bytes.append(0x7D)
        }
    }

    private static func append(_ literal: StaticString, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends an integer's decimal digits without building a string.
    private static func append(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(0x2D) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var position = digits.count
            repeat {
                position -= 1
                digits[position] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: digits[position...])
        }
    }

    /// Appends a string as a JSON string literal (quoted, escaped).
    package static func serialize(string: String, into bytes: inout [UInt8]) {
        bytes.append(0x22)
        var string = string
        string.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
                case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
                case 0x08: bytes.append(contentsOf: [0x5C, 0x62])
                case 0x0C: bytes.append(contentsOf: [0x5C, 0x66])
                default:
                    let hex: StaticString = "0123456789abcdef"
                    bytes.append(contentsOf: [
                        0x5C, 0x75, 0x30, 0x30, hex.utf8Start[Int(byte >> 4)], hex.utf8Start[Int(byte & 0x0F)],
                    ])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(0x22)
    }

    /// The object's members, or nil when this is not an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The string, or nil when this is not a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements, or nil when this is not an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The integer, or nil when this is not a whole number that fits in `Int`.
    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value): return JSONParser.Number.double(value).intValue
        default: return nil
        }
    }

    /// The Boolean, or nil when this is not `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// `nil` is JSON `null`.
    public init(nilLiteral: ()) { self = .null }
    /// A Boolean literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A floating-point literal.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A string literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array literal.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A dictionary literal; a repeated key keeps the last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
