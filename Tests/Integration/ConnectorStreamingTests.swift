import Foundation
import LLMSimulator
import SwiftLLM
import Testing

@Suite(.serialized) struct ConnectorStreamingTests {
    /// Collects a stream: its opening info, its events, and the error that ended it.
    static func collect(_ stream: AsyncThrowingStream<ConnectorStreamElement, any Error>) async
        -> (info: ResponseInfo?, events: [ServerSentEvent], error: LLMError?)
    {
        var info: ResponseInfo?
        var events: [ServerSentEvent] = []
        do {
            for try await element in stream {
                switch element {
                case .opened(let value): info = value
                case .event(let event): events.append(event)
                case .whole: Issue.record("a whole body where events were expected")
                }
            }
            return (info, events, nil)
        } catch {
            return (info, events, error as? LLMError)
        }
    }

    @Test func streamsAzureChunksUntilTheTerminator() async throws {
        try await SimulatorPair.with { pair in
            let result = await Self.collect(
                pair.connector.stream(SimulatorPair.chat("stream me", stream: true), context: RequestContext()))
            #expect(result.error == nil)
            #expect(result.info?.endpointName == "primary")
            #expect(SimulatorPair.text(of: result.events) == "primary says: stream me")
            #expect(result.events.first?.data.contains("prompt_filter_results") == true)
            #expect(result.events.last?.data.contains("\"usage\"") == true)
            #expect(!result.events.contains { $0.data == "[DONE]" })
            #expect(pair.primary.requests.first?.headers["accept"] == "text/event-stream")
        }
    }

    @Test func failsOverBeforeTheFirstEvent() async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.status(503))
            let result = await Self.collect(
                pair.connector.stream(SimulatorPair.chat("x", stream: true), context: RequestContext()))
            #expect(result.error == nil)
            #expect(result.info?.endpointName == "backup")
            #expect(result.info?.attempts == 2)
            #expect(SimulatorPair.text(of: result.events) == "backup says: x")
        }
    }

    @Test func aDropMidStreamSurfacesAnErrorAfterThePartialEvents() async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.dropMidStream(afterChunks: 3))
            let request = SimulatorPair.chat("one two three four", stream: true)
            let result = await Self.collect(pair.connector.stream(request, context: RequestContext()))
            #expect(result.error?.code == .streamInterrupted)
            #expect(result.events.count == 3)
            #expect(SimulatorPair.text(of: result.events) == "primary ")
            #expect(result.error?.message.hasPrefix("the stream broke after 3 event(s)") == true)
            // The connector knows events, not text: the chat lifecycle attaches the partial text.
            #expect(result.error?.partialContent == nil)
            // Nothing is retried once events reached the caller.
            #expect(pair.backup.requests.isEmpty)
            #expect(pair.primary.requests.count == 1)
        }
    }

    @Test func aStreamWithoutItsTerminatorIsAnError() async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.missingTerminator)
            let result = await Self.collect(
                pair.connector.stream(SimulatorPair.chat("a b", stream: true), context: RequestContext()))
            #expect(result.error?.code == .streamInterrupted)
            #expect(result.error?.message.contains("without its [DONE] terminator") == true)
            #expect(SimulatorPair.text(of: result.events) == "primary says: a b")
        }
    }

    @Test func aStallBetweenEventsHitsTheIdleTimeout() async throws {
        try await SimulatorPair.with(
            timeouts: Timeouts(
                connect: .seconds(2), attempt: .seconds(10), idle: .seconds(4), total: .seconds(60))
        ) { pair in
            // The first event comes at once, the next after 30 s: an idle timeout of 4 s leaves
            // room for a loaded machine before the first event (under the full CI suite 1 s did
            // not, and the request failed over to the backup) and none for the stall.
            pair.primary.enqueue(.delayChunks(.seconds(30)))
            let result = await Self.collect(
                pair.connector.stream(SimulatorPair.chat("a b c", stream: true), context: RequestContext()))
            #expect(result.error?.code == .streamInterrupted)
            #expect(result.error?.providerCode == "timeout")
            #expect(!result.events.isEmpty)
        }
    }

    @Test func cancellingTheConsumerFreesTheConnection() async throws {
        try await SimulatorPair.with(poolSize: 1, withBackup: false) { pair in
            pair.primary.enqueue(.delayChunks(.milliseconds(200)))
            let stream = pair.connector.stream(
                SimulatorPair.chat("a long answer with many words in it", stream: true), context: RequestContext())
            let consumer = Task {
                var events = 0
                for try await element in stream {
                    if case .event = element { events += 1 }
                }
                return events
            }
            // Wait until the stream is running on the simulator, then cancel the consumer.
            while pair.primary.statistics.inFlight == 0 { await Task.yield() }
            consumer.cancel()
            _ = try? await consumer.value
            // With a pool of one, this succeeds only if the cancelled stream gave its connection back.
            let response = try await pair.connector.send(
                SimulatorPair.chat("after"), context: RequestContext(timeout: .seconds(10)))
            #expect(SimulatorPair.content(response.body) == "primary says: after")
        }
    }
}
