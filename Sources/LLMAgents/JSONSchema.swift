public import Foundation
public import LLMCore

/// JSON Schemas derived from Swift types, checked against each API's rules, and used to validate
/// answers.
///
/// ```swift
/// struct Forecast: Codable, SchemaAnnotated {
///     enum Unit: String, Codable, CaseIterable { case celsius, fahrenheit }
///     var city: String
///     var unit: Unit
///     var highs: [Double]
///     var note: String?
///     static let schemaAnnotations: SchemaAnnotations = [
///         "": "A weather forecast",
///         "city": SchemaAnnotation("The city's name").minLength(1),
///         "highs": SchemaAnnotation("Daily highs, today first").maxItems(7),
///     ]
/// }
/// let schema = try JSONSchema.derive(Forecast.self)
/// ```
///
/// The schema is derived by decoding the type once with a probing decoder that records every key
/// and type its `init(from:)` asks for: structs (nested too), arrays and sets, optionals
/// (nullable, still listed in `required`), enums that are `CaseIterable` with `String` or `Int`
/// raw values, `String`, the integer types, `Double`, `Float`, `Decimal`, `Bool`, `Date`
/// (`date-time`; decode answers with ``JSONSchema/decoder``), `URL` and `UUID`. Every object is
/// closed (`additionalProperties: false`) and lists every property as required, which OpenAI's
/// strict mode demands and Gemini and Anthropic accept. A type whose decoding the probe cannot see
/// (dictionaries, recursive types, enums with associated values) gets a typed error naming it;
/// such a type can give its own schema with ``CustomJSONSchema``.
public enum JSONSchema {
    /// The schema of `type`: an object schema for a struct.
    /// - Throws: `invalidRequest` naming the type or property that has no derivable schema, or an
    ///   annotation that names no property.
    public static func derive<T: Decodable>(_ type: T.Type) throws(LLMError) -> JSONValue {
        do {
            return try SchemaProbe().schema(for: type, path: []).schema
        } catch let error as LLMError {
            throw error
        } catch {
            throw LLMError(
                code: .invalidRequest, message: "no JSON Schema could be derived for \(T.self): \(error)",
                hint: "give the type a hand-written schema with CustomJSONSchema", parameter: "\(T.self)")
        }
    }

    /// The decoder for answers to a derived schema: dates as ISO 8601 (with or without fractional
    /// seconds), everything else as `JSONDecoder` does.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = ISO8601Format.date(from: text) { return date }
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" is not an ISO 8601 date-time")
        }
        return decoder
    }

    /// The encoder matching ``decoder`` (dates as ISO 8601, sorted keys).
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
