import Foundation
import InMemoryTracing
import LLMSimulator
import Logging
import MetricsTestKit
import SwiftLLM
import Testing
import Tracing

@Suite(.serialized) struct PoolTests {
    @Test func resultsComeBackInInputOrderAndFailuresStayIsolated() async throws {
        try await SimulatorPair.with(withBackup: false) { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: pair.connector)
            var requests = (0..<20).map { LLMRequest(model: model, prompt: "p\($0)") }
            requests[7] = LLMRequest(model: model, prompt: "bad", options: GenerationOptions(temperature: 7))
            pair.primary.enqueue(.delayHeaders(.milliseconds(50)))
            let results = await LLMPool(maxConcurrent: 4).run(requests)
            #expect(results.count == 20)
            for (index, result) in results.enumerated() where index != 7 {
                #expect((try? result.get())?.content == "primary says: p\(index)")
            }
            if case .failure(let error) = results[7] {
                #expect(error.parameter == "temperature")
            } else {
                Issue.record("request 7 should fail")
            }
        }
    }

    @Test func theConcurrencyBoundHoldsAtTheServer() async throws {
        let simulator = LLMSimulator(
            configuration: SimulatorConfiguration(randomFaults: [(.delayHeaders(.milliseconds(30)), 1.0)], name: "slow")
        )
        try await simulator.start()
        var configuration = ConnectorConfiguration(
            primary: Endpoint(baseURL: simulator.baseURL, deployment: "d", apiKey: "k"))
        configuration.poolSize = 16
        let connector = try Connector(configuration: configuration)
        let gpt = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
        // One run may mix models: half the requests go to a second model class.
        let local = try LLMFactory.make(metadata: ModelCatalog.openAICompatible("llama3"), connector: connector)
        let requests = (0..<48).map { LLMRequest(model: $0.isMultiple(of: 2) ? gpt : local, prompt: "q\($0)") }
        let results = await LLMPool(maxConcurrent: 16).run(requests, maxConcurrent: 5)
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        #expect(simulator.statistics.maxInFlight <= 5)
        #expect(simulator.statistics.maxInFlight >= 2)
        try await connector.shutdown()
        try await simulator.shutdown()
    }

    @Test func cancellingARunStopsSchedulingAndStillAnswersEveryRequest() async throws {
        let simulator = LLMSimulator(
            configuration: SimulatorConfiguration(
                randomFaults: [(.delayHeaders(.milliseconds(200)), 1.0)], name: "slow"))
        try await simulator.start()
        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(baseURL: simulator.baseURL, deployment: "d", apiKey: "k")))
        let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
        let requests = (0..<30).map { LLMRequest(model: model, prompt: "c\($0)") }
        let run = Task { await LLMPool(maxConcurrent: 3).run(requests) }
        while simulator.statistics.requests < 3 { await Task.yield() }
        run.cancel()
        let results = await run.value
        #expect(results.count == 30)
        let cancelled = results.filter { if case .failure(let error) = $0 { error.code == .cancelled } else { false } }
        #expect(cancelled.count >= 27 - 3)
        #expect(simulator.statistics.requests < 30)
        try await connector.shutdown()
        try await simulator.shutdown()
    }

    @Test func rateLimitsAdmitSixtyFourConcurrentCallersWithinTheQuota() async throws {
        let events = EventLog()
        try await SimulatorPair.with(withBackup: false) { pair in
            var configuration = pair.connector.configuration
            configuration.primary.rateLimits = RateLimits(requestsPerMinute: 60_000, tokensPerMinute: 20_000)
            let connector = try Connector(configuration: configuration)
            let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
            // Each request reserves its prompt estimate plus 500 output tokens: fewer than 40 fit at once.
            let requests = (0..<64).map {
                LLMRequest(model: model, prompt: "r\($0)", options: GenerationOptions(maxTokens: 500))
            }
            let results = await LLMPool(maxConcurrent: 64).run(
                requests, context: RequestContext(eventHandler: { events.append($0) }))
            #expect(results.allSatisfy { (try? $0.get()) != nil })
            #expect(Set(events.events.map(\.requestId)).count == 64)
            // The bucket held back the overflow until settled or refilled tokens admitted it.
            #expect(events.count(of: .waitedForRateLimit) > 0)
            #expect(events.count(of: .requested) == 64)
            #expect(events.count(of: .responseCreated) == 64)
            try await connector.shutdown()
        }
    }

    @Test func a429WithRetryAfterPausesTheEndpointForOtherRequests() async throws {
        let events = EventLog()
        try await SimulatorPair.with(withBackup: false) { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: pair.connector)
            pair.primary.enqueue(.status(429, retryAfterMs: 500))
            let context = RequestContext(eventHandler: { events.append($0) })
            let first = Task { try await model.getAnswer("first", context: context) }
            while events.count(of: .retried) == 0 { await Task.yield() }
            // A second request, started while the endpoint is paused, waits for the pause too.
            let second = try await model.getAnswer("second", context: context)
            _ = try await first.value
            #expect(second.content == "primary says: second")
            #expect(events.count(of: .waitedForRateLimit) >= 1)
            let firstArrival = try #require(pair.primary.requests.first?.receivedAt)
            let secondArrival = try #require(
                pair.primary.requests.first { $0.json?["messages"].map { "\($0)" }?.contains("second") == true }?
                    .receivedAt)
            #expect(secondArrival - firstArrival >= .milliseconds(500))
        }
    }

    @Test func metricsAndLogMetadataAreEmitted() async throws {
        let metrics = TestMetrics()
        let logs = LogCapture()
        try await SimulatorPair.with { pair in
            var configuration = pair.connector.configuration
            configuration.metricsFactory = metrics
            let connector = try Connector(configuration: configuration)
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!, connector: connector)
            var logger = Logger(label: "test") { _ in logs }
            logger.logLevel = .debug
            pair.primary.enqueue(.status(503))
            let response = try await model.getAnswer("measure me", context: RequestContext(logger: logger))
            for try await _ in model.streamAnswer("stream me", context: RequestContext(logger: logger)) {}
            _ = try? await model.getAnswer(
                "bad", context: RequestContext(logger: logger), options: GenerationOptions(topP: 3))

            let chat = GenAIDimensions(provider: "azure.ai.openai", model: "gpt-4.1-mini")
            // Two successes (one streamed), one failure before the network with its error type.
            #expect(try metrics.expectTimer("gen_ai.client.operation.duration", chat.duration()).values.count == 2)
            #expect(
                try metrics.expectTimer("gen_ai.client.operation.duration", chat.duration(error: "invalidRequest"))
                    .values.count == 1)
            #expect(try metrics.expectCounter("llm_failovers_total", [("endpoint", "primary")]).totalValue == 1)
            let input = try metrics.expectRecorder("gen_ai.client.token.usage", chat.tokens("input")).values
            #expect(input.count == 2 && input.first.map { Int($0) } == response.usage!.promptTokens)
            #expect(try metrics.expectRecorder("gen_ai.client.token.usage", chat.tokens("output")).values.count == 2)
            #expect(
                try metrics.expectTimer("gen_ai.client.operation.time_to_first_chunk", chat.duration()).values.count
                    == 1)

            let created = logs.records.first { $0.message == "response created" }
            #expect(created?.metadata["llm.model"] == "gpt-4.1-mini")
            #expect(created?.metadata["llm.attempt"] == "2")
            #expect(created?.metadata["llm.request_id"] != nil)
            #expect(created?.metadata["llm.tokens_in"] != nil)
            #expect(created?.metadata["llm.latency_ms"] != nil)
            #expect(logs.records.contains { $0.message == "failing over" && $0.metadata["llm.endpoint"] == "primary" })
            #expect(!logs.text.contains(SimulatorPair.key))
            try await connector.shutdown()
        }
    }

    @Test func spansCoverTheRequestAndEachAttempt() async throws {
        let tracer = InMemoryTracer()
        var answer: LLMResponse?
        try await SimulatorPair.with { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: pair.connector)
            pair.primary.enqueue(.status(503))
            let context = RequestContext(requestId: "traced")
            answer = try await withTracer(tracer) { try await model.getAnswer("trace me", context: context) }
        }
        let spans = tracer.finishedSpans
        let request = try #require(spans.first { $0.operationName == "chat gpt-4o" })
        #expect(request.kind == .client)
        #expect(request.attributes.get("gen_ai.operation.name") == .string("chat"))
        #expect(request.attributes.get("gen_ai.provider.name") == .string("azure.ai.openai"))
        #expect(request.attributes.get("gen_ai.request.model") == .string("gpt-4o"))
        // The simulator answers as the deployment it serves, which is what the response names.
        #expect(request.attributes.get("gen_ai.response.model") == .string("gpt-4.1-mini"))
        #expect(request.attributes.get("gen_ai.response.id") == answer.map { .string($0.id) })
        #expect(request.attributes.get("gen_ai.response.finish_reasons") == .stringArray(["stop"]))
        #expect(request.attributes.get("gen_ai.usage.input_tokens").map { "\($0)" } != nil)
        #expect(request.attributes.get("gen_ai.usage.output_tokens").map { "\($0)" } != nil)
        #expect(request.attributes.get("server.address") == .string("127.0.0.1"))
        #expect(request.attributes.get("llm.request_id") == .string("traced"))
        let attempts = spans.filter { $0.operationName == "llm.attempt" }
        #expect(attempts.compactMap { $0.attributes.get("llm.endpoint") } == [.string("primary"), .string("backup")])
        #expect(attempts.allSatisfy { $0.traceID == request.traceID && $0.parentSpanID == request.spanID })
        // The failed attempt says why (the status and the error type); the second is a resend.
        #expect(attempts.first?.attributes.get("http.response.status_code") == .int64(503))
        #expect(attempts.first?.attributes.get("error.type") == .string("serviceUnavailable"))
        #expect(attempts.last?.attributes.get("http.request.resend_count") == .int64(1))
        #expect(attempts.last?.attributes.get("error.type") == nil)
    }

    @Test func aFailedOrStreamedCallSaysSoInItsSpan() async throws {
        let tracer = InMemoryTracer()
        try await SimulatorPair.with(withBackup: false) { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: pair.connector)
            try await withTracer(tracer) {
                for try await _ in model.streamAnswer("stream me", context: RequestContext(requestId: "streamed")) {}
                pair.primary.enqueue(.status(400))
                _ = try? await model.getAnswer("fail me", context: RequestContext(requestId: "failed"))
            }
        }
        let requests = tracer.finishedSpans.filter { $0.operationName == "chat gpt-4o" }
        let streamed = try #require(requests.first { $0.attributes.get("llm.request_id") == .string("streamed") })
        #expect(streamed.attributes.get("gen_ai.request.stream") == .bool(true))
        #expect(streamed.attributes.get("gen_ai.response.finish_reasons") == .stringArray(["stop"]))
        #expect(streamed.attributes.get("gen_ai.response.time_to_first_chunk") != nil)
        let failed = try #require(requests.first { $0.attributes.get("llm.request_id") == .string("failed") })
        #expect(failed.attributes.get("error.type") == .string("invalidRequest"))
        #expect(failed.status?.code == .error)
        #expect(failed.errors.count == 1)
    }

    /// AsyncHTTPClient takes its tracer when the configuration is made: none when nothing is
    /// bootstrapped (no per-request no-op spans), the tracer in scope otherwise.
    @Test func transportSpansOnlyWithATracer() throws {
        let configuration = ConnectorConfiguration(
            primary: Endpoint(baseURL: URL(string: "https://r.openai.azure.com")!, deployment: "d", apiKey: "k"))
        #expect(try Connector.clientConfiguration(configuration).tracing.tracer == nil)
        let traced = try withTracer(InMemoryTracer()) { try Connector.clientConfiguration(configuration) }
        #expect(traced.tracing.tracer is InMemoryTracer)
    }
}

/// Collects events from concurrent handlers.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [LLMEvent] = []

    func append(_ event: LLMEvent) {
        lock.withLock { stored.append(event) }
    }

    /// The events so far, in order.
    var events: [LLMEvent] { lock.withLock { stored } }
    /// Their kinds.
    var kinds: [LLMEvent.Kind] { events.map(\.kind) }

    func count(of kind: LLMEvent.Kind) -> Int {
        lock.withLock { stored.filter { $0.kind == kind }.count }
    }
}

/// A swift-log handler that keeps every record, for assertions.
final class LogCapture: LogHandler, @unchecked Sendable {
    struct Record {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let lock = NSLock()
    private var stored: [Record] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var records: [Record] { lock.withLock { stored } }
    var text: String { records.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n") }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let record = Record(
            level: event.level, message: event.message.description, metadata: merged.mapValues { "\($0)" })
        lock.withLock { stored.append(record) }
    }
}
