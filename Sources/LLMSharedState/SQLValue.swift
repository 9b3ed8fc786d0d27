/// A value bound to, or read from, a statement of the SQL rate-limit store: the only types its
/// tables use.
public enum SQLValue: Sendable, Hashable {
    case text(String)
    case real(Double)
    case null

    /// A number, or null for nil.
    public static func real(_ value: Double?) -> SQLValue { value.map { .real($0) } ?? .null }

    /// The number this value holds, if any.
    public var double: Double? {
        if case .real(let value) = self { return value }
        return nil
    }

    /// The text this value holds, if any.
    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}
