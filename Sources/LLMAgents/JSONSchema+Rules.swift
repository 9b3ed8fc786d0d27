public import LLMCore

extension JSONSchema {
    /// What `schema` breaks of `dialect`'s rules, one sentence each with the path
    /// (`$.properties.city`); empty when the API accepts it.
    public static func problems(in schema: JSONValue, for dialect: SchemaDialect) -> [String] {
        var problems: [String] = []
        guard let root = schema.objectValue, root["type"] == "object" else {
            return ["$: the root must be an object schema (\"type\": \"object\")"]
        }
        if dialect == .openAIStrict, root["anyOf"] != nil {
            problems.append("$: the root may not be an anyOf")
        }
        var properties = 0
        var enumValues = 0
        func walk(_ node: JSONValue, _ path: String, depth: Int) {
            guard let members = node.objectValue else {
                problems.append("\(path): a schema must be an object")
                return
            }
            let allowed = dialect == .gemini ? geminiKeywords : dialect == .openAIStrict ? strictKeywords : nil
            if let allowed {
                for key in members.keys.sorted() where !allowed.contains(key) {
                    problems.append("\(path): the keyword \"\(key)\" is not supported")
                }
            }
            if dialect == .openAIStrict {
                if depth > 10 { problems.append("\(path): nested deeper than 10 levels") }
                if case .string(let format)? = members["format"], !strictFormats.contains(format) {
                    problems.append("\(path): the string format \"\(format)\" is not supported")
                }
            }
            let isObject = members["type"] == "object" || members["type"]?.arrayValue?.contains("object") == true
            if isObject, let props = members["properties"]?.objectValue {
                properties += props.count
                if dialect == .openAIStrict {
                    if members["additionalProperties"] != .bool(false) {
                        problems.append("\(path): an object must set \"additionalProperties\": false")
                    }
                    let required = Set((members["required"]?.arrayValue ?? []).compactMap(\.stringValue))
                    for key in props.keys.sorted() where !required.contains(key) {
                        problems.append(
                            "\(path): the property \"\(key)\" must be required (make it nullable to allow null)")
                    }
                }
                for (key, child) in props.sorted(by: { $0.key < $1.key }) {
                    walk(child, "\(path).properties.\(key)", depth: depth + 1)
                }
            } else if isObject, dialect == .openAIStrict, members["additionalProperties"] != .bool(false) {
                problems.append("\(path): an object must set \"additionalProperties\": false")
            }
            if let values = members["enum"]?.arrayValue { enumValues += values.count }
            if let items = members["items"] { walk(items, "\(path).items", depth: depth + 1) }
            for keyword in ["anyOf", "oneOf", "allOf", "prefixItems"] {
                for (index, option) in (members[keyword]?.arrayValue ?? []).enumerated() {
                    walk(option, "\(path).\(keyword)[\(index)]", depth: depth)
                }
            }
            for (name, definition) in (members["$defs"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                walk(definition, "\(path).$defs.\(name)", depth: depth)
            }
        }
        walk(schema, "$", depth: 1)
        if dialect == .openAIStrict {
            if properties > 5_000 { problems.append("$: more than 5,000 properties in all") }
            if enumValues > 1_000 { problems.append("$: more than 1,000 enum values in all") }
        }
        return problems
    }

    /// The keywords OpenAI's strict mode accepts.
    static let strictKeywords: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf",
        "description", "title", "$defs", "$ref", "pattern", "format", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "default",
    ]

    /// The string formats OpenAI's strict mode accepts.
    static let strictFormats: Set<String> = [
        "date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid",
    ]

    /// The keywords Gemini's `responseJsonSchema` accepts.
    static let geminiKeywords: Set<String> = [
        "$id", "$defs", "$ref", "$anchor", "type", "format", "title", "description", "enum", "items",
        "prefixItems", "minItems", "maxItems", "minimum", "maximum", "anyOf", "oneOf", "properties",
        "additionalProperties", "required", "propertyOrdering", "uniqueItems", "minLength", "maxLength",
        "pattern", "default",
    ]
}
