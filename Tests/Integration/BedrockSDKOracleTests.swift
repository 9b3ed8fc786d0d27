import Foundation
import LLMSimulator
import SwiftLLM
import TestSupport
import Testing

/// LLMSimulator's Bedrock Runtime is wire-true: botocore (AWS's own Python client, installed by
/// `.ci/run`) signs its requests with its SigV4 signer, which the simulator verifies; parses its
/// Converse answers against the service model, decodes its ConverseStream frames with its own
/// event-stream parser, and reads its errors (a throttle, an exception frame, a wrong signature)
/// as the real service's.
@Suite struct BedrockSDKOracleTests {
    @Test func botocoreSignsReadsAndStreamsAgainstTheSimulator() async throws {
        let credentials = BedrockPair.credentials
        let simulator = LLMSimulator(
            configuration: SimulatorConfiguration(
                name: "botocore-sim", aws: SimulatorAWS(credentials: credentials, region: "us-east-1")))
        try await simulator.start()
        // Requests 1-3 answer (a zero delay is no fault); the 4th is throttled; the 5th stream fails
        // after its first text; the 6th, signed with a wrong secret, never reaches the faults.
        simulator.enqueue(
            .delayHeaders(.zero), .delayHeaders(.zero), .delayHeaders(.zero), .status(429), .errorInStream)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/botocore_oracle.py")
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ACCESS_KEY_ID"] = credentials.accessKeyId
        environment["AWS_SECRET_ACCESS_KEY"] = credentials.secretAccessKey.reveal()
        environment["AWS_SESSION_TOKEN"] = credentials.sessionToken?.reveal()
        let result = try await Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", script.path, "client", simulator.baseURL.absoluteString, "us-east-1"],
            environment: environment)
        let requests = simulator.requests
        try await simulator.shutdown()
        let text = String(decoding: result.stdout + result.stderr, as: UTF8.self)
        #expect(result.status == 0, "\(text)")
        let output = try JSONValue(parsing: result.stdout)

        #expect(output["converse"]?["text"] == "botocore-sim says: Hello botocore")
        #expect(output["converse"]?["stopReason"] == "end_turn")
        #expect(output["converse"]?["latencyMs"] == 42)
        #expect(output["converse"]?["requestId"] == "sim-bedrock-1")
        #expect(output["converse"]?["usage"]?["outputTokens"] == 4)

        #expect(
            output["stream"]?["events"]
                == [
                    "messageStart", "contentBlockDelta", "contentBlockDelta", "contentBlockDelta", "contentBlockDelta",
                    "contentBlockStop", "messageStop", "metadata",
                ])
        #expect(output["stream"]?["text"] == "botocore-sim says: Hello botocore")
        #expect(output["stream"]?["stopReason"] == "end_turn")
        #expect(output["toolStream"]?["tool"] == "lookup")
        #expect(output["toolStream"]?["toolInput"] == #"{"input":"Hello botocore"}"#)
        #expect(output["toolStream"]?["stopReason"] == "tool_use")

        #expect(output["throttled"] == ["code": "ThrottlingException", "status": 429])
        #expect(output["streamException"]?["code"] == "serviceUnavailableException")
        #expect(output["wrongSecret"]?["code"] == "InvalidSignatureException")
        #expect(output["wrongSecret"]?["status"] == 403)
        // botocore's URL for the model id is the one the library sends (BedrockIntegrationTests).
        #expect(requests.first?.uri == "/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse")
        #expect(requests.count == 6)
    }
}
