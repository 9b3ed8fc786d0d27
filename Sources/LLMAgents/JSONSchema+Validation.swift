public import LLMCore

extension JSONSchema {
    /// How `value` fails `schema`, one sentence each with the path (`$.days[2]: ...`); empty when
    /// it conforms. Covers the keywords derived schemas use and the common hand-written ones:
    /// `type` (one or a list), `enum`, `const`, `properties`, `required`, `additionalProperties`
    /// (false or a schema), `items`, `anyOf`/`oneOf`, `minimum`/`maximum` (and exclusive),
    /// `minLength`/`maxLength`, `minItems`/`maxItems` and `$ref` into `$defs`. Unknown keywords
    /// are ignored, as JSON Schema says.
    public static func validate(_ value: JSONValue, against schema: JSONValue) -> [String] {
        var failures: [String] = []
        let definitions = schema["$defs"]?.objectValue ?? [:]
        func check(_ value: JSONValue, _ node: JSONValue, _ path: String, depth: Int) {
            guard depth < 64, var members = node.objectValue else { return }
            if case .string(let reference)? = members["$ref"], reference.hasPrefix("#/$defs/"),
                let target = definitions[String(reference.dropFirst("#/$defs/".count))]?.objectValue
            {
                members = target
            }
            if let types = members["type"] {
                let allowed = types.arrayValue?.compactMap(\.stringValue) ?? types.stringValue.map { [$0] } ?? []
                if !allowed.isEmpty, !allowed.contains(where: { matches(value, type: $0) }) {
                    failures.append("\(path): expected \(allowed.joined(separator: " or ")), got \(kind(of: value))")
                    return
                }
            }
            if let values = members["enum"]?.arrayValue, !values.contains(where: { same($0, value) }) {
                failures.append("\(path): \(value.jsonString) is not one of \(JSONValue.array(values).jsonString)")
            }
            if let constant = members["const"], !same(constant, value) {
                failures.append("\(path): must be \(constant.jsonString)")
            }
            for keyword in ["anyOf", "oneOf"] {
                guard let options = members[keyword]?.arrayValue, !options.isEmpty else { continue }
                let passing = options.filter { option in
                    let before = failures.count
                    check(value, option, path, depth: depth + 1)
                    defer { failures.removeSubrange(before...) }
                    return failures.count == before
                }
                if passing.isEmpty {
                    // Report the closest option's failures: the first whose type fits.
                    let fitting = options.first { option in
                        option["type"].map { type in
                            (type.arrayValue?.compactMap(\.stringValue) ?? type.stringValue.map { [$0] } ?? [])
                                .contains { matches(value, type: $0) }
                        } ?? true
                    }
                    if let fitting {
                        check(value, fitting, path, depth: depth + 1)
                    } else {
                        failures.append("\(path): matches none of the \(options.count) allowed shapes")
                    }
                }
            }
            switch value {
            case .object(let object):
                let properties = members["properties"]?.objectValue ?? [:]
                for name in (members["required"]?.arrayValue ?? []).compactMap(\.stringValue)
                where object[name] == nil {
                    failures.append("\(path): the required property \"\(name)\" is missing")
                }
                for (name, member) in object.sorted(by: { $0.key < $1.key }) {
                    if let property = properties[name] {
                        check(member, property, "\(path).\(name)", depth: depth + 1)
                    } else if members["additionalProperties"] == .bool(false) {
                        failures.append("\(path): the property \"\(name)\" is not allowed")
                    } else if let extra = members["additionalProperties"], extra.objectValue != nil {
                        check(member, extra, "\(path).\(name)", depth: depth + 1)
                    }
                }
            case .array(let elements):
                if let minimum = members["minItems"]?.intValue, elements.count < minimum {
                    failures.append("\(path): has \(elements.count) items, at least \(minimum) required")
                }
                if let maximum = members["maxItems"]?.intValue, elements.count > maximum {
                    failures.append("\(path): has \(elements.count) items, at most \(maximum) allowed")
                }
                if let items = members["items"] {
                    for (index, element) in elements.enumerated() {
                        check(element, items, "\(path)[\(index)]", depth: depth + 1)
                    }
                }
            case .string(let text):
                let length = text.count
                if let minimum = members["minLength"]?.intValue, length < minimum {
                    failures.append("\(path): has \(length) characters, at least \(minimum) required")
                }
                if let maximum = members["maxLength"]?.intValue, length > maximum {
                    failures.append("\(path): has \(length) characters, at most \(maximum) allowed")
                }
            case .int, .double:
                guard let number = numeric(value) else { break }
                if let minimum = members["minimum"].flatMap(numeric), number < minimum {
                    failures.append("\(path): \(value.jsonString) is below the minimum \(minimum.formatted)")
                }
                if let maximum = members["maximum"].flatMap(numeric), number > maximum {
                    failures.append("\(path): \(value.jsonString) is above the maximum \(maximum.formatted)")
                }
                if let bound = members["exclusiveMinimum"].flatMap(numeric), number <= bound {
                    failures.append("\(path): \(value.jsonString) must be above \(bound.formatted)")
                }
                if let bound = members["exclusiveMaximum"].flatMap(numeric), number >= bound {
                    failures.append("\(path): \(value.jsonString) must be below \(bound.formatted)")
                }
            default:
                break
            }
        }
        check(value, schema, "$", depth: 0)
        return failures
    }

    private static func numeric(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }

    /// Equal as JSON values (1 and 1.0 are the same number).
    private static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = numeric(a), let y = numeric(b) { return x == y }
        return a == b
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object):
            true
        case ("integer", .int): true
        case ("integer", .double(let number)): number == number.rounded() && number.isFinite
        case ("number", .int), ("number", .double): true
        default: false
        }
    }

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension Double {
    /// Whole numbers without a fraction, for messages.
    fileprivate var formatted: String {
        self == rounded() && abs(self) < 9e15 ? String(Int(self)) : String(self)
    }
}
