import Foundation

/// A value that validates against a JSON Schema, as a real model constrained by it would produce:
/// the simulator's default answer to a structured-output request and its default tool arguments.
/// Strings are the prompt's text (cut to `maxLength`, or a value of the schema's `format`), numbers
/// the smallest allowed, arrays `minItems` long (at least one item), objects every property;
/// `enum`, `const` and `default` are honoured, `$ref`s into `$defs`/`definitions` followed, and
/// `anyOf`/`oneOf` take their first alternative that is not `null`.
struct SchemaInstance {
    /// The schema document (for `$ref`s).
    let root: [String: Any]
    /// The text strings take.
    let text: String

    /// Tool arguments: an instance of the tool's `schema`. A tool whose schema names no properties
    /// (or that has none) gets `{"input": text}`, which such a schema allows.
    static func arguments(for schema: Any?, text: String) -> [String: Any] {
        guard let schema = schema as? [String: Any], let properties = schema["properties"] as? [String: Any],
            !properties.isEmpty
        else {
            return ["input": text]
        }
        let instance = SchemaInstance(root: schema, text: text).value(for: schema, depth: 0)
        return instance as? [String: Any] ?? ["input": text]
    }

    func value(for schema: Any?, depth: Int) -> Any {
        guard depth < 16, let schema = schema as? [String: Any] else { return text }
        if let ref = schema["$ref"] as? String { return value(for: resolve(ref), depth: depth + 1) }
        if let constant = schema["const"] { return constant }
        if let options = schema["enum"] as? [Any], let first = options.first { return first }
        if let value = schema["default"] { return value }
        for key in ["anyOf", "oneOf"] {
            if let alternatives = schema[key] as? [[String: Any]] {
                let chosen = alternatives.first { ($0["type"] as? String) != "null" } ?? alternatives.first
                return value(for: chosen, depth: depth + 1)
            }
        }
        if let all = schema["allOf"] as? [[String: Any]] {
            var merged: [String: Any] = [:]
            for part in all {
                if let object = value(for: part, depth: depth + 1) as? [String: Any] {
                    merged.merge(object) { _, new in new }
                }
            }
            return merged
        }
        // Gemini's OpenAPI schemas spell types in capitals (`OBJECT`).
        let types = ((schema["type"] as? [String]) ?? (schema["type"] as? String).map { [$0] } ?? []).map {
            $0.lowercased()
        }
        let type = types.first { $0 != "null" } ?? (schema["properties"] != nil ? "object" : types.first ?? "string")
        switch type {
        case "object":
            var object: [String: Any] = [:]
            for (name, property) in schema["properties"] as? [String: Any] ?? [:] {
                object[name] = value(for: property, depth: depth + 1)
            }
            return object
        case "array":
            let count = max(1, schema["minItems"] as? Int ?? 1)
            let limited = min(count, schema["maxItems"] as? Int ?? count)
            return (0..<limited).map { _ in value(for: schema["items"], depth: depth + 1) }
        case "integer":
            return Int(number(schema).rounded(.up))
        case "number":
            return number(schema)
        case "boolean":
            return true
        case "null":
            return NSNull()
        default:
            return string(schema)
        }
    }

    /// The smallest allowed number (0 when it is allowed), else the largest.
    private func number(_ schema: [String: Any]) -> Double {
        var value = 0.0
        if let minimum = schema["minimum"] as? Double { value = max(value, minimum) }
        if let minimum = schema["exclusiveMinimum"] as? Double { value = max(value, minimum + 1) }
        if let maximum = schema["maximum"] as? Double, value > maximum { value = maximum }
        if let maximum = schema["exclusiveMaximum"] as? Double, value >= maximum { value = maximum - 1 }
        return value
    }

    private func string(_ schema: [String: Any]) -> String {
        switch schema["format"] as? String {
        case "date-time": return "2026-01-01T00:00:00Z"
        case "date": return "2026-01-01"
        case "time": return "00:00:00"
        case "email": return "user@example.com"
        case "uri", "url": return "https://example.com/"
        case "uuid": return "00000000-0000-4000-8000-000000000000"
        default: break
        }
        var value = text.isEmpty ? "text" : text
        if let maximum = schema["maxLength"] as? Int, value.count > maximum {
            value = String(value.prefix(max(0, maximum)))
        }
        if let minimum = schema["minLength"] as? Int, value.count < minimum {
            value += String(repeating: "x", count: minimum - value.count)
        }
        return value
    }

    /// `#/$defs/Name` or `#/definitions/Name` in the root.
    private func resolve(_ ref: String) -> Any? {
        var node: Any? = root
        for component in ref.split(separator: "/").dropFirst() where component != "#" {
            node = (node as? [String: Any])?[String(component)]
        }
        return node
    }
}
