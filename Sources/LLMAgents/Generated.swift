public import LLMCore

/// A structured answer: the decoded value and how it was obtained.
public struct Generated<Value: Sendable>: Sendable {
    /// The answer, decoded.
    public var value: Value
    /// The answer as JSON (it matched the schema).
    public var json: JSONValue
    /// The model's last answer (for a forced tool, its content is empty and the JSON is the call's
    /// arguments).
    public var response: LLMResponse
    /// How many answers it took (1 when the first matched).
    public var attempts: Int
    /// The summed usage of every attempt.
    public var usage: Usage
    /// The summed cost of every attempt (nil when unknown).
    public var costUSD: Double?
}

/// What a streamed structured answer reports.
public enum GenerationEvent<Value: Sendable>: Sendable {
    /// JSON text of the current attempt as it arrives.
    case textDelta(String)
    /// The attempt's answer failed the schema (these failures); another attempt follows.
    case retrying([String])
    /// The matching answer.
    case finished(Generated<Value>)
}

/// How structured output is requested and retried.
public struct GenerationPolicy: Sendable, Hashable {
    /// How many more answers to ask for after one that does not match (the error is sent back).
    public var maxRetries: Int
    /// How to hold the model to the schema; nil: the model's ``ModelCapabilities/structuredOutput``.
    public var method: StructuredOutputMethod?
    /// The schema's name (the response format's or the forced tool's); nil: the type's name.
    public var name: String?
    /// What the answer is, for the model.
    public var description: String?

    /// Creates a policy.
    public init(
        maxRetries: Int = 2, method: StructuredOutputMethod? = nil, name: String? = nil, description: String? = nil
    ) {
        self.maxRetries = maxRetries
        self.method = method
        self.name = name
        self.description = description
    }
}
