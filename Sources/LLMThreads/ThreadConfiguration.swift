public import LLMCore

/// What a thread runs with: the model (a catalog name or a router deployment), the generation
/// options, and within them the tools and the response format (seed 001's `llm_config`, `tools`
/// and `response_format`). Every field is stored with the version that set it.
public struct ThreadConfiguration: Sendable, Hashable {
    /// The model or router deployment the thread was made for (the caller picks the `LLM` that
    /// serves it; nil: any).
    public var model: String?
    /// The options every run sends (tools and response format included).
    public var options: GenerationOptions

    /// Creates a configuration.
    public init(model: String? = nil, options: GenerationOptions = GenerationOptions()) {
        self.model = model
        self.options = options
    }
}

extension ThreadCodec {
    package static func encode(_ configuration: ThreadConfiguration) -> JSONValue {
        var object: [String: JSONValue] = [:]
        let options = configuration.options
        if let value = configuration.model { object["model"] = .string(value) }
        if let value = options.maxTokens { object["max_tokens"] = .int(value) }
        if let value = options.temperature { object["temperature"] = .double(value) }
        if let value = options.topP { object["top_p"] = .double(value) }
        if let value = options.topK { object["top_k"] = .int(value) }
        if let value = options.frequencyPenalty { object["frequency_penalty"] = .double(value) }
        if let value = options.presencePenalty { object["presence_penalty"] = .double(value) }
        if let value = options.stop { object["stop"] = .array(value.map(JSONValue.string)) }
        if let value = options.seed { object["seed"] = .int(value) }
        if let value = options.n { object["n"] = .int(value) }
        if let value = options.parallelToolCalls { object["parallel_tool_calls"] = .bool(value) }
        if let value = options.reasoningEffort { object["reasoning_effort"] = .string(value.rawValue) }
        if let value = options.reasoningBudget { object["reasoning_budget"] = .int(value) }
        if let value = options.user { object["user"] = .string(value) }
        if let value = options.extraBody { object["extra_body"] = .object(value) }
        if let value = options.minP { object["min_p"] = .double(value) }
        if let value = options.repetitionPenalty { object["repetition_penalty"] = .double(value) }
        if let value = options.greedy { object["greedy"] = .bool(value) }
        if let value = options.numBeams { object["num_beams"] = .int(value) }
        if let value = options.logprobs { object["logprobs"] = .bool(value) }
        if let value = options.topLogprobs { object["top_logprobs"] = .int(value) }
        if let bias = options.logitBias {
            object["logit_bias"] = .object(
                Dictionary(uniqueKeysWithValues: bias.map { ("\($0.key)", .double($0.value)) }))
        }
        if let tools = options.tools {
            object["tools"] = .array(
                tools.map { tool in
                    var fields: [String: JSONValue] = ["name": .string(tool.name)]
                    if let value = tool.description { fields["description"] = .string(value) }
                    if let value = tool.parameters { fields["parameters"] = value }
                    if let value = tool.strict { fields["strict"] = .bool(value) }
                    return .object(fields)
                })
        }
        switch options.toolChoice {
        case .none?: object["tool_choice"] = "none"
        case .auto?: object["tool_choice"] = "auto"
        case .required?: object["tool_choice"] = "required"
        case .function(let name)?: object["tool_choice"] = ["function": .string(name)]
        case nil: break
        }
        switch options.responseFormat {
        case .text?: object["response_format"] = ["type": "text"]
        case .jsonObject?: object["response_format"] = ["type": "json_object"]
        case .jsonSchema(let name, let schema, let strict, let description)?:
            var fields: [String: JSONValue] = ["type": "json_schema", "name": .string(name), "schema": schema]
            if let strict { fields["strict"] = .bool(strict) }
            if let description { fields["description"] = .string(description) }
            object["response_format"] = .object(fields)
        case nil: break
        }
        return .object(object)
    }

    static func configuration(_ value: JSONValue) -> ThreadConfiguration {
        func double(_ key: String) -> Double? {
            switch value[key] {
            case .int(let number)?: Double(number)
            case .double(let number)?: number
            default: nil
            }
        }
        var options = GenerationOptions(
            maxTokens: value["max_tokens"]?.intValue, temperature: double("temperature"), topP: double("top_p"),
            topK: value["top_k"]?.intValue, frequencyPenalty: double("frequency_penalty"),
            presencePenalty: double("presence_penalty"), stop: value["stop"]?.arrayValue?.compactMap(\.stringValue),
            seed: value["seed"]?.intValue, n: value["n"]?.intValue,
            parallelToolCalls: value["parallel_tool_calls"]?.boolValue,
            reasoningEffort: value["reasoning_effort"]?.stringValue.flatMap(ReasoningEffort.init(rawValue:)),
            reasoningBudget: value["reasoning_budget"]?.intValue, user: value["user"]?.stringValue,
            extraBody: value["extra_body"]?.objectValue, minP: double("min_p"),
            repetitionPenalty: double("repetition_penalty"), greedy: value["greedy"]?.boolValue,
            numBeams: value["num_beams"]?.intValue, logprobs: value["logprobs"]?.boolValue,
            topLogprobs: value["top_logprobs"]?.intValue)
        if let bias = value["logit_bias"]?.objectValue {
            options.logitBias = Dictionary(
                bias.compactMap { key, bias in
                    guard let token = Int(key) else { return nil }
                    switch bias {
                    case .int(let number): return (token, Double(number))
                    case .double(let number): return (token, number)
                    default: return nil
                    }
                }, uniquingKeysWith: { first, _ in first })
        }
        options.tools = value["tools"]?.arrayValue?.map { tool in
            ToolDefinition(
                name: tool["name"]?.stringValue ?? "", description: tool["description"]?.stringValue,
                parameters: tool["parameters"], strict: tool["strict"]?.boolValue)
        }
        if let choice = value["tool_choice"] {
            options.toolChoice =
                switch choice.stringValue {
                case "none": ToolChoice.none
                case "auto": .auto
                case "required": .required
                default: choice["function"]?.stringValue.map(ToolChoice.function)
                }
        }
        if let format = value["response_format"] {
            options.responseFormat =
                switch format["type"]?.stringValue {
                case "json_object": .jsonObject
                case "json_schema":
                    .jsonSchema(
                        name: format["name"]?.stringValue ?? "answer", schema: format["schema"] ?? [:],
                        strict: format["strict"]?.boolValue, description: format["description"]?.stringValue)
                default: .text
                }
        }
        return ThreadConfiguration(model: value["model"]?.stringValue, options: options)
    }
}
