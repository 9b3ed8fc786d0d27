import Foundation
import LLMCore

/// Derives a JSON Schema from a `Decodable` type by decoding it once with ``ProbeDecoder``, which
/// answers every request with a placeholder and records the keys and types asked for.
final class SchemaProbe {
    /// The types being probed, outermost first (a type that appears inside itself is recursive).
    private var active: [ObjectIdentifier] = []
    /// Only placeholders are wanted (for a ``CustomJSONSchema`` type's own decoding): optionals,
    /// collections and dictionaries are answered empty without probing what they hold.
    private let lenient: Bool

    init(lenient: Bool = false) {
        self.lenient = lenient
    }

    /// The schema of `type` and a placeholder value of it.
    func schema<T: Decodable>(for type: T.Type, path: [String]) throws -> (schema: JSONValue, placeholder: T) {
        if let primitive = try Self.primitive(type) { return primitive }
        if let custom = type as? any CustomJSONSchema.Type {
            let decoder = ProbeDecoder(probe: SchemaProbe(lenient: true), path: path)
            do {
                return (custom.jsonSchema, try T(from: decoder))
            } catch {
                throw Self.unsupported(
                    T.self, path: path, "its init(from:) failed on placeholder values (\(error))",
                    hint: "make init(from:) accept empty strings, zeros, false and empty containers")
            }
        }
        if lenient {
            if let optional = type as? any OptionalProbe.Type {
                return ([:], try Self.cast(optional.probeNil, to: T.self, path: path))
            }
            if let array = type as? any ArrayProbe.Type {
                return ([:], try Self.cast(array.empty, to: T.self, path: path))
            }
            if let dictionary = type as? any DictionaryProbe.Type {
                return ([:], try Self.cast(dictionary.empty, to: T.self, path: path))
            }
        }
        if let optional = type as? any OptionalProbe.Type {
            let inner = try anySchema(optional.wrappedType, path: path)
            return (Self.nullable(inner), try Self.cast(optional.probeNil, to: T.self, path: path))
        }
        if let array = type as? any ArrayProbe.Type {
            let schema: JSONValue = ["type": "array", "items": try anySchema(array.elementType, path: path)]
            return (schema, try Self.cast(array.empty, to: T.self, path: path))
        }
        if type is any DictionaryProbe.Type {
            throw Self.unsupported(
                T.self, path: path, "a dictionary has no closed schema (strict mode needs every key named)",
                hint: "use an array of key/value structs, or give the parent a CustomJSONSchema")
        }
        if let enumeration = type as? any (CaseIterable & RawRepresentable).Type {
            return try Self.enumSchema(enumeration, as: T.self, path: path)
        }
        let id = ObjectIdentifier(type)
        guard !active.contains(id) else {
            throw Self.unsupported(
                T.self, path: path, "the type contains itself (a recursive type)",
                hint: "give it a hand-written schema with CustomJSONSchema")
        }
        active.append(id)
        defer { active.removeLast() }
        let decoder = ProbeDecoder(probe: self, path: path)
        let placeholder: T
        do {
            placeholder = try T(from: decoder)
        } catch let error as LLMError {
            throw error
        } catch {
            throw Self.unsupported(
                T.self, path: path, "its init(from:) failed on placeholder values (\(error))",
                hint: "give it a hand-written schema with CustomJSONSchema")
        }
        var schema = try decoder.schema(of: T.self)
        if let annotated = type as? any SchemaAnnotated.Type {
            schema = try Self.annotate(schema, with: annotated.schemaAnnotations, type: T.self, path: path)
        }
        return (schema, placeholder)
    }

    /// The schema of a type known only as an existential metatype.
    func anySchema(_ type: any Decodable.Type, path: [String]) throws -> JSONValue {
        func open<U: Decodable>(_ type: U.Type) throws -> JSONValue { try schema(for: type, path: path).schema }
        return try open(type)
    }

    // MARK: - Leaves

    private static func primitive<T>(_ type: T.Type) throws -> (schema: JSONValue, placeholder: T)? {
        let found: (JSONValue, Any)? =
            switch type {
            case is String.Type: (["type": "string"], "")
            case is Bool.Type: (["type": "boolean"], false)
            case is Int.Type: (["type": "integer"], 0 as Int)
            case is Int8.Type: (["type": "integer", "minimum": -128, "maximum": 127], 0 as Int8)
            case is Int16.Type: (["type": "integer", "minimum": -32768, "maximum": 32767], 0 as Int16)
            case is Int32.Type: (["type": "integer"], 0 as Int32)
            case is Int64.Type: (["type": "integer"], 0 as Int64)
            case is UInt.Type: (["type": "integer", "minimum": 0], 0 as UInt)
            case is UInt8.Type: (["type": "integer", "minimum": 0, "maximum": 255], 0 as UInt8)
            case is UInt16.Type: (["type": "integer", "minimum": 0, "maximum": 65535], 0 as UInt16)
            case is UInt32.Type: (["type": "integer", "minimum": 0], 0 as UInt32)
            case is UInt64.Type: (["type": "integer", "minimum": 0], 0 as UInt64)
            case is Double.Type: (["type": "number"], 0 as Double)
            case is Float.Type: (["type": "number"], 0 as Float)
            case is Decimal.Type: (["type": "number"], Decimal(0))
            case is Date.Type: (["type": "string", "format": "date-time"], Date(timeIntervalSince1970: 0))
            case is URL.Type: (["type": "string"], URL(fileURLWithPath: "/"))
            case is UUID.Type: (["type": "string", "format": "uuid"], UUID())
            default: nil
            }
        guard let (schema, value) = found, let placeholder = value as? T else { return nil }
        return (schema, placeholder)
    }

    private static func enumSchema<T>(
        _ type: any (CaseIterable & RawRepresentable).Type, as: T.Type, path: [String]
    ) throws -> (schema: JSONValue, placeholder: T) {
        func cases<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> (raw: [Any], first: Any?) {
            (type.allCases.map { $0.rawValue as Any }, type.allCases.first)
        }
        let (raw, first) = cases(type)
        let values: [JSONValue]
        let kind: JSONValue
        if let strings = raw as? [String] {
            values = strings.map(JSONValue.string)
            kind = "string"
        } else if let ints = raw as? [Int] {
            values = ints.map(JSONValue.int)
            kind = "integer"
        } else {
            throw unsupported(
                T.self, path: path, "an enum's raw values must be String or Int",
                hint: "use String raw values, or give it a CustomJSONSchema")
        }
        guard let first else {
            throw unsupported(T.self, path: path, "the enum has no cases", hint: "add a case")
        }
        return (["type": kind, "enum": .array(values)], try cast(first, to: T.self, path: path))
    }

    // MARK: - Helpers

    /// `schema` that also allows `null`: a `type` list for leaves (and `null` among an enum's
    /// values), `anyOf` with `{"type": "null"}` for objects and arrays.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        guard var members = schema.objectValue else { return schema }
        if case .string(let type)? = members["type"], type != "object", type != "array" {
            members["type"] = [.string(type), "null"]
            if case .array(let values)? = members["enum"] { members["enum"] = .array(values + [.null]) }
            return .object(members)
        }
        if case .array(let types)? = members["type"], types.contains(.string("null")) { return schema }
        if case .array(let options)? = members["anyOf"], options.contains(["type": "null"]) { return schema }
        return ["anyOf": [schema, ["type": "null"]]]
    }

    /// Adds annotations: `""` to the object itself, every other key to the property it names.
    private static func annotate<T>(
        _ schema: JSONValue, with annotations: SchemaAnnotations, type: T.Type, path: [String]
    ) throws -> JSONValue {
        guard var object = schema.objectValue else { return schema }
        var properties = object["properties"]?.objectValue ?? [:]
        for (key, annotation) in annotations {
            if key.isEmpty {
                object.merge(annotation.keywords) { _, new in new }
                continue
            }
            guard let property = properties[key] else {
                throw unsupported(
                    T.self, path: path,
                    "the annotation \"\(key)\" names no property (properties: \(properties.keys.sorted().joined(separator: ", ")))",
                    hint: "annotate a property by its JSON key")
            }
            properties[key] = merge(annotation.keywords, into: property)
        }
        if !properties.isEmpty { object["properties"] = .object(properties) }
        return .object(object)
    }

    /// Merges keywords into a property schema (into the non-null branch of a nullable `anyOf`).
    private static func merge(_ keywords: [String: JSONValue], into schema: JSONValue) -> JSONValue {
        guard var members = schema.objectValue else { return schema }
        if case .array(var options)? = members["anyOf"], options.count == 2, options[1] == ["type": "null"] {
            options[0] = merge(keywords, into: options[0])
            members["anyOf"] = .array(options)
            return .object(members)
        }
        members.merge(keywords) { _, new in new }
        return .object(members)
    }

    static func cast<T>(_ value: Any, to type: T.Type, path: [String]) throws -> T {
        guard let typed = value as? T else {
            throw unsupported(T.self, path: path, "the probe could not make a placeholder", hint: nil)
        }
        return typed
    }

    static func unsupported(_ type: Any.Type, path: [String], _ reason: String, hint: String?) -> LLMError {
        let place = path.isEmpty ? "" : " at \(path.joined(separator: "."))"
        return LLMError(
            code: .invalidRequest, message: "no JSON Schema for \(type)\(place): \(reason)", hint: hint,
            parameter: path.isEmpty ? "\(type)" : path.joined(separator: "."))
    }
}

/// Optionals, for the probe (nullable schemas, `nil` placeholders).
protocol OptionalProbe {
    static var wrappedType: any Decodable.Type { get }
    static var probeNil: Any { get }
}

extension Optional: OptionalProbe where Wrapped: Decodable {
    static var wrappedType: any Decodable.Type { Wrapped.self }
    static var probeNil: Any { Wrapped?.none as Any }
}

/// Arrays and sets, for the probe.
protocol ArrayProbe {
    static var elementType: any Decodable.Type { get }
    static var empty: Any { get }
}

extension Array: ArrayProbe where Element: Decodable {
    static var elementType: any Decodable.Type { Element.self }
    static var empty: Any { [Element]() }
}

extension Set: ArrayProbe where Element: Decodable {
    static var elementType: any Decodable.Type { Element.self }
    static var empty: Any { Set<Element>() }
}

/// Dictionaries, which the probe refuses (and answers empty for a custom schema's placeholder).
protocol DictionaryProbe {
    static var empty: Any { get }
}

extension Dictionary: DictionaryProbe where Value: Decodable {
    static var empty: Any { [Key: Value]() }
}
