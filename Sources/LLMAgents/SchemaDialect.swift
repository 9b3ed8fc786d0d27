/// An API's rules for the JSON Schemas it accepts (``JSONSchema/problems(in:for:)``).
public enum SchemaDialect: String, Sendable, Hashable, CaseIterable {
    /// OpenAI structured outputs and strict function tools (chat completions and the Responses
    /// API; Azure OpenAI too): the root an object, every object closed
    /// (`additionalProperties: false`) with every property in `required`, only the supported
    /// keywords and string formats, at most 10 levels of nesting, 5,000 properties and 1,000 enum
    /// values.
    case openAIStrict
    /// Gemini's `responseJsonSchema` and function `parametersJsonSchema`: the supported subset of
    /// JSON Schema keywords.
    case gemini
    /// Anthropic tool `input_schema` (and Bedrock's `toolSpec.inputSchema.json`): an object schema.
    case anthropicTool
}
