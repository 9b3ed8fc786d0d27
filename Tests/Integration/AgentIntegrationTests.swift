import Foundation
import LLMSimulator
import NIOConcurrencyHelpers
import SwiftLLM
import Testing

/// The agent layer over real sockets against LLMSimulator, on every API it speaks: the run loop
/// with parallel calls, broken arguments, unknown tools, step limits and approvals; structured
/// output into a nested type with a recovery; streamed forms.
@Suite(.serialized) struct AgentIntegrationTests {
    /// The APIs the loop is run over.
    enum API: String, CaseIterable, CustomStringConvertible {
        case openAIChat, responses, anthropic, gemini, bedrock
        var description: String { rawValue }
    }

    /// A model of `api` over a simulator (the one `body` scripts and reads).
    static func with(_ api: API, _ body: (LLMSimulator, any LLM) async throws -> Void) async throws {
        switch api {
        case .bedrock:
            try await BedrockPair.with(withBackup: false) { pair in try await body(pair.east, try pair.model()) }
        default:
            let (style, name): (EndpointStyle, String) =
                switch api {
                case .anthropic: (.anthropic, "claude-sonnet-4-5")
                case .gemini: (.gemini, "gemini-2.5-flash")
                default: (.openAI, "gpt-4.1-mini")
                }
            try await SimulatorPair.with(withBackup: false, style: style, deployment: name) { pair in
                let model = try LLMFactory.make(
                    metadata: ModelCatalog.metadata(named: name)!, connector: pair.connector,
                    api: api == .responses ? .responses : .chatCompletions)
                try await body(pair.primary, model)
            }
        }
    }

    struct CityArguments: Codable, SchemaAnnotated {
        var city: String
        static let schemaAnnotations: SchemaAnnotations = ["city": "The city's name"]
    }

    struct Weather: Codable {
        var city: String
        var celsius: Int
    }

    /// Waits until `count` callers have arrived (true), or gives up after 10 s (false): tools that
    /// run one after another never meet.
    actor Rendezvous {
        let count: Int
        private var arrived = 0
        private var waiting: [CheckedContinuation<Void, Never>] = []
        init(_ count: Int) { self.count = count }

        func arrive() async -> Bool {
            arrived += 1
            if arrived >= count {
                for waiter in waiting { waiter.resume() }
                waiting = []
                return true
            }
            await withCheckedContinuation { waiting.append($0) }
            return arrived >= count
        }

        func release() {
            for waiter in waiting { waiter.resume() }
            waiting = []
        }
    }

    /// Counts calls.
    actor Counter {
        private(set) var value = 0
        func increment() { value += 1 }
    }

    static func weatherTool(meeting: Rendezvous? = nil, counter: Counter? = nil, needsApproval: Bool = false) throws
        -> Tool
    {
        try Tool("get_weather", description: "Current weather for a city", needsApproval: needsApproval) {
            (arguments: CityArguments) in
            await counter?.increment()
            if let meeting {
                let met = await meeting.arrive()
                guard met else { throw CancellationError() }
            }
            return Weather(city: arguments.city, celsius: arguments.city == "Oslo" ? 3 : 7)
        }
    }

    /// The text of the request the simulator received `index`-th.
    static func body(_ simulator: LLMSimulator, _ index: Int) -> String {
        let requests = simulator.requests
        guard index < requests.count else { return "" }
        return String(decoding: requests[index].body, as: UTF8.self)
    }

    // MARK: - The run loop

    @Test(arguments: API.allCases) func aTwoStepLoopRunsParallelCallsAndSendsTheResultsBackPaired(api: API)
        async throws
    {
        try await Self.with(api) { simulator, model in
            let meeting = Rendezvous(2)
            simulator.script(
                .toolCalls([
                    SimulatorToolCall("get_weather", arguments: #"{"city":"Oslo"}"#),
                    SimulatorToolCall("get_weather", arguments: #"{"city":"Bergen"}"#),
                ]),
                .text("Oslo is colder."))
            let events = EventLog()
            let agent = Agent(model: model, tools: [try Self.weatherTool(meeting: meeting)])
            let context = RequestContext(requestId: "run-1", eventHandler: { events.append($0) })
            let run = try await agent.run("Compare Oslo and Bergen.", context: context)
            await meeting.release()
            #expect(run.stopReason == .finalAnswer)
            #expect(run.text == "Oslo is colder.")
            #expect(run.steps.count == 2)
            let results = run.steps[0].toolResults
            #expect(results.map(\.outcome) == [.succeeded, .succeeded])
            #expect(results.map(\.output) == [#"{"celsius":3,"city":"Oslo"}"#, #"{"celsius":7,"city":"Bergen"}"#])
            // Both tools were in flight at once (each waited for the other).
            #expect(simulator.requests.count == 2)
            let second = Self.body(simulator, 1)
            #expect(second.contains("Oslo") && second.contains("Bergen") && second.contains("celsius"))
            switch api {
            case .openAIChat:
                let messages = try #require(simulator.requests[1].json?["messages"] as? [[String: Any]])
                #expect(messages.compactMap { $0["tool_call_id"] as? String } == ["call_sim_1", "call_sim_2"])
            case .responses:
                let input = try #require(simulator.requests[1].json?["input"] as? [[String: Any]])
                let outputs = input.filter { $0["type"] as? String == "function_call_output" }
                #expect(outputs.compactMap { $0["call_id"] as? String } == ["call_sim_1", "call_sim_2"])
            case .anthropic:
                #expect(
                    second.contains(#""tool_use_id":"toolu_sim_1""#) && second.contains(#""tool_use_id":"toolu_sim_2""#)
                )
            case .gemini:
                #expect(second.components(separatedBy: "functionResponse").count - 1 == 2)
            case .bedrock:
                #expect(
                    second.contains(#""toolUseId":"tooluse_sim1""#) && second.contains(#""toolUseId":"tooluse_sim2""#))
            }
            let total = run.steps.compactMap(\.usage).reduce(0) { $0 + $1.totalTokens }
            #expect(run.usage.totalTokens == total && total > 0)
            #expect(run.costUSD != nil)
            // Each step's model call reports to the run's context, under the run's request id.
            #expect(events.count(of: .requested) == 2 && events.count(of: .responseCreated) == 2)
            #expect(events.events.allSatisfy { $0.requestId == "run-1" })
        }
    }

    @Test(arguments: API.allCases) func brokenArgumentsAndAnUnknownToolGoBackToTheModelWhichRecovers(api: API)
        async throws
    {
        try await Self.with(api) { simulator, model in
            let counter = Counter()
            simulator.script(
                .toolCalls([
                    SimulatorToolCall("get_weather", arguments: #"{"city": 42}"#),
                    SimulatorToolCall("get_wether", arguments: #"{"city": "Oslo"}"#),
                ]),
                .toolCall("get_weather", arguments: #"{"city": "Oslo"}"#),
                .text("It is 3 degrees in Oslo."))
            let agent = Agent(model: model, tools: [try Self.weatherTool(counter: counter)])
            let run = try await agent.run("Weather in Oslo?")
            #expect(run.stopReason == .finalAnswer)
            #expect(run.steps.count == 3)
            #expect(run.steps[0].toolResults.map(\.outcome) == [.invalidArguments, .unknownTool])
            #expect(run.steps[1].toolResults.map(\.outcome) == [.succeeded])
            #expect(await counter.value == 1)
            let second = Self.body(simulator, 1)
            #expect(second.contains("expected string, got integer"))
            #expect(second.contains(#"there is no tool named \"get_wether\""#))
            if api == .anthropic { #expect(second.contains(#""is_error":true"#)) }
            #expect(run.text == "It is 3 degrees in Oslo.")
        }
    }

    @Test func argumentsThatAreNotJSONAreReportedBack() async throws {
        try await Self.with(.openAIChat) { simulator, model in
            simulator.script(.toolCall("get_weather", arguments: #"{"city": "Os"#), .text("done"))
            let run = try await Agent(model: model, tools: [try Self.weatherTool()]).run("Weather?")
            #expect(run.steps[0].toolResults.first?.outcome == .invalidArguments)
            #expect(Self.body(simulator, 1).contains("is not valid JSON"))
        }
    }

    @Test(arguments: [API.openAIChat, .anthropic]) func maxStepsIsHonoured(api: API) async throws {
        try await Self.with(api) { simulator, model in
            let counter = Counter()
            for _ in 0..<3 { simulator.script(.toolCall("get_weather", arguments: #"{"city": "Oslo"}"#)) }
            let agent = Agent(
                model: model, tools: [try Self.weatherTool(counter: counter)], options: AgentOptions(maxSteps: 2))
            let run = try await agent.run("Loop forever.")
            #expect(run.stopReason == .maxSteps)
            #expect(run.steps.count == 2)
            #expect(simulator.requests.count == 2)
            #expect(await counter.value == 1)
            #expect(run.steps[1].toolResults.map(\.outcome) == [.notRun])
            // Every call has its result, so the conversation can be continued.
            #expect(run.messages.filter { $0.role == .tool }.count == 2)
        }
    }

    @Test(arguments: [API.openAIChat, .anthropic]) func aRefusedApprovalIsReportedToTheModel(api: API) async throws {
        try await Self.with(api) { simulator, model in
            let counter = Counter()
            simulator.script(.toolCall("get_weather", arguments: #"{"city": "Oslo"}"#), .text("I may not look."))
            let asked = AgentEventLog()
            let agent = Agent(
                model: model, tools: [try Self.weatherTool(counter: counter, needsApproval: true)],
                options: AgentOptions(approval: { call in
                    asked.append(.toolCallRequested(call))
                    return .deny(reason: "weather lookups are off on weekends")
                }))
            let run = try await agent.run("Weather in Oslo?")
            #expect(run.steps[0].toolResults.map(\.outcome) == [.denied])
            #expect(await counter.value == 0)
            #expect(asked.kinds == ["toolCallRequested"])
            #expect(Self.body(simulator, 1).contains("was not approved: weather lookups are off on weekends"))
            #expect(run.text == "I may not look.")
        }
    }

    @Test func theWorkflowModeForcesOneToolPerStepInOrder() async throws {
        try await Self.with(.openAIChat) { simulator, model in
            let first = try Tool("fetch", description: "Fetch") { (_: NoArguments) in "fetched" }
            let second = try Tool("summarize", description: "Summarize") { (_: NoArguments) in "summary" }
            let agent = Agent(
                model: model, tools: [first, second], options: AgentOptions(mode: .workflow(["fetch", "summarize"])))
            let run = try await agent.run("Go.")
            let choices = simulator.requests.map { request in
                ((request.json?["tool_choice"] as? [String: Any])?["function"] as? [String: Any])?["name"] as? String
            }
            #expect(choices == ["fetch", "summarize", nil])
            #expect(run.steps.map { $0.toolResults.map(\.call.name) } == [["fetch"], ["summarize"], []])
            #expect(run.stopReason == .finalAnswer)
        }
    }

    @Test(arguments: [API.openAIChat, .anthropic]) func aStreamedRunYieldsTextDeltasAndSteps(api: API) async throws {
        try await Self.with(api) { simulator, model in
            simulator.script(.toolCall("get_weather", arguments: #"{"city": "Oslo"}"#), .text("three degrees and snow"))
            var deltas = ""
            var steps = 0
            var finished: AgentRun?
            for try await event in Agent(model: model, tools: [try Self.weatherTool()]).stream([.user("Oslo?")]) {
                switch event {
                case .textDelta(let text): deltas += text
                case .stepFinished: steps += 1
                case .finished(let run): finished = run
                default: break
                }
            }
            #expect(deltas == "three degrees and snow")
            #expect(steps == 2)
            #expect(finished?.steps.first?.toolResults.first?.output == #"{"celsius":3,"city":"Oslo"}"#)
        }
    }

    // MARK: - Structured output

    struct Forecast: Codable, Sendable, Equatable, SchemaAnnotated {
        enum Sky: String, Codable, Sendable, CaseIterable { case clear, cloudy, snow }
        struct Day: Codable, Sendable, Equatable {
            var high: Double
            var sky: Sky
        }
        var city: String
        var days: [Day]
        var warning: String?
        static let schemaAnnotations: SchemaAnnotations = ["": "A forecast", "days": "Today first"]
    }

    static let forecastJSON =
        #"{"city":"Oslo","days":[{"high":2.5,"sky":"snow"},{"high":4,"sky":"cloudy"}],"warning":null}"#

    /// A scripted answer of `json` in the model's structured-output shape.
    static func answer(_ json: String, for model: any LLM, name: String = "Forecast") -> SimulatorAnswer {
        model.metadata.capabilities.structuredOutput == .forcedTool
            ? .toolCall(name, arguments: json) : .text(json)
    }

    @Test(arguments: API.allCases) func generateDecodesANestedTypeAndRecoversFromOneInvalidAnswer(api: API)
        async throws
    {
        try await Self.with(api) { simulator, model in
            simulator.script(
                Self.answer(#"{"city":"Oslo","days":[{"high":"warm","sky":"snow"}],"warning":null}"#, for: model),
                Self.answer(Self.forecastJSON, for: model))
            let generated = try await model.generateResponse(Forecast.self, [.user("Forecast for Oslo")])
            #expect(
                generated.value
                    == Forecast(city: "Oslo", days: [.init(high: 2.5, sky: .snow), .init(high: 4, sky: .cloudy)]))
            #expect(generated.attempts == 2)
            let schema = try JSONSchema.derive(Forecast.self)
            let first = try #require(simulator.requests.first?.json)
            switch api {
            case .openAIChat:
                let format = try #require(first["response_format"] as? [String: Any])
                let jsonSchema = try #require(format["json_schema"] as? [String: Any])
                #expect(format["type"] as? String == "json_schema" && jsonSchema["strict"] as? Bool == true)
                #expect(jsonSchema["name"] as? String == "Forecast")
            case .responses:
                let format = try #require((first["text"] as? [String: Any])?["format"] as? [String: Any])
                #expect(format["type"] as? String == "json_schema" && format["strict"] as? Bool == true)
            case .gemini:
                let config = try #require(first["generationConfig"] as? [String: Any])
                #expect(config["responseMimeType"] as? String == "application/json")
                #expect(config["responseJsonSchema"] != nil)
            case .anthropic:
                #expect((first["tool_choice"] as? [String: Any])?["name"] as? String == "Forecast")
                let tool = try #require((first["tools"] as? [[String: Any]])?.first)
                let sent = try JSONValue(parsing: try JSONSerialization.data(withJSONObject: tool["input_schema"]!))
                #expect(sent == schema)
            case .bedrock:
                let config = try #require(first["toolConfig"] as? [String: Any])
                #expect(
                    ((config["toolChoice"] as? [String: Any])?["tool"] as? [String: Any])?["name"] as? String
                        == "Forecast")
            }
            // The failure went back to the model.
            #expect(Self.body(simulator, 1).contains("$.days[0].high: expected number, got string"))
        }
    }

    @Test(arguments: [API.openAIChat, .anthropic]) func generateFailsWithTheRawTextAndTheFailuresAfterTheRetries(
        api: API
    ) async throws {
        try await Self.with(api) { simulator, model in
            for _ in 0..<2 { simulator.script(Self.answer(#"{"city":"Oslo"}"#, for: model)) }
            do {
                _ = try await model.generate(
                    Forecast.self, prompt: "Forecast", policy: GenerationPolicy(maxRetries: 1))
                Issue.record("expected invalidOutput")
            } catch let error as LLMError {
                #expect(error.code == .invalidOutput)
                #expect(error.rawOutput == #"{"city":"Oslo"}"#)
                #expect(error.validationFailures.contains(#"$: the required property "days" is missing"#))
                #expect(simulator.requests.count == 2)
            }
        }
    }

    @Test func aSchemaOnlyAnswerAndJSONMode() async throws {
        try await Self.with(.openAIChat) { simulator, model in
            let schema: JSONValue = [
                "type": "object", "properties": ["ok": ["type": "boolean"]], "required": ["ok"],
                "additionalProperties": false,
            ]
            simulator.script(.text(#"{"ok": true}"#), .text("```json\n{\"any\": 1}\n```"))
            let structured = try await model.generateJSON(schema: schema, name: "verdict", [.user("ok?")])
            #expect(structured.json == ["ok": true])
            let free = try await model.generateJSON(schema: nil, [.user("Reply in JSON.")])
            #expect(free.json == ["any": 1])
            let format = simulator.requests[1].json?["response_format"] as? [String: Any]
            #expect(format?["type"] as? String == "json_object")
        }
    }

    @Test(arguments: [API.openAIChat, .anthropic]) func streamGenerateDeliversTextThenTheValue(api: API) async throws {
        try await Self.with(api) { simulator, model in
            simulator.script(Self.answer(#"{"city": 1}"#, for: model), Self.answer(Self.forecastJSON, for: model))
            var text = ""
            var retries = 0
            var value: Forecast?
            for try await event in model.streamGenerate(Forecast.self, [.user("Forecast")]) {
                switch event {
                case .textDelta(let delta): text += delta
                case .retrying: retries += 1
                case .finished(let generated): value = generated.value
                }
            }
            #expect(retries == 1)
            #expect(text == #"{"city": 1}"# + Self.forecastJSON)
            #expect(value?.city == "Oslo")
        }
    }
}

/// Agent events seen by a hook or a stream, in order.
final class AgentEventLog: Sendable {
    private let events = NIOLockedValueBox<[AgentEvent]>([])
    func append(_ event: AgentEvent) { events.withLockedValue { $0.append(event) } }
    var kinds: [String] {
        events.withLockedValue { $0 }.map { event in
            switch event {
            case .stepStarted: "stepStarted"
            case .textDelta: "textDelta"
            case .toolCallRequested: "toolCallRequested"
            case .toolFinished: "toolFinished"
            case .stepFinished: "stepFinished"
            case .finished: "finished"
            }
        }
    }
}
