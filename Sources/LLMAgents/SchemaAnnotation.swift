public import LLMCore

/// A description and constraints for one property (or, under the key `""`, for the type itself).
///
/// A string literal is a description: `"city": "The city's name"`. Constraints chain:
/// `SchemaAnnotation("Days ahead").minimum(1).maximum(7)`. They become the JSON Schema keywords of
/// the same names; what each API accepts of them is checked by ``JSONSchema/problems(in:for:)``.
public struct SchemaAnnotation: Sendable, Hashable, ExpressibleByStringLiteral {
    /// The JSON Schema keywords this annotation adds (`description`, `minimum`, ...).
    public var keywords: [String: JSONValue]

    /// An annotation with a description (nil: constraints only).
    public init(_ description: String? = nil) {
        keywords = description.map { ["description": .string($0)] } ?? [:]
    }

    /// A description.
    public init(stringLiteral value: String) {
        self.init(value)
    }

    private func adding(_ keyword: String, _ value: JSONValue) -> SchemaAnnotation {
        var copy = self
        copy.keywords[keyword] = value
        return copy
    }

    /// The smallest number allowed.
    public func minimum(_ value: Double) -> SchemaAnnotation { adding("minimum", Self.number(value)) }
    /// The largest number allowed.
    public func maximum(_ value: Double) -> SchemaAnnotation { adding("maximum", Self.number(value)) }
    /// The fewest characters allowed.
    public func minLength(_ value: Int) -> SchemaAnnotation { adding("minLength", .int(value)) }
    /// The most characters allowed.
    public func maxLength(_ value: Int) -> SchemaAnnotation { adding("maxLength", .int(value)) }
    /// A regular expression the string must match.
    public func pattern(_ value: String) -> SchemaAnnotation { adding("pattern", .string(value)) }
    /// A string format (`email`, `date`, `time`, `uuid`, ...).
    public func format(_ value: String) -> SchemaAnnotation { adding("format", .string(value)) }
    /// The fewest array elements allowed.
    public func minItems(_ value: Int) -> SchemaAnnotation { adding("minItems", .int(value)) }
    /// The most array elements allowed.
    public func maxItems(_ value: Int) -> SchemaAnnotation { adding("maxItems", .int(value)) }

    private static func number(_ value: Double) -> JSONValue {
        value == value.rounded() && abs(value) < 9e15 ? .int(Int(value)) : .double(value)
    }
}

/// Annotations by property name (the JSON key); `""` annotates the type itself.
public typealias SchemaAnnotations = [String: SchemaAnnotation]

/// A type that adds descriptions and constraints to the schema derived from it.
///
/// Every key must name a property the type decodes (or be `""`); a key that names none is an
/// error when the schema is derived, so a renamed property cannot leave a stale annotation behind.
public protocol SchemaAnnotated {
    /// The annotations, by JSON key.
    static var schemaAnnotations: SchemaAnnotations { get }
}

/// A type that gives its own JSON Schema instead of the derived one (a custom `init(from:)`, a
/// dictionary, a recursive type). Its `init(from:)` must still succeed on the probing decoder's
/// placeholder values (empty strings, zeros, `false`, empty containers).
public protocol CustomJSONSchema {
    /// The schema of the type's JSON.
    static var jsonSchema: JSONValue { get }
}
