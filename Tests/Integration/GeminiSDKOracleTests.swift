import Foundation
import LLMSimulator
import Testing

/// LLMSimulator's Gemini API is wire-true: Google's official Python SDK (`google-genai` from PyPI,
/// installed by `.ci/run`) reads its answers, streams (`alt=sse`), a Gemini 3 function-call round
/// trip with thought signatures, and its errors as it reads the real API's.
@Suite(.serialized) struct GeminiSDKOracleTests {
    static let key = "AIza-sim-oracle-0123"

    static func run(_ step: String, faults: [SimulatorFault] = []) async throws -> (
        status: Int32, output: [String: Any], text: String, requests: [RecordedRequest]
    ) {
        try await SDKOracle.run("gemini_sdk_oracle.py", step: step, key: key, name: "gemini-sim", faults: faults)
    }

    @Test func theSDKReadsAPlainAnswer() async throws {
        let result = try await Self.run("answer")
        #expect(result.status == 0, "\(result.text)")
        #expect(result.output["text"] as? String == "gemini-sim says: ping")
        #expect(result.output["finish_reason"] as? String == "STOP")
        #expect(result.output["response_id"] as? String == "sim-gemini-1")
        #expect((result.output["prompt_tokens"] as? Int ?? 0) > 0)
        let sent = try #require(result.requests.first)
        #expect(sent.uri == "/v1beta/models/gemini-2.5-flash:generateContent")
        #expect(sent.headers["x-goog-api-key"] == Self.key)
        let instruction = sent.json?["systemInstruction"] as? [String: Any]
        #expect((instruction?["parts"] as? [[String: String]])?.first?["text"] == "Be brief.")
    }

    @Test func theSDKReadsAStream() async throws {
        let result = try await Self.run("stream")
        #expect(result.status == 0, "\(result.text)")
        #expect(result.output["text"] as? String == "gemini-sim says: stream these words")
        #expect((result.output["pieces"] as? [String])?.count == 5)
        #expect(result.output["finish_reason"] as? String == "STOP")
        #expect(result.requests.first?.uri == "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")
    }

    @Test func theSDKMakesAGemini3FunctionCallRoundTripWithItsSignature() async throws {
        let result = try await Self.run("tools")
        #expect(result.status == 0, "\(result.text)")
        #expect(result.output["tool"] as? String == "get_weather")
        #expect((result.output["args"] as? [String: String]) == ["input": "Oslo"])
        #expect(result.output["signed"] as? Bool == true)
        #expect(result.output["answer"] as? String == "gemini-sim says: the tool returned 3C")
        #expect(result.requests.count == 2)
    }

    @Test func theSDKRaisesAClientErrorForAnExhaustedQuota() async throws {
        let result = try await Self.run("quota", faults: [.quotaExhausted])
        #expect(result.status == 0, "\(result.text)")
        #expect(result.output["error"] as? String == "ClientError")
        #expect(result.output["code"] as? Int == 429)
        #expect(result.output["status"] as? String == "RESOURCE_EXHAUSTED")
    }
}
