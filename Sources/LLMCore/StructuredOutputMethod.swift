/// How a model is best held to a JSON Schema, for structured output into a type.
public enum StructuredOutputMethod: String, Sendable, Hashable, CaseIterable, Codable {
    /// The schema as the request's ``ResponseFormat/jsonSchema(name:schema:strict:description:)``
    /// (OpenAI's `json_schema` in strict mode, the Responses API's `text.format`, Gemini's
    /// `responseJsonSchema`).
    case responseFormat
    /// The schema as the input of one tool the model is forced to call; the call's arguments are
    /// the answer (Anthropic's Messages API and Bedrock's Converse, where this works on every model).
    case forcedTool
    /// The schema in the prompt only; the answer is checked, not constrained.
    case prompt
}
