extension GenerationOptions {
    /// The largest `n` the library accepts.
    public static let maxChoices = 128

    /// Checks every set parameter against the range any provider allows; the error names the
    /// parameter, the value and the range. A provider's own limits (how many stop sequences, a
    /// thinking budget's minimum) are checked by its model classes before anything is sent.
    /// - Throws: ``LLMError`` with code `invalidRequest` for the first invalid parameter.
    public func validate() throws(LLMError) {
        if let maxTokens, maxTokens < 1 {
            throw .outOfRange("maxTokens", value: "\(maxTokens)", allowed: "1 or more")
        }
        try Self.check("temperature", temperature, in: 0...2)
        try Self.check("topP", topP, in: 0...1)
        if let topK, topK < 0 {
            throw .outOfRange("topK", value: "\(topK)", allowed: "0 or more")
        }
        if let reasoningBudget, reasoningBudget < 1 {
            throw .outOfRange("reasoningBudget", value: "\(reasoningBudget)", allowed: "1 or more")
        }
        try Self.check("frequencyPenalty", frequencyPenalty, in: -2...2)
        try Self.check("presencePenalty", presencePenalty, in: -2...2)
        if let stop, let index = stop.firstIndex(where: \.isEmpty) {
            throw .invalid("stop[\(index)]", "stop[\(index)] is an empty string", hint: "remove empty stop sequences")
        }
        if let n, !(1...Self.maxChoices).contains(n) {
            throw .outOfRange("n", value: "\(n)", allowed: "1...\(Self.maxChoices)")
        }
        if case .jsonSchema(let name, let schema, _, _) = responseFormat {
            try Self.checkName(name, parameter: "responseFormat.name")
            guard schema.objectValue != nil else {
                throw .invalid(
                    "responseFormat.schema", "responseFormat.schema must be a JSON object (a JSON Schema)",
                    hint: "pass a schema such as [\"type\": \"object\", \"properties\": ...]")
            }
        }
        try validateSeed003()
        try validateTools()
    }

    /// Seed 003's parameters: min-p, repetition penalty, greedy decoding, beams, log probabilities
    /// and logit biases.
    private func validateSeed003() throws(LLMError) {
        try Self.check("minP", minP, in: 0...1)
        if let repetitionPenalty, !(repetitionPenalty.isFinite && repetitionPenalty >= 1) {
            throw .outOfRange("repetitionPenalty", value: "\(repetitionPenalty)", allowed: "1.0 or more")
        }
        if greedy == true, let temperature, temperature > 0 {
            throw .invalid(
                "greedy", "greedy decoding is temperature 0, but temperature is \(temperature)",
                hint: "set either greedy or a temperature above 0, not both")
        }
        if let numBeams, numBeams < 1 {
            throw .outOfRange("numBeams", value: "\(numBeams)", allowed: "1 or more")
        }
        if let topLogprobs {
            guard (0...20).contains(topLogprobs) else {
                throw .outOfRange("topLogprobs", value: "\(topLogprobs)", allowed: "0...20")
            }
            guard logprobs == true else {
                throw .invalid(
                    "topLogprobs", "topLogprobs needs logprobs: true", hint: "set logprobs to true as well")
            }
        }
        for (token, bias) in (logitBias ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard token >= 0 else {
                throw .invalid("logitBias", "logitBias has a negative token id \(token)", hint: "use token ids ≥ 0")
            }
            try Self.check("logitBias[\(token)]", bias, in: -100...100)
        }
    }

    private func validateTools() throws(LLMError) {
        var names = Set<String>()
        for (index, tool) in (tools ?? []).enumerated() {
            try Self.checkName(tool.name, parameter: "tools[\(index)].name")
            guard names.insert(tool.name).inserted else {
                throw .invalid(
                    "tools[\(index)].name", "tool name '\(tool.name)' is defined twice",
                    hint: "give each tool a unique name")
            }
            if let parameters = tool.parameters, parameters.objectValue == nil {
                throw .invalid(
                    "tools[\(index)].parameters", "tools[\(index)].parameters must be a JSON Schema object",
                    hint: "pass a schema such as [\"type\": \"object\", \"properties\": ...]")
            }
        }
        let hasTools = !(tools ?? []).isEmpty
        if let toolChoice {
            switch toolChoice {
            case .none, .auto:
                break
            case .required where !hasTools:
                throw .invalid("toolChoice", "toolChoice is required but no tools are defined", hint: "add tools")
            case .function(let name) where !names.contains(name):
                throw .invalid(
                    "toolChoice",
                    "toolChoice names '\(name)', which is not among the tools (\(names.sorted().joined(separator: ", ")))",
                    hint: "name one of the defined tools")
            default:
                break
            }
        }
        if parallelToolCalls != nil && !hasTools {
            throw .invalid(
                "parallelToolCalls", "parallelToolCalls is set but no tools are defined",
                hint: "leave parallelToolCalls unset without tools")
        }
    }

    private static func check(_ name: String, _ value: Double?, in range: ClosedRange<Double>) throws(LLMError) {
        guard let value else { return }
        guard value.isFinite, range.contains(value) else {
            throw .outOfRange(
                name, value: "\(value)", allowed: "\(format(range.lowerBound))...\(format(range.upperBound))")
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// Function and schema names: 1 to 64 of a-z, A-Z, 0-9, `_` and `-`.
    private static func checkName(_ name: String, parameter: String) throws(LLMError) {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x5F || byte == 0x2D
        }
        guard !name.isEmpty, name.utf8.count <= 64, allowed else {
            throw .invalid(
                parameter, "\(parameter) '\(name)' is not a valid name",
                hint: "use 1 to 64 letters, digits, '_' or '-'")
        }
    }
}
