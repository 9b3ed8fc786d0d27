import Connectors
import Foundation
import LLMCore
import Tracing

extension ChatWireFormat {
    /// Validates, builds the request, sends it through the connector and parses the answer. Emits
    /// the lifecycle events, records metrics and the GenAI span (``RequestSpan``), and settles the
    /// rate-limit reservation with the real usage.
    func complete(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions) async throws
        -> LLMResponse
    {
        let start = ContinuousClock.now
        let span = RequestSpan(self, context: context, options: options, stream: false)
        do {
            return try await span.withContext {
                let request = try connectorRequest(messages, options: options, stream: false, context: context)
                let response = try await connector.send(request, context: context)
                var result = try parseResponse(response.body, info: response.info)
                result.reasoning = result.reasoning.map { $0.issued(by: response.info.endpoint) }
                result.latency = ContinuousClock.now - start
                await connector.settle(response.info, usedTokens: result.usage?.totalTokens ?? request.tokenEstimate)
                finished(result, info: response.info, span: span, context: context)
                return result
            }
        } catch {
            throw failed(error, start: start, span: span, context: context)
        }
    }

    /// Validates, builds the streaming request, and yields parsed chunks; the first chunk carries
    /// the endpoint and request id. An interrupted stream's error carries the text delivered so
    /// far. Emits the lifecycle events and records metrics (time to first token included). The
    /// stream is pulled: the network is read only as fast as the caller consumes chunks.
    func completeStream(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        -> AsyncThrowingStream<LLMStreamChunk, any Error>
    {
        let puller = ChatStreamPuller(model: self, messages: messages, options: options, context: context)
        return AsyncThrowingStream { try await puller.next() }
    }

    /// Runs every check, builds the API's request and emits `requested`: the connector request with
    /// the tokens to reserve (prompt estimate plus requested output).
    @inline(never)
    func connectorRequest(
        _ messages: [ChatMessage], options: GenerationOptions, stream: Bool, context: RequestContext
    ) throws(LLMError) -> ConnectorRequest {
        try checkEndpoints()
        let (merged, promptTokens) = try prepare(messages, options: options)
        let accepted = try acceptedOptions(merged, context: context)
        try validateModelOptions(accepted)
        var request = try wireRequest(messages, options: accepted, stream: stream, context: context)
        request.framing = streamFraming
        request.tokenEstimate = tokenEstimate(promptTokens: promptTokens, options: accepted)
        requested(context: context)
        return request
    }
}

/// Produces a chat stream's chunks on demand; only the consuming task calls ``next()``, one call at
/// a time (AsyncThrowingStream's unfolding contract), so its state needs no lock.
final class ChatStreamPuller<Model: ChatWireFormat>: @unchecked Sendable {
    private let model: Model
    private let messages: [ChatMessage]
    private let options: GenerationOptions
    private let context: RequestContext
    private let start = ContinuousClock.now
    private var decoder: Model.StreamDecoder
    private var events: EventPuller?
    private var estimate = 0
    private var info: ResponseInfo?
    private var firstChunk = true
    private var accumulator = StreamAccumulator()
    private var finished = false
    /// The stream's GenAI span, started when it opens and ended when it ends, fails or is dropped.
    private var span: RequestSpan?
    private var timeToFirstChunk: Duration?
    /// Whether the server answered with one whole JSON body instead of events.
    private var answeredWhole = false

    init(model: Model, messages: [ChatMessage], options: GenerationOptions, context: RequestContext) {
        self.model = model
        self.messages = messages
        self.options = options
        self.context = context
        self.decoder = model.makeStreamDecoder()
    }

    /// A stream dropped before its end (the consumer stopped or was cancelled) ends its span as
    /// `cancelled`.
    deinit {
        if !finished, let span {
            span.failed(LLMError(code: .cancelled, message: "the stream was not read to its end"))
        }
    }

    func next() async throws -> LLMStreamChunk? {
        guard !finished else { return nil }
        do {
            if events == nil {
                let span = RequestSpan(model, context: context, options: options, stream: true)
                self.span = span
                events = try open()
            }
            while let element = try await pull() {
                switch element {
                case .opened(let opened): info = opened
                case .event(let event): if let chunk = try chunk(from: event) { return chunk }
                case .whole(let body):
                    answeredWhole = true
                    return try wholeChunk(body)
                }
            }
            if !answeredWhole { try decoder.finish() }
            finished = true
            if let info { await model.connector.settle(info, usedTokens: usedTokens) }
            report()
            return nil
        } catch {
            finished = true
            throw failure(error)
        }
    }

    /// The next connector element, with the span as the current context so the attempts' spans
    /// are its children (a plain pull when tracing is off).
    private func pull() async throws -> ConnectorStreamElement? {
        guard let span, span.isTracing else { return try await events?.next() }
        return try await span.withContext { try await events?.next() }
    }

    // Async frames live as long as the stream; the work below runs in synchronous frames.

    @inline(never)
    private func open() throws(LLMError) -> EventPuller {
        let request = try model.connectorRequest(messages, options: options, stream: true, context: context)
        estimate = request.tokenEstimate
        return model.connector.eventPuller(request, context: context)
    }

    /// The tokens the stream used (its final usage), else the reservation's estimate.
    private var usedTokens: Int { accumulator.usage?.totalTokens ?? estimate }

    @inline(never)
    private func report() {
        var result = accumulator.response
        result.latency = ContinuousClock.now - start
        result.attempts = info?.attempts ?? 1
        model.finished(result, info: info, span: span, context: context, timeToFirstChunk: timeToFirstChunk)
    }

    /// The stream's error with the text delivered so far: the one place partial text is attached.
    @inline(never)
    private func failure(_ error: any Error) -> LLMError {
        var failure = model.failed(error, start: start, span: span, context: context)
        let delivered = accumulator.content
        if !delivered.isEmpty || failure.code == .streamInterrupted { failure.partialContent = delivered }
        return failure
    }

    @inline(never)
    private func chunk(from event: ServerSentEvent) throws(LLMError) -> LLMStreamChunk? {
        guard let chunk = try decoder.decode(event) else { return nil }
        return delivered(chunk)
    }

    /// A whole answer (a gateway that ignored `stream: true`), parsed by the API's own parser and
    /// delivered as one chunk: its text, tool calls, reasoning, finish reason and usage.
    @inline(never)
    private func wholeChunk(_ body: Data) throws(LLMError) -> LLMStreamChunk {
        let info = info ?? ResponseInfo(status: 200, endpoint: "", endpointName: "", attempts: 1)
        let response = try model.parseResponse(body, info: info)
        return delivered(
            LLMStreamChunk(
                id: response.id, model: response.model, textDelta: response.content.isEmpty ? nil : response.content,
                refusalDelta: response.refusal, reasoning: response.reasoning,
                toolCallDeltas: response.toolCalls.enumerated().map { index, call in
                    ToolCallDelta(
                        index: index, id: call.id, name: call.name, arguments: call.arguments, signature: call.signature
                    )
                }, finishReason: response.finishReason, usage: response.usage,
                contentFilterResults: response.contentFilterResults, promptFilterResults: response.promptFilterResults,
                extras: response.extras, stopSequence: response.stopSequence))
    }

    /// Stamps a chunk for delivery (the first with the endpoint, the request id and the time to
    /// first chunk; reasoning with its origin) and folds it into the answer.
    private func delivered(_ chunk: LLMStreamChunk) -> LLMStreamChunk {
        var chunk = chunk
        if firstChunk {
            let elapsed = ContinuousClock.now - start
            timeToFirstChunk = elapsed
            model.instruments.timeToFirstChunk(elapsed)
            if let info {
                chunk.endpoint = info.endpoint
                chunk.requestId = info.requestId ?? context.requestId
            }
            firstChunk = false
        }
        if !chunk.reasoning.isEmpty, let info {
            chunk.reasoning = chunk.reasoning.map { $0.issued(by: info.endpoint) }
        }
        accumulator.add(chunk)
        return chunk
    }
}

extension Reasoning {
    /// This reasoning with ``origin`` set to `endpoint`, unless the parser already set it.
    func issued(by endpoint: String) -> Reasoning {
        guard origin == nil else { return self }
        var stamped = self
        stamped.origin = endpoint
        return stamped
    }
}
