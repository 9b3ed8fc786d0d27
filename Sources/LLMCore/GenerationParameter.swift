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
    /// ``GenerationOptions/reasoningBudget``
    case reasoningBudget
    /// ``GenerationOptions/user``
    case user
    /// ``GenerationOptions/minP``
    case minP
    /// ``GenerationOptions/repetitionPenalty``
    case repetitionPenalty
    /// ``GenerationOptions/greedy``
    case greedy
    /// ``GenerationOptions/numBeams``
    case numBeams
    /// ``GenerationOptions/logprobs``
    case logprobs
    /// ``GenerationOptions/topLogprobs``
    case topLogprobs
    /// ``GenerationOptions/logitBias``
    case logitBias

}
