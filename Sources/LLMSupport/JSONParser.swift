import Foundation

/// A small, fast JSON reader over UTF-8 bytes (RFC 8259). It works on the bytes in place (no copy
/// of the input) and serves two uses:
///
/// - LLMCore's `JSONParser.parse(_:)` builds a whole `JSONValue` from the pull API; integers that
///   fit in `Int` stay whole, other numbers are `Double`s (``Number``).
/// - The pull API (``readObject(_:)``, ``readArray(_:)``, ``readString()``, ``skipValue()``, ...)
///   reads only the members a caller asks for and validates the rest without building anything: the
///   response and stream hot paths read every chat completion and chunk with it.
///
/// A parser only lives inside ``read(_:_:)``, which lends it the input's bytes.
package struct JSONParser {
    /// Why parsing stopped, with the byte offset.
    package struct Failure: Error, CustomStringConvertible {
        package var offset: Int
        package var reason: String

        package var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    /// An object member's name, compared with literals without building a `String` (unless the
    /// name contains escapes).
    package enum Key {
        case raw(UnsafeBufferPointer<UInt8>)
        case decoded(String)

        /// Whether the name is `name`.
        @inlinable
        package static func ~= (name: StaticString, key: Key) -> Bool {
            switch key {
            case .raw(let bytes):
                guard bytes.count == name.utf8CodeUnitCount else { return false }
                for offset in 0..<bytes.count where bytes[offset] != name.utf8Start[offset] { return false }
                return true
            case .decoded(let text):
                return text.utf8.elementsEqual(
                    UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            }
        }

        /// The name as a string.
        package var string: String {
            switch self {
            case .raw(let bytes): String(decoding: bytes, as: UTF8.self)
            case .decoded(let text): text
            }
        }
    }

    /// A JSON number: whole when it fits in `Int`, else a `Double`.
    package enum Number: Equatable {
        case int(Int)
        case double(Double)

        /// The number as an `Int` when it is a whole one that fits (`3.0` and `1e3` are whole):
        /// the one rule of the pull API's ``JSONParser/readInt()`` and `JSONValue.intValue`.
        package var intValue: Int? {
            switch self {
            case .int(let value): value
            case .double(let value) where value == value.rounded() && abs(value) < 9e15: Int(value)
            default: nil
            }
        }
    }

    /// What the next value is, by its first byte.
    package enum Kind {
        case object, array, string, bool, null, number
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    private static let maxDepth = 512

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Lends `body` a parser over `input`; after `body` returns, only whitespace may remain.
    package static func read<Bytes: Sequence, Value>(
        _ input: Bytes, _ body: (inout JSONParser) throws(Failure) -> Value
    ) throws(Failure) -> Value where Bytes.Element == UInt8 {
        var value: Value?
        func run(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<Void, Failure> {
            Result { () throws(Failure) in try read(buffer) { parser throws(Failure) in value = try body(&parser) } }
        }
        try (input.withContiguousStorageIfAvailable(run) ?? Array(input).withUnsafeBufferPointer(run)).get()
        return value!
    }

    /// Lends `body` a parser over `buffer`; after `body` returns, only whitespace may remain.
    package static func read(
        _ buffer: UnsafeBufferPointer<UInt8>, _ body: (inout JSONParser) throws(Failure) -> Void
    ) throws(Failure) {
        var parser = JSONParser(buffer)
        parser.skipWhitespace()
        try body(&parser)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.failure("unexpected data after the value") }
    }

    // MARK: - Pull API

    /// Reads an object, calling `member` with each member's name; `member` must read or skip the
    /// value. A value that is not an object is skipped. Returns whether it was an object.
    @discardableResult
    package mutating func readObject(_ member: (inout JSONParser, Key) throws(Failure) -> Void) throws(Failure)
        -> Bool
    {
        try readContainer(open: 0x7B, close: 0x7D) { parser throws(Failure) in
            let key = try parser.memberName()
            try member(&parser, key)
        }
    }

    /// Reads an array, calling `element` for each element; `element` must read or skip it. A value
    /// that is not an array is skipped. Returns whether it was an array.
    @discardableResult
    package mutating func readArray(_ element: (inout JSONParser) throws(Failure) -> Void) throws(Failure) -> Bool {
        try readContainer(open: 0x5B, close: 0x5D, element)
    }

    /// An object or array: `item` reads each member or element between the commas. A value that
    /// does not start with `open` is skipped (returns false).
    @inline(__always)
    private mutating func readContainer(
        open: UInt8, close: UInt8, _ item: (inout JSONParser) throws(Failure) -> Void
    ) throws(Failure) -> Bool {
        guard index < bytes.count else { throw failure("unexpected end") }
        guard bytes[index] == open else {
            try skipValue()
            return false
        }
        try enter()
        defer { depth -= 1 }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == close {
            index += 1
            return true
        }
        while true {
            skipWhitespace()
            try item(&self)
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end") }
            if bytes[index] == 0x2C {
                index += 1
            } else if bytes[index] == close {
                index += 1
                return true
            } else {
                throw failure(close == 0x7D ? "expected ',' or '}'" : "expected ',' or ']'")
            }
        }
    }

    /// The string, or nil (the value skipped) when the value is not a string.
    package mutating func readString() throws(Failure) -> String? {
        guard index < bytes.count else { throw failure("unexpected end") }
        guard bytes[index] == 0x22 else {
            try skipValue()
            return nil
        }
        return try string()
    }

    /// The whole number, or nil (the value skipped) when the value is not one that fits in `Int`
    /// (the same rule as LLMCore's `JSONValue.intValue`: `3.0` and `1e3` are whole).
    package mutating func readInt() throws(Failure) -> Int? {
        try readNumber()?.intValue
    }

    /// Whether the next value is a string.
    package var nextIsString: Bool { index < bytes.count && bytes[index] == 0x22 }

    /// What the next value is (a number is only checked when read).
    /// - Throws: ``Failure`` at the end of the input.
    package func nextKind() throws(Failure) -> Kind {
        guard index < bytes.count else { throw failure("unexpected end") }
        switch bytes[index] {
        case 0x7B: return .object
        case 0x5B: return .array
        case 0x22: return .string
        case 0x74, 0x66: return .bool
        case 0x6E: return .null
        default: return .number
        }
    }

    /// The number, or nil (the value skipped) when the value is not a number.
    package mutating func readNumber() throws(Failure) -> Number? {
        guard index < bytes.count else { throw failure("unexpected end") }
        let byte = bytes[index]
        guard byte == 0x2D || (0x30...0x39).contains(byte) else {
            try skipValue()
            return nil
        }
        return try number()
    }

    /// The number as a `Double`, or nil (the value skipped) when the value is not a number.
    package mutating func readDouble() throws(Failure) -> Double? {
        switch try readNumber() {
        case .int(let value)?: return Double(value)
        case .double(let value)?: return value
        case nil: return nil
        }
    }

    /// An array of numbers as `Float`s (an embedding vector), or nil (the value skipped) when the
    /// value is not an array.
    /// - Throws: ``Failure`` for an element that is not a number.
    package mutating func readFloats() throws(Failure) -> [Float]? {
        var values: [Float] = []
        let isArray = try readArray { parser throws(Failure) in
            guard let value = try parser.readDouble() else { throw parser.failure("expected a number") }
            values.append(Float(value))
        }
        return isArray ? values : nil
    }

    /// The Boolean, or nil (the value skipped) when the value is not `true` or `false`.
    package mutating func readBool() throws(Failure) -> Bool? {
        guard index < bytes.count else { throw failure("unexpected end") }
        switch bytes[index] {
        case 0x74:
            try literal("true")
            return true
        case 0x66:
            try literal("false")
            return false
        default:
            try skipValue()
            return nil
        }
    }

    /// Checks the value's syntax and steps over it without building it.
    package mutating func skipValue() throws(Failure) {
        guard index < bytes.count else { throw failure("unexpected end") }
        switch bytes[index] {
        case 0x7B: try readObject { parser, _ throws(Failure) in try parser.skipValue() }
        case 0x5B: try readArray { parser throws(Failure) in try parser.skipValue() }
        case 0x22: try skipString()
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        default: _ = try number()
        }
    }

    // MARK: - Pieces

    private func failure(_ reason: String) -> Failure {
        Failure(offset: index, reason: reason)
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        guard depth <= Self.maxDepth else { throw failure("nesting too deep") }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count,
            bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
        {
            index += 1
        }
    }

    private mutating func memberName() throws(Failure) -> Key {
        guard index < bytes.count, bytes[index] == 0x22 else { throw failure("expected a member name") }
        let start = index + 1
        var end = start
        while end < bytes.count, bytes[end] != 0x22, bytes[end] != 0x5C, bytes[end] >= 0x20, bytes[end] < 0x80 {
            end += 1
        }
        let key: Key
        if end < bytes.count, bytes[end] == 0x22 {
            key = .raw(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            index = end + 1
        } else {
            key = .decoded(try string())
        }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == 0x3A else { throw failure("expected ':'") }
        index += 1
        skipWhitespace()
        return key
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("unexpected end") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw failure("invalid literal")
        }
        index += count
    }

    /// Steps over a string, checking escapes and control characters (not UTF-8: the bytes are not
    /// decoded).
    private mutating func skipString() throws(Failure) {
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                index += 1
                return
            }
            guard byte >= 0x20 else { throw failure("control character in string") }
            if byte == 0x5C {
                index += 1
                guard index < bytes.count else { break }
                switch bytes[index] {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: index += 1
                case 0x75:
                    index += 1
                    _ = try hex4()
                default: throw failure("invalid escape")
                }
            } else {
                index += 1
            }
        }
        throw failure("unterminated string")
    }

    private mutating func string() throws(Failure) -> String {
        index += 1  // the opening quote
        let start = index
        // Fast path: no escapes.
        while index < bytes.count, bytes[index] != 0x22, bytes[index] != 0x5C, bytes[index] >= 0x20 { index += 1 }
        guard index < bytes.count else { throw failure("unterminated string") }
        if bytes[index] == 0x22 {
            defer { index += 1 }
            return try validated(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        }
        var scalars = Array(bytes[start..<index])
        while true {
            guard index < bytes.count else { throw failure("unterminated string") }
            let byte = bytes[index]
            if byte == 0x22 {
                index += 1
                return try scalars.withUnsafeBufferPointer { buffer throws(Failure) in try validated(buffer) }
            }
            guard byte >= 0x20 else { throw failure("control character in string") }
            if byte != 0x5C {
                scalars.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { throw failure("unterminated escape") }
            let escape = bytes[index]
            index += 1
            switch escape {
            case 0x22, 0x5C, 0x2F: scalars.append(escape)
            case 0x62: scalars.append(0x08)
            case 0x66: scalars.append(0x0C)
            case 0x6E: scalars.append(0x0A)
            case 0x72: scalars.append(0x0D)
            case 0x74: scalars.append(0x09)
            case 0x75:
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code) {
                    // A high surrogate must be followed by \u and a low surrogate.
                    guard index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else {
                        throw failure("unpaired surrogate")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(code) {
                    throw failure("unpaired surrogate")
                }
                guard let scalar = Unicode.Scalar(code) else { throw failure("invalid code point") }
                UTF8.encode(scalar) { scalars.append($0) }
            default:
                throw failure("invalid escape")
            }
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw failure("invalid hex digit")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private func validated(_ slice: UnsafeBufferPointer<UInt8>) throws(Failure) -> String {
        // ASCII (the common case) needs no validation.
        var ascii = true
        for byte in slice where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii { return String(decoding: slice, as: UTF8.self) }
        let text: String?
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, *) {
            text = String(validating: slice, as: UTF8.self)
        } else {
            text = String(bytes: slice, encoding: .utf8)
        }
        guard let text else { throw failure("invalid UTF-8 in string") }
        return text
    }

    private mutating func number() throws(Failure) -> Number {
        let start = index
        var isInteger = true
        var negative = false
        if index < bytes.count, bytes[index] == 0x2D {
            negative = true
            index += 1
        }
        guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else { throw failure("invalid value") }
        let digitsStart = index
        if bytes[index] == 0x30 {
            index += 1
        } else {
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
        }
        let digitsEnd = index
        if index < bytes.count, bytes[index] == 0x2E {
            isInteger = false
            index += 1
            guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else { throw failure("invalid number") }
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else { throw failure("invalid exponent") }
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
        }
        // Up to 18 digits always fit in Int: accumulate them without building a string.
        if isInteger, digitsEnd - digitsStart <= 18 {
            var value = 0
            for position in digitsStart..<digitsEnd { value = value * 10 + Int(bytes[position] - 0x30) }
            return .int(negative ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let value = Int(text) { return .int(value) }
        guard let value = Double(text) else { throw failure("invalid number") }
        return .double(value)
    }
}
