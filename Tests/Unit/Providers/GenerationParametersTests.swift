import Connectors
import Foundation
import LLMCore
import Testing

@testable import LLMProviders

/// Seed 003's generation parameters: validated with its ranges before anything is sent, sent under
/// the names each server takes, greedy decoding as temperature 0, and refused (not dropped) where
/// dropping would change what was asked for.
@Suite struct GenerationParametersTests {
    @Test func seed003sRangesAreCheckedBeforeSending() {
        let bad: [(GenerationOptions, String)] = [
            (GenerationOptions(minP: 1.5), "minP"),
            (GenerationOptions(minP: -0.1), "minP"),
            (GenerationOptions(repetitionPenalty: 0.9), "repetitionPenalty"),
            (GenerationOptions(repetitionPenalty: .infinity), "repetitionPenalty"),
            (GenerationOptions(temperature: 0.7, greedy: true), "greedy"),
            (GenerationOptions(numBeams: 0), "numBeams"),
            (GenerationOptions(logprobs: true, topLogprobs: 21), "topLogprobs"),
            (GenerationOptions(topLogprobs: 2), "topLogprobs"),
            (GenerationOptions(logitBias: [42: 101]), "logitBias[42]"),
            (GenerationOptions(logitBias: [-1: 1]), "logitBias"),
            (GenerationOptions(topK: -1), "topK"),
        ]
        for (options, parameter) in bad {
            let error = capture { try options.validate() }
            #expect(error?.code == .invalidRequest && error?.parameter == parameter, "\(options)")
        }
        let good = GenerationOptions(
            temperature: 0, topP: 0.9, topK: 40, stop: ["\n\n"], seed: 7, n: 2, minP: 0.05, repetitionPenalty: 1.1,
            greedy: true, numBeams: 1, logprobs: true, topLogprobs: 3, logitBias: [42: -100])
        #expect(capture { try good.validate() } == nil)
    }

    @Test func anOpenAICompatibleServerGetsThemUnderItsOwnNames() async throws {
        func sent(_ style: EndpointStyle, _ options: GenerationOptions) async throws -> JSONValue {
            var body: JSONValue = .null
            try await ProviderFixtures.withConnector(style: style) { connector in
                let model = OpenAILLM(model: "any-local-model", connector: connector)
                let accepted = try model.acceptedOptions(options, context: RequestContext())
                let wire = try model.wireRequest(
                    [.user("hi")], options: accepted, stream: false, context: RequestContext())
                body = try JSONValue(parsing: #require(wire.body(for: connector.endpoints[0])))
            }
            return body
        }
        let options = GenerationOptions(
            topK: 40, stop: ["END"], seed: 7, n: 2, minP: 0.05, repetitionPenalty: 1.2, greedy: true,
            logprobs: true, topLogprobs: 2, logitBias: [15: -100])
        let llama = try await sent(.llamaCpp, options)
        #expect(llama["repeat_penalty"] == .double(1.2) && llama["repetition_penalty"] == nil)
        #expect(llama["min_p"] == .double(0.05) && llama["top_k"] == .int(40))
        // (A whole JSON number reads back as an integer.)
        #expect(llama["temperature"] == .int(0), "greedy is temperature 0")
        #expect(llama["logprobs"] == .bool(true) && llama["top_logprobs"] == .int(2))
        #expect(llama["logit_bias"] == .object(["15": .int(-100)]))
        #expect(llama["n"] == .int(2) && llama["seed"] == .int(7) && llama["stop"] == .array(["END"]))
        let vllm = try await sent(.vLLM, options)
        #expect(vllm["repetition_penalty"] == .double(1.2) && vllm["repeat_penalty"] == nil)
        // Groq takes no logit bias: refused, since dropping it would change the answer.
        let refused = await captureAsync { _ = try await sent(.groq, options) }
        #expect(refused?.parameter == "logitBias")
        var withoutBias = options
        withoutBias.logitBias = nil
        let groq = try await sent(.groq, withoutBias)
        #expect(groq["logprobs"] == nil && groq["top_logprobs"] == nil, "Groq's dialect drops them")
    }

    @Test func openAIDropsTheSamplersItLacksAndRefusesWhatItCannotHonour() async throws {
        try await ProviderFixtures.withConnector(style: .openAI) { connector in
            let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
            let base = try #require(model as? OpenAIBaseLLM)
            let accepted = try base.acceptedOptions(
                GenerationOptions(topK: 5, minP: 0.1, repetitionPenalty: 1.1, greedy: true, logprobs: true),
                context: RequestContext())
            #expect(accepted.topK == nil && accepted.minP == nil && accepted.repetitionPenalty == nil)
            #expect(accepted.temperature == 0 && accepted.greedy == nil && accepted.logprobs == true)
            let beams = capture {
                _ = try base.acceptedOptions(GenerationOptions(numBeams: 4), context: RequestContext())
            }
            #expect(beams?.parameter == "numBeams")
            #expect(
                capture { _ = try base.acceptedOptions(GenerationOptions(numBeams: 1), context: RequestContext()) }
                    == nil)
            // A model without a temperature cannot decode greedily.
            let reasoning = try #require(
                try LLMFactory.make(metadata: ModelCatalog.metadata(named: "o3-mini")!, connector: connector)
                    as? OpenAIBaseLLM)
            let greedy = capture {
                _ = try reasoning.acceptedOptions(GenerationOptions(greedy: true), context: RequestContext())
            }
            #expect(greedy?.parameter == "greedy")
            // Claude takes no logit bias: refused; logprobs are dropped.
        }
        try await ProviderFixtures.withConnector(style: .anthropic) { connector in
            let claude = ClaudeLLM(model: "claude-sonnet-4-5", connector: connector)
            let bias = capture {
                _ = try claude.acceptedOptions(GenerationOptions(logitBias: [1: 1]), context: RequestContext())
            }
            #expect(bias?.parameter == "logitBias")
            let accepted = try claude.acceptedOptions(
                GenerationOptions(greedy: true, logprobs: true), context: RequestContext())
            #expect(accepted.temperature == 0 && accepted.logprobs == nil)
        }
    }

    @Test func logprobsAndEveryChoiceComeBack() async throws {
        try await ProviderFixtures.withConnector(style: .llamaCpp) { connector in
            let model = OpenAILLM(model: "smollm2", connector: connector)
            let body = Data(
                #"""
                {"id":"c","model":"smollm2","choices":[
                 {"index":1,"message":{"role":"assistant","content":"Lyon"},"finish_reason":"stop"},
                 {"index":0,"message":{"role":"assistant","content":"Paris"},"finish_reason":"stop",
                  "logprobs":{"content":[{"id":3,"token":"Paris","logprob":-0.01,"bytes":[80],
                   "top_logprobs":[{"token":"Paris","logprob":-0.01},{"token":"Lyon","logprob":-4.6}]}]}}]}
                """#.utf8)
            let response = try model.parseResponse(
                body, info: ResponseInfo(status: 200, endpoint: "http://local", endpointName: "local", attempts: 1))
            #expect(response.content == "Paris" && response.additionalChoices == ["Lyon"])
            #expect(
                response.logprobs == [
                    TokenLogprob(
                        token: "Paris", logprob: -0.01,
                        top: [.init(token: "Paris", logprob: -0.01), .init(token: "Lyon", logprob: -4.6)])
                ])
        }
    }

    @Test func llamaCppsContextErrorIsContextLengthExceeded() {
        let body = Data(
            #"{"error":{"code":400,"message":"request (3000 tokens) exceeds the available context size (512 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":3000,"n_ctx":512}}"#
                .utf8)
        let error = OpenAIErrorMapper.error(status: 400, body: body)
        #expect(error.code == .contextLengthExceeded)
    }
}
