import Foundation
import LLMSimulator
import Testing

/// LLMSimulator's Responses API is wire-true: OpenAI's official Python SDK (`openai` from PyPI,
/// installed by `.ci/run`) reads its answers, its event stream (typed events in sequence), a
/// function-call round trip and its error events as it reads the real API's.
@Suite(.serialized) struct OpenAIResponsesSDKOracleTests {
    static let key = "sk-sim-oracle-0123"

    static func run(_ step: String, faults: [SimulatorFault] = []) async throws -> (
        status: Int32, output: [String: Any], text: String, requests: [RecordedRequest]
    ) {
        try await SDKOracle.run("openai_responses_oracle.py", step: step, key: key, name: "openai-sim", faults: faults)
    }

    @Test func theSDKReadsAPlainAnswer() async throws {
        let result = try await Self.run("answer")
        #expect(result.status == 0, "\(result.text)")
        #expect(result.output["text"] as? String == "openai-sim says: ping")
        #expect(result.output["status"] as? String == "completed")
        #expect(result.output["id"] as? String == "resp_sim1")
        #expect(result.output["request_id"] as? String == "sim-resp_sim1")
        let sent = try #require(result.requests.first)
        #expect(sent.uri == "/v1/responses")
        #expect(sent.headers["authorization"] == "Bearer \(Self.key)")
        #expect(sent.json?["instructions"] as? String == "Be brief.")
    }

    @Test func theSDKReadsAStream() async throws {
        let result = try await Self.run("stream")
        #expect(result.status == 0, "\(result.text)")
        #expect(result.output["text"] as? String == "openai-sim says: stream these words")
        #expect((result.output["pieces"] as? [String])?.count == 5)
        #expect(result.output["status"] as? String == "completed")
        let types = result.output["types"] as? [String] ?? []
        #expect(types.first == "response.created" && types.last == "response.completed")
        #expect(types.contains("response.output_item.done"))
    }

    @Test func theSDKMakesAFunctionCallRoundTrip() async throws {
        let result = try await Self.run("tools")
        #expect(result.status == 0, "\(result.text)")
        #expect(result.output["tool"] as? String == "get_weather")
        #expect((result.output["arguments"] as? [String: String]) == ["input": "Oslo"])
        #expect(result.output["answer"] as? String == "openai-sim says: the tool returned 3C")
        #expect(result.output["status"] as? String == "completed")
    }

    @Test func theSDKReadsAStreamsErrorEvent() async throws {
        let result = try await Self.run("stream-error", faults: [.errorInStream])
        #expect(result.status == 0, "\(result.text)")
        #expect(result.output["code"] as? String == "server_error")
        #expect((result.output["message"] as? String)?.contains("The server had an error") == true)
    }
}
