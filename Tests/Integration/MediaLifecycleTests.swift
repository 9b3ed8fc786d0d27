import Foundation
import InMemoryTracing
import LLMSimulator
import MetricsTestKit
import SwiftLLM
import Testing
import Tracing

/// Media calls go through the request lifecycle chat calls do: the same events (`requested`, then
/// `responseCreated` or `failed`), the same GenAI metrics (the operation's duration, with
/// `error.type` for a failure) and the same GenAI span, over real sockets against the simulator.
@Suite(.serialized) struct MediaLifecycleTests {
    /// What one call left behind.
    struct Trace {
        var kinds: [LLMEvent.Kind]
        var span: FinishedInMemorySpan?
    }

    /// Runs `call` with a context that records its events, under a tracer; returns what it left.
    static func trace(
        _ requestId: String, _ call: (RequestContext) async throws -> Void
    ) async -> Trace {
        let events = EventLog()
        let tracer = InMemoryTracer()
        let context = RequestContext(requestId: requestId, eventHandler: { events.append($0) })
        _ = try? await withTracer(tracer) { try await call(context) }
        let span = tracer.finishedSpans.first { $0.attributes.get("gen_ai.operation.name") != nil }
        let modelKinds: Set<LLMEvent.Kind> = [.requested, .responseCreated, .failed]
        return Trace(kinds: events.kinds.filter(modelKinds.contains), span: span)
    }

    @Test func imageSpeechAndTranscriptionCallsEmitWhatAChatCallEmits() async throws {
        let metrics = TestMetrics()
        try await SimulatorPair.with(withBackup: false) { pair in
            var configuration = pair.connector.configuration
            configuration.metricsFactory = metrics
            let connector = try Connector(configuration: configuration)
            func metadata(_ name: String) -> ModelMetadata { ModelCatalog.metadata(named: name)! }
            let chat = try LLMFactory.make(metadata: metadata("gpt-4.1-mini"), connector: connector)
            let image = GPTImage1LLM(metadata: metadata("gpt-image-1"), connector: connector)
            let speech = SpeechLLM(metadata: metadata("tts-1"), connector: connector)
            let whisper = TranscriptionLLM(metadata: metadata("whisper-1"), connector: connector)
            let calls: [(String, String, (RequestContext) async throws -> Void)] = [
                ("gpt-4.1-mini", "chat", { _ = try await chat.getAnswer("hi", context: $0) }),
                (
                    "gpt-image-1", "image",
                    { _ = try await image.getImage(ImageGenerationRequest(prompt: "a cat"), context: $0) }
                ),
                ("tts-1", "speech", { _ = try await speech.getAudio(SpeechRequest(input: "hi"), context: $0) }),
                (
                    "tts-1", "speech-stream",
                    { for try await _ in speech.streamAudio(SpeechRequest(input: "hi"), context: $0) {} }
                ),
                (
                    "whisper-1", "transcription",
                    { _ = try await whisper.transcribe(try AudioInput(data: SimulatorMedia.wav), context: $0) }
                ),
            ]
            for (model, name, call) in calls {
                let trace = await Self.trace(name, call)
                #expect(trace.kinds == [.requested, .responseCreated], "\(name)")
                let operation = model == "gpt-4.1-mini" ? "chat" : "generate_content"
                #expect(trace.span?.operationName == "\(operation) \(model)", "\(name)")
                #expect(trace.span?.attributes.get("gen_ai.request.model") == .string(model), "\(name)")
                #expect(trace.span?.attributes.get("llm.request_id") == .string(name), "\(name)")
            }
            func dimensions(_ model: String) -> GenAIDimensions {
                GenAIDimensions(
                    operation: model == "gpt-4.1-mini" ? "chat" : "generate_content", provider: "azure.ai.openai",
                    model: model)
            }
            for (model, calls) in [("gpt-4.1-mini", 1), ("gpt-image-1", 1), ("whisper-1", 1), ("tts-1", 2)] {
                #expect(
                    try metrics.expectTimer("gen_ai.client.operation.duration", dimensions(model).duration()).values
                        .count == calls, "\(model)")
            }
            // A failure is `failed` and an error by model, as for chat.
            pair.primary.enqueue(.status(400))
            let failed = await Self.trace("image-failed") {
                _ = try await image.getImage(ImageGenerationRequest(prompt: "a cat"), context: $0)
            }
            #expect(failed.kinds == [.requested, .failed])
            #expect(
                try metrics.expectTimer(
                    "gen_ai.client.operation.duration", dimensions("gpt-image-1").duration(error: "invalidRequest")
                ).values.count == 1)
            try await connector.shutdown()
        }
    }

    @Test func aTextModelIsNoMediaModelAndItsStubsSayWhatItProduces() async throws {
        try await SimulatorPair.with(withBackup: false) { pair in
            let chat = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!, connector: pair.connector)
            #expect(!(chat is any ImageGenerating) && !(chat is any SpeechGenerating))
            #expect(!(chat is any VideoGenerating) && !(chat is any Transcribing))
            let base = try #require(chat as? BaseLLM)
            let error = await captureError { _ = try await base.getImage("a cat") }
            #expect(error?.code == .unsupportedOperation)
            #expect(error?.hint == "gpt-4.1-mini outputs text; use getAnswer()")
            let image = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "dall-e-3")!, connector: pair.connector)
            #expect(image is any ImageGenerating)
            #expect(pair.primary.requests.isEmpty)
        }
    }
}
