/// The shape the model must answer in.
public enum ResponseFormat: Sendable, Hashable {
    /// Free text (the default).
    case text
    /// Any valid JSON object ("JSON mode"); the prompt must mention JSON.
    case jsonObject
    /// JSON matching a schema (structured outputs).
    case jsonSchema(name: String, schema: JSONValue, strict: Bool? = true, description: String? = nil)
}
