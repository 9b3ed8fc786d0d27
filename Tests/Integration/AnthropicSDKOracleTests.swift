import Foundation
import LLMSimulator
import Testing

/// LLMSimulator's Messages API is wire-true: Anthropic's official Python SDK (`anthropic` from PyPI,
/// installed by `.ci/run`) reads its answers, streams, tool round trips and errors as it reads the
/// real API's. The SDK sends its key as a bearer token with its own `anthropic-version`.
@Suite(.serialized) struct AnthropicSDKOracleTests {
    static let key = "sk-ant-sim-oracle-0123"

    /// Runs one step of the oracle script against a fresh simulator with `faults` queued.
    static func run(_ step: String, faults: [SimulatorFault] = []) async throws -> (
        status: Int32, output: [String: Any], text: String, requests: [RecordedRequest]
    ) {
        try await SDKOracle.run(
            "anthropic_sdk_oracle.py", step: step, key: key, name: "claude-sim", faults: faults)
    }

    @Test func thePythonSDKReadsAPlainAnswer() async throws {
        let result = try await Self.run("answer")
        #expect(result.status == 0, "\(result.text)")
        #expect(result.output["text"] as? String == "claude-sim says: ping")
        #expect(result.output["stop_reason"] as? String == "end_turn")
        #expect(result.output["request_id"] as? String == "req_sim1")
        #expect((result.output["input_tokens"] as? Int ?? 0) > 0)
        // What the SDK sent: a bearer key, its own version, the Messages body.
        let sent = try #require(result.requests.first)
        #expect(sent.uri == "/v1/messages")
        #expect(sent.headers["authorization"] == "Bearer \(Self.key)")
        #expect(sent.headers["anthropic-version"]?.isEmpty == false)
        #expect(sent.json?["system"] as? String == "Be brief.")
    }

    @Test func thePythonSDKReadsAStream() async throws {
        let result = try await Self.run("stream")
        #expect(result.status == 0, "\(result.text)")
        #expect(result.output["text"] as? String == "claude-sim says: stream these words")
        #expect((result.output["pieces"] as? [String])?.count == 5)
        #expect(result.output["stop_reason"] as? String == "end_turn")
        #expect(result.output["output_tokens"] as? Int == 6)
    }

    @Test func thePythonSDKMakesAToolCallRoundTrip() async throws {
        let result = try await Self.run("tools")
        #expect(result.status == 0, "\(result.text)")
        #expect(result.output["stop_reason"] as? String == "tool_use")
        #expect(result.output["tool"] as? String == "get_weather")
        #expect((result.output["input"] as? [String: String]) == ["input": "Oslo"])
        #expect(result.output["answer"] as? String == "claude-sim says: the tool returned 3C")
        #expect(result.output["final_stop_reason"] as? String == "end_turn")
    }

    @Test func thePythonSDKRaisesOverloadedErrorForA529() async throws {
        let result = try await Self.run("overloaded", faults: [.status(529)])
        #expect(result.status == 0, "\(result.text)")
        #expect(result.output["error"] as? String == "OverloadedError")
        #expect(result.output["status"] as? Int == 529)
        #expect(result.output["type"] as? String == "overloaded_error")
        #expect(result.output["request_id"] as? String == "req_sim1")
    }

    @Test func thePythonSDKRaisesAStreamsErrorEvent() async throws {
        let result = try await Self.run("stream-overloaded", faults: [.streamError(afterEvents: 0)])
        #expect(result.status == 0, "\(result.text)")
        #expect(result.output["type"] as? String == "overloaded_error")
    }
}
