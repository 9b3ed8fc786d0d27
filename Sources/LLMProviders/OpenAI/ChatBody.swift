public import LLMCore
import LLMSupport

/// A chat-completions request body under construction, for a model class's parameter transform.
///
/// ```swift
/// static func transform(_ body: inout ChatBody) {
///     body.rename("max_tokens", to: "max_completion_tokens")
///     body.remove("temperature")
/// }
/// ```
///
/// The library writes the messages straight to their wire bytes; they are read back into
/// ``LLMCore/JSONValue``s only when something asks for them (``fields``, the subscript, or
/// ``renameRole(_:to:)``), so a body no transform looks into is never built as a tree.
public struct ChatBody: Sendable, Hashable {
    /// The members sorted by key (the order they are written in), each key once.
    private var members: [Member]

    private struct Member: Sendable {
        var key: String
        var value: Value
    }

    private enum Value: Sendable {
        case json(JSONValue)
        /// Compact JSON with sorted keys, exactly as ``LLMCore/JSONValue/jsonBytes`` would write it.
        case encoded([UInt8])

        var json: JSONValue {
            switch self {
            case .json(let value): value
            case .encoded(let bytes): ChatBody.decode(bytes)
            }
        }
    }

    /// Reads back JSON the library encoded itself (so it always parses).
    static func decode(_ bytes: [UInt8]) -> JSONValue {
        guard let value = try? JSONParser.parse(bytes) else {
            preconditionFailure("the library encoded invalid JSON")
        }
        return value
    }

    /// Creates a body.
    public init(fields: [String: JSONValue] = [:]) {
        members = Self.sorted(fields)
    }

    /// An empty body with room for `capacity` members.
    init(capacity: Int) {
        members = []
        members.reserveCapacity(capacity)
    }

    /// The body's members, by wire name.
    public var fields: [String: JSONValue] {
        get { Dictionary(uniqueKeysWithValues: members.lazy.map { ($0.key, $0.value.json) }) }
        set { members = Self.sorted(newValue) }
    }

    private static func sorted(_ fields: [String: JSONValue]) -> [Member] {
        fields.map { Member(key: $0.key, value: .json($0.value)) }.sorted { $0.key < $1.key }
    }

    /// Reads or writes a member.
    public subscript(key: String) -> JSONValue? {
        get { members.first { $0.key == key }?.value.json }
        set { put(key, newValue.map(Value.json)) }
    }

    /// Sets a member to JSON the library has already encoded (compact, sorted keys).
    mutating func set(_ key: String, encoded bytes: [UInt8]) {
        put(key, .encoded(bytes))
    }

    /// Replaces, inserts (in key order) or removes a member.
    private mutating func put(_ key: String, _ value: Value?) {
        let index = members.firstIndex { $0.key >= key } ?? members.endIndex
        let found = index < members.endIndex && members[index].key == key
        switch (found, value) {
        case (true, let value?): members[index].value = value
        case (true, nil): members.remove(at: index)
        case (false, let value?): members.insert(Member(key: key, value: value), at: index)
        case (false, nil): break
        }
    }

    /// Moves a member to a new name, if present.
    public mutating func rename(_ key: String, to newKey: String) {
        guard let index = members.firstIndex(where: { $0.key == key }) else { return }
        put(newKey, members.remove(at: index).value)
    }

    /// Removes members, if present.
    public mutating func remove(_ keys: String...) {
        members.removeAll { keys.contains($0.key) }
    }

    /// Removes the members named in `keys`, if present.
    mutating func removeAll(_ keys: [String]) {
        members.removeAll { keys.contains($0.key) }
    }

    /// Changes the role of every message with role `from` (for example system to developer).
    public mutating func renameRole(_ from: String, to: String) {
        guard case .array(let messages) = self["messages"] else { return }
        self["messages"] = .array(
            messages.map { message in
                guard var object = message.objectValue, object["role"] == .string(from) else { return message }
                object["role"] = .string(to)
                return .object(object)
            })
    }

    /// The JSON bytes, with sorted keys so equal bodies are byte-identical.
    public var data: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        bytes.append(0x7B)
        for (index, member) in members.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            JSONValue.serialize(string: member.key, into: &bytes)
            bytes.append(0x3A)
            switch member.value {
            case .json(let value): value.serialize(into: &bytes)
            case .encoded(let encoded): bytes.append(contentsOf: encoded)
            }
        }
        bytes.append(0x7D)
        return bytes
    }

    /// Bodies are equal when their members are.
    public static func == (lhs: ChatBody, rhs: ChatBody) -> Bool {
        lhs.fields == rhs.fields
    }

    /// Hashes the members.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(fields)
    }
}
