/// A function the model may call.
public struct ToolDefinition: Sendable, Hashable {
    /// The function name: letters, digits, `_` and `-`, at most 64 characters.
    public var name: String
    /// What it does; the model reads this to decide when to call it.
    public var description: String?
    /// The JSON Schema of its arguments (an object schema); nil means no arguments.
    public var parameters: JSONValue?
    /// Whether the model must follow the schema exactly (structured outputs).
    public var strict: Bool?
    /// Ends a prompt prefix the provider should cache, after this tool (see ``CacheBreakpoint``).
    public var cache: CacheBreakpoint?

    /// Creates a function tool.
    public init(
        name: String, description: String? = nil, parameters: JSONValue? = nil, strict: Bool? = nil,
        cache: CacheBreakpoint? = nil
    ) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.strict = strict
        self.cache = cache
    }
}

/// Whether and which tool the model must call.
public enum ToolChoice: Sendable, Hashable {
    /// Never call a tool.
    case none
    /// The model decides (the default when tools are given).
    case auto
    /// The model must call at least one tool.
    case required
    /// The model must call this function.
    case function(String)
}

/// How hard a reasoning model thinks before answering.
public enum ReasoningEffort: String, Sendable, Hashable, CaseIterable {
    /// As little reasoning as possible (GPT-5 family).
    case minimal
    /// Less reasoning, faster and cheaper.
    case low
    /// The default.
    case medium
    /// More reasoning.
    case high
}
