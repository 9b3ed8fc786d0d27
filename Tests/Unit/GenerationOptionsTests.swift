import LLMCore
import Testing

@Suite struct GenerationOptionsTests {
    static let invalid: [(GenerationOptions, String, String)] = [
        (GenerationOptions(maxTokens: 0), "maxTokens", "maxTokens = 0 is out of range; allowed: 1 or more"),
        (GenerationOptions(temperature: 2.5), "temperature", "temperature = 2.5 is out of range; allowed: 0...2"),
        (GenerationOptions(temperature: -0.1), "temperature", "temperature = -0.1 is out of range; allowed: 0...2"),
        (GenerationOptions(temperature: .nan), "temperature", "temperature = nan is out of range; allowed: 0...2"),
        (GenerationOptions(topP: 1.01), "topP", "topP = 1.01 is out of range; allowed: 0...1"),
        (GenerationOptions(topK: -1), "topK", "topK = -1 is out of range; allowed: 0 or more"),
        (
            GenerationOptions(frequencyPenalty: -2.5), "frequencyPenalty",
            "frequencyPenalty = -2.5 is out of range; allowed: -2...2"
        ),
        (
            GenerationOptions(presencePenalty: 3), "presencePenalty",
            "presencePenalty = 3.0 is out of range; allowed: -2...2"
        ),
        (GenerationOptions(stop: ["a", ""]), "stop[1]", "stop[1] is an empty string"),
        (GenerationOptions(n: 0), "n", "n = 0 is out of range; allowed: 1...128"),
        (GenerationOptions(n: 129), "n", "n = 129 is out of range; allowed: 1...128"),
        (
            GenerationOptions(responseFormat: .jsonSchema(name: "bad name", schema: ["type": "object"])),
            "responseFormat.name", "responseFormat.name 'bad name' is not a valid name"
        ),
        (
            GenerationOptions(responseFormat: .jsonSchema(name: "ok", schema: "string")), "responseFormat.schema",
            "responseFormat.schema must be a JSON object (a JSON Schema)"
        ),
        (
            GenerationOptions(tools: [ToolDefinition(name: "")]), "tools[0].name",
            "tools[0].name '' is not a valid name"
        ),
        (
            GenerationOptions(tools: [ToolDefinition(name: "f"), ToolDefinition(name: "f")]), "tools[1].name",
            "tool name 'f' is defined twice"
        ),
        (
            GenerationOptions(tools: [ToolDefinition(name: "f", parameters: [1, 2])]), "tools[0].parameters",
            "tools[0].parameters must be a JSON Schema object"
        ),
        (
            GenerationOptions(toolChoice: .required), "toolChoice",
            "toolChoice is required but no tools are defined"
        ),
        (
            GenerationOptions(tools: [ToolDefinition(name: "a")], toolChoice: .function("b")), "toolChoice",
            "toolChoice names 'b', which is not among the tools (a)"
        ),
        (
            GenerationOptions(parallelToolCalls: true), "parallelToolCalls",
            "parallelToolCalls is set but no tools are defined"
        ),
    ]

    @Test(arguments: invalid.indices)
    func invalidOptionNamesParameterValueAndRange(index: Int) {
        let (options, parameter, message) = Self.invalid[index]
        let error = capture { try options.validate() }
        #expect(error?.code == .invalidRequest)
        #expect(error?.parameter == parameter)
        #expect(error?.message == message)
        #expect(error?.hint != nil)
    }

    @Test func boundaryValuesAreValid() throws {
        try GenerationOptions(
            maxTokens: 1, temperature: 0, topP: 1, topK: 0, frequencyPenalty: -2, presencePenalty: 2,
            stop: ["a", "b", "c", "d"], seed: -5, n: 128,
            responseFormat: .jsonSchema(name: "answer_v1-x", schema: ["type": "object"]),
            tools: [ToolDefinition(name: "get_weather", parameters: ["type": "object"])],
            toolChoice: .function("get_weather"), parallelToolCalls: false, reasoningEffort: .high, user: "u",
            extraBody: ["anything": [1, "two"]]
        ).validate()
        try GenerationOptions(temperature: 2, topP: 0).validate()
        try GenerationOptions().validate()
    }

    @Test func mergeLetsTheUpperLayerWinFieldByField() {
        let base = GenerationOptions(maxTokens: 100, temperature: 0.5, stop: ["x"], extraBody: ["a": 1, "b": 1])
        let call = GenerationOptions(temperature: 0.9, extraBody: ["b": 2, "c": 3])
        let merged = call.merged(over: base)
        #expect(merged.maxTokens == 100)
        #expect(merged.temperature == 0.9)
        #expect(merged.stop == ["x"])
        #expect(merged.extraBody == ["a": 1, "b": 2, "c": 3])
    }

    static func setParameters(_ options: GenerationOptions) -> Set<GenerationParameter> {
        Set(GenerationParameter.allCases.filter(options.isSet))
    }

    @Test func isSetSeesOnlyNonNilFields() {
        let options = GenerationOptions(maxTokens: 5, seed: 1, reasoningEffort: .low)
        #expect(Self.setParameters(options) == [.maxTokens, .seed, .reasoningEffort])
    }

    @Test func unsetClearsExactlyTheParameter() {
        let all = GenerationOptions(
            maxTokens: 1, temperature: 1, topP: 1, topK: 1, frequencyPenalty: 0, presencePenalty: 0, stop: ["x"],
            seed: 1, n: 1, responseFormat: .text, tools: [ToolDefinition(name: "f")], toolChoice: .auto,
            parallelToolCalls: true, reasoningEffort: .low, reasoningBudget: 2_048, user: "u", minP: 0.1,
            repetitionPenalty: 1.1, greedy: true, numBeams: 1, logprobs: true, topLogprobs: 2, logitBias: [1: 1])
        #expect(Self.setParameters(all) == Set(GenerationParameter.allCases))
        for parameter in GenerationParameter.allCases {
            var options = all
            options.unset(parameter)
            #expect(
                Self.setParameters(options) == Set(GenerationParameter.allCases).subtracting([parameter]),
                "\(parameter)")
        }
    }
}
