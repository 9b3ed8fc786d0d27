import Foundation
import LLMSimulator
import TestSupport

/// Runs one step of an official SDK's oracle script (`Tests/Fixtures/*.py`) against a fresh
/// simulator with `faults` queued: what the script printed (one JSON object), its output and
/// error text, and what the simulator received.
enum SDKOracle {
    static func run(
        _ script: String, step: String, key: String, name: String, faults: [SimulatorFault] = []
    ) async throws -> (status: Int32, output: [String: Any], text: String, requests: [RecordedRequest]) {
        let simulator = LLMSimulator(configuration: SimulatorConfiguration(apiKey: key, name: name))
        try await simulator.start()
        for fault in faults { simulator.enqueue(fault) }
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/\(script)")
        let result = try await Subprocess.run(
            program: "python3", [path.path, simulator.baseURL.absoluteString, key, step])
        let requests = simulator.requests
        try await simulator.shutdown()
        let text = String(decoding: result.stdout, as: UTF8.self) + String(decoding: result.stderr, as: UTF8.self)
        let object = (try? JSONSerialization.jsonObject(with: result.stdout)) as? [String: Any] ?? [:]
        return (result.status, object, text, requests)
    }
}
