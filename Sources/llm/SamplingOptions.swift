import ArgumentParser
import SwiftLLM

/// Seed 003's generation parameters as `llm chat` flags. Ranges are checked by
/// `GenerationOptions.validate()` before anything is sent, like every other option.
struct SamplingOptions: ParsableArguments {
    @Option(name: .customLong("top-k"), help: "Top-k sampling: only the k most likely tokens (0 or more).")
    var topK: Int?

    @Option(name: .customLong("top-p"), help: "Nucleus sampling mass, 0...1.")
    var topP: Double?

    @Option(name: .customLong("min-p"), help: "Min-p sampling, 0...1 (llama.cpp, vLLM).")
    var minP: Double?

    @Option(name: .customLong("repetition-penalty"), help: "Penalty for repeated tokens, 1.0 or more.")
    var repetitionPenalty: Double?

    @Flag(help: "Greedy decoding (temperature 0): the same prompt answers the same.")
    var greedy = false

    @Option(name: .customLong("n"), help: "How many choices to generate (--json shows every one).")
    var choices: Int?

    @Option(help: "A seed for reproducible sampling.")
    var seed: Int?

    @Option(help: "Return each token's log probability with the N most likely alternatives (0...20; --json).")
    var logprobs: Int?

    @Option(help: "A stop sequence (repeatable): generation ends where it appears.")
    var stop: [String] = []

    /// The options, with the command's own output limit and temperature.
    func options(maxTokens: Int?, temperature: Double?) -> GenerationOptions {
        var options = GenerationOptions(
            maxTokens: maxTokens, temperature: temperature, topP: topP, topK: topK, stop: stop.isEmpty ? nil : stop,
            seed: seed, n: choices, minP: minP, repetitionPenalty: repetitionPenalty)
        if greedy { options.greedy = true }
        if let logprobs {
            options.logprobs = true
            options.topLogprobs = logprobs
        }
        return options
    }
}
