/// A generation parameter, named as in ``GenerationOptions``; ``ModelMetadata`` lists which ones a
/// model accepts.
public enum GenerationParameter: String, Sendable, Hashable, Codable, CaseIterable {
    /// ``GenerationOptions/maxTokens``
    case maxTokens
    /// ``GenerationOptions/temperature``
    case temperature
    /// ``GenerationOptions/topP``
    case topP
    /// ``GenerationOptions/topK``
    case topK
    /// ``GenerationOptions/frequencyPenalty``
    case frequencyPenalty
    /// ``GenerationOptions/presencePenalty``
    case presencePenalty
    /// ``GenerationOptions/stop``
    case stop
    /// ``GenerationOptions/seed``
    case seed
    /// ``GenerationOptions/n``
    case n
    /// ``GenerationOptions/responseFormat``
    case responseFormat
    /// ``GenerationOptions/tools``
    case tools
    /// ``GenerationOptions/toolChoice``
    case toolChoice
    /// ``GenerationOptions/parallelToolCalls``
    case parallelToolCalls
    /// ``GenerationOptions/reasoningEffort``
    case reasoningEffort
    /// ``GenerationOptions/user``
    case user

    /// The usual name of the parameter in the OpenAI chat-completions body.
    public var wireName: String {
        switch self {
        case .maxTokens: "max_tokens"
        case .topP: "top_p"
        case .topK: "top_k"
        case .frequencyPenalty: "frequency_penalty"
        case .presencePenalty: "presence_penalty"
        case .responseFormat: "response_format"
        case .toolChoice: "tool_choice"
        case .parallelToolCalls: "parallel_tool_calls"
        case .reasoningEffort: "reasoning_effort"
        default: rawValue
        }
    }
}
