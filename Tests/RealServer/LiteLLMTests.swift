import Foundation
import SwiftLLM
import Synchronization
import Testing

/// The LiteLLM proxy (a real gateway, pinned in Scripts/litellm.sh) with `mock_response` models,
/// through the library: as an OpenAI-compatible upstream, through its `/v1/messages` and
/// `/v1/responses` routes, an answer and a stream each; a tool call parsed and answered; and its
/// mocked rate-limit error, typed, within the request's deadline.
@Suite(.serialized, .enabled(if: RealServers.litellm != nil, RealServers.litellmMissing))
struct LiteLLMTests {
    static var url: URL { RealServers.litellm! }
    static let mocked = "Hello from the LiteLLM mock"

    static func answer(_ model: any LLM) async throws {
        let answer = try await model.getAnswer("hi")
        #expect(answer.content == Self.mocked, "\(answer)")
    }

    static func stream(_ model: any LLM) async throws {
        let (streamed, chunks) = try await RealServers.streamed(model, [.user("hi")], options: GenerationOptions())
        #expect(streamed.content == Self.mocked && chunks > 1, "\(streamed)")
    }

    @Test func anOpenAICompatibleUpstream() async throws {
        try await RealServers.with(
            Self.url.appendingPathComponent("v1"), style: .openAI, key: RealServers.litellmKey
        ) { connector in
            let model = try LLMFactory.make(model: "mock-gpt", connector: connector)
            try await Self.answer(model)
            try await Self.stream(model)
        }
    }

    /// LiteLLM (1.81.16) does not stream a mocked answer on `/v1/responses`: it answers HTTP 500
    /// "'async for' requires an object with __aiter__ method, got ResponsesAPIResponse". The known
    /// issue fails the day it does.
    @Test func theResponsesRoute() async throws {
        try await RealServers.with(
            Self.url.appendingPathComponent("v1"), style: .openAI, key: RealServers.litellmKey
        ) { connector in
            let model = try LLMFactory.make(model: "mock-gpt", connector: connector, api: .responses)
            try await Self.answer(model)
            await withKnownIssue("LiteLLM's mocked answers do not stream on /v1/responses") {
                try await Self.stream(model)
            }
        }
    }

    /// LiteLLM (1.81.16) answers a streamed mocked request on `/v1/messages` with the whole message
    /// as JSON instead of server-sent events: the library reads it as a one-chunk stream.
    @Test func theMessagesRoute() async throws {
        try await RealServers.with(Self.url, style: .anthropic, key: RealServers.litellmKey) { connector in
            let model = ClaudeLLM(model: "mock-gpt", connector: connector)
            try await Self.answer(model)
            let (streamed, chunks) = try await RealServers.streamed(
                model, [.user("hi")], options: GenerationOptions())
            #expect(streamed.content == Self.mocked && chunks == 1, "\(streamed)")
        }
    }

    /// A tool call through the gateway, parsed and answered: `mock-tool` calls `get_weather`, the
    /// result goes back in the conversation, and `mock-gpt` answers it. (LiteLLM's mocked call comes
    /// with `finish_reason: "stop"`, where OpenAI says `tool_calls`; the calls are what counts.)
    @Test func aToolCallIsParsedAndItsResultAnswered() async throws {
        struct City: Decodable { var city: String }
        try await RealServers.with(
            Self.url.appendingPathComponent("v1"), style: .openAI, key: RealServers.litellmKey
        ) { connector in
            let tool = ToolDefinition(
                name: "get_weather",
                parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]])
            let question: [ChatMessage] = [.user("What is the weather in Oslo?")]
            let caller = try LLMFactory.make(model: "mock-tool", connector: connector)
            let call = try await caller.getAnswer(question, options: GenerationOptions(tools: [tool]))
            let first = try #require(call.toolCalls.first, "\(call)")
            #expect(first.name == "get_weather" && first.id == "call_mock_1")
            #expect(try JSONDecoder().decode(City.self, from: Data(first.arguments.utf8)).city == "Oslo")
            let answerer = try LLMFactory.make(model: "mock-gpt", connector: connector)
            let answer = try await answerer.getAnswer(
                question + [.assistant(call), .tool(callId: first.id, content: #"{"celsius": 3}"#)],
                options: GenerationOptions(tools: [tool]))
            #expect(answer.content == Self.mocked && answer.toolCalls.isEmpty)
        }
    }

    @Test func aMockedRateLimitIsTypedWithinTheDeadline() async throws {
        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: Self.url.appendingPathComponent("v1"), style: .openAI,
                    apiKey: APIKey(RealServers.litellmKey)),
                retry: RetryPolicy(maxRetries: 2, baseBackoff: .milliseconds(200)),
                timeouts: Timeouts(total: .seconds(20))))
        let model = try LLMFactory.make(model: "mock-rate-limited", connector: connector)
        let retries = Mutex(0)
        let context = RequestContext(eventHandler: { event in
            if event.kind == .retried { retries.withLock { $0 += 1 } }
        })
        let start = ContinuousClock.now
        let error = await #expect(throws: LLMError.self) { _ = try await model.getAnswer("hi", context: context) }
        let elapsed = ContinuousClock.now - start
        try await connector.shutdown()
        #expect(error?.code == .rateLimited && error?.httpStatus == 429, "\(String(describing: error))")
        #expect(retries.withLock { $0 } == 2, "retried as a 429 asks, then surfaced")
        #expect(elapsed < .seconds(20), "within the deadline")
    }
}
