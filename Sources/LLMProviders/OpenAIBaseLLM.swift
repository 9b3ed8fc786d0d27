public import Connectors
import Foundation
public import LLMCore
import Logging
import Tracing

/// Helpers for every model spoken to over the OpenAI chat-completions wire format: payload
/// builders, response and stream parsers, finish-reason and error mapping, and the request flow.
///
/// Like ``LLMCore/BaseLLM`` it does not conform to `LLM`: a concrete `final` class declares `LLM`,
/// owns its parameter transform by overriding ``transform``, and implements `getAnswer` and
/// `streamAnswer` with ``complete(_:context:options:)`` and ``completeStream(_:context:options:)``.
open class OpenAIBaseLLM: BaseLLM, @unchecked Sendable {
    /// A model class's change to the standard body (renames, removals, roles).
    public typealias Transform = @Sendable (inout ChatBody) -> Void

    /// The connector requests go through (failover, retries, deadlines).
    public let connector: Connector
    /// This model's metrics instruments (from the connector's ``Connectors/LLMMetrics``).
    let instruments: LLMMetrics.ModelInstruments
    /// The parameters the model does not accept, so a request checks only those.
    private let unsupportedParameters: [GenerationParameter]

    /// Creates the helper base for a model reached through `connector`.
    public init(metadata: ModelMetadata, connector: Connector, defaultOptions: GenerationOptions = GenerationOptions())
    {
        self.connector = connector
        self.instruments = connector.metrics.instruments(model: metadata.name)
        self.unsupportedParameters = GenerationParameter.allCases.filter { !metadata.supportedParameters.contains($0) }
        super.init(metadata: metadata, defaultOptions: defaultOptions)
    }

    /// The `model` member of the body: the primary endpoint's deployment (Azure v1 and OpenAI take
    /// the deployment or model name there; Azure classic ignores it), else the model name.
    open var wireModelName: String {
        connector.endpoints.first?.deployment ?? metadata.deploymentName
    }

    /// The model's change to the standard body (renames, removals, roles); none by default.
    open var transform: Transform { StandardChatTransforms.unchanged }

    // MARK: - Request flow

    /// Validates, builds the body, sends it through the connector and parses the answer. Emits the
    /// lifecycle events, records metrics and a `llm.request` span, and settles the rate-limit
    /// reservation with the real usage.
    public func complete(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions) async throws
        -> LLMResponse
    {
        let start = ContinuousClock.now
        do {
            return try await withClientSpan("llm.request") { attributes in
                attributes["llm.model"] = metadata.name
                attributes["llm.request_id"] = context.requestId
            } _: {
                let request = try chatRequest(messages, options: options, stream: false, context: context)
                let response = try await connector.send(request, context: context)
                var result = try parseResponse(response.body, info: response.info)
                result.latency = ContinuousClock.now - start
                await connector.settle(response.info, usedTokens: result.usage?.totalTokens ?? request.tokenEstimate)
                finished(result, context: context)
                return result
            }
        } catch {
            throw failed(error, start: start, context: context)
        }
    }

    /// The connector request for a chat completion: checks, body, token estimate.
    @inline(never)
    func chatRequest(_ messages: [ChatMessage], options: GenerationOptions, stream: Bool, context: RequestContext)
        throws(LLMError) -> ConnectorRequest
    {
        let (body, estimate) = try prepareRequest(messages, options: options, stream: stream, context: context)
        return ConnectorRequest(path: "chat/completions", body: Data(body.data), tokenEstimate: estimate)
    }

    /// Validates, builds the streaming body, and yields parsed chunks; the first chunk carries the
    /// endpoint and request id. An interrupted stream's error carries the text delivered so far.
    /// Emits the lifecycle events and records metrics (time to first token included). The stream is
    /// pulled: the network is read only as fast as the caller consumes chunks.
    public func completeStream(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        -> AsyncThrowingStream<LLMStreamChunk, any Error>
    {
        let puller = ChunkPuller(model: self, messages: messages, options: options, context: context)
        return AsyncThrowingStream { try await puller.next() }
    }

    /// Produces a chat stream's chunks on demand; only the consuming task calls ``next()``, one
    /// call at a time (AsyncThrowingStream's unfolding contract), so its state needs no lock.
    final class ChunkPuller: @unchecked Sendable {
        private let model: OpenAIBaseLLM
        private let messages: [ChatMessage]
        private let options: GenerationOptions
        private let context: RequestContext
        private let start = ContinuousClock.now
        private let decoder = ChunkDecoder()
        private var events: EventPuller?
        private var estimate = 0
        private var info: ResponseInfo?
        private var firstChunk = true
        private var accumulator = StreamAccumulator()
        private var finished = false

        init(model: OpenAIBaseLLM, messages: [ChatMessage], options: GenerationOptions, context: RequestContext) {
            self.model = model
            self.messages = messages
            self.options = options
            self.context = context
        }

        func next() async throws -> LLMStreamChunk? {
            guard !finished else { return nil }
            do {
                if events == nil { events = try open() }
                while let element = try await events?.next() {
                    switch element {
                    case .opened(let opened): info = opened
                    case .event(let event): return try chunk(from: event)
                    }
                }
                finished = true
                if let info { await model.connector.settle(info, usedTokens: usedTokens) }
                report()
                return nil
            } catch {
                finished = true
                throw failure(error)
            }
        }

        // Async frames live as long as the stream; the work below runs in synchronous frames.

        @inline(never)
        private func open() throws(LLMError) -> EventPuller {
            let request = try model.chatRequest(messages, options: options, stream: true, context: context)
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
            model.finished(result, context: context)
        }

        @inline(never)
        private func failure(_ error: any Error) -> LLMError {
            var failure = model.failed(error, start: start, context: context)
            let delivered = accumulator.content
            if failure.partialContent == nil && (!delivered.isEmpty || failure.code == .streamInterrupted) {
                failure.partialContent = delivered
            }
            return failure
        }

        @inline(never)
        private func chunk(from event: ServerSentEvent) throws(LLMError) -> LLMStreamChunk {
            var chunk = try decoder.decode(event.data, deliveredText: accumulator.content)
            if firstChunk, let info {
                chunk.endpoint = info.endpoint
                chunk.requestId = info.requestId ?? context.requestId
                firstChunk = false
            }
            if chunk.textDelta != nil && accumulator.content.isEmpty {
                model.instruments.timeToFirstToken(ContinuousClock.now - start)
            }
            accumulator.add(chunk)
            return chunk
        }
    }

    /// Runs the checks, emits `requested`, counts the request, and builds the body; returns it with
    /// the tokens to reserve against the endpoint's rate limit (prompt estimate plus requested output).
    func prepareRequest(
        _ messages: [ChatMessage], options: GenerationOptions, stream: Bool, context: RequestContext
    )
        throws(LLMError) -> (ChatBody, Int)
    {
        let (merged, promptTokens) = try prepare(messages, options: options)
        try validateModelOptions(merged)
        let body = try buildBody(messages, options: merged, stream: stream, context: context)
        instruments.request()
        connector.emit(LLMEvent(kind: .requested, requestId: context.requestId, model: metadata.name), context: context)
        let output = merged.maxTokens ?? min(metadata.limits.maxOutputTokens, 4_096)
        return (body, promptTokens + output)
    }

    @inline(never)
    func finished(_ response: LLMResponse, context: RequestContext) {
        if let usage = response.usage {
            instruments.tokens(input: usage.promptTokens, output: usage.completionTokens)
        }
        if let latency = response.latency { instruments.latency(latency) }
        if context.logs(.debug) {
            context.logger.debug(
                "response created",
                metadata: [
                    "llm.model": "\(metadata.name)", "llm.endpoint": "\(response.endpoint ?? "")",
                    "llm.attempt": "\(response.attempts)",
                    "llm.latency_ms":
                        "\(response.latency.map { $0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000 } ?? 0)",
                    "llm.tokens_in": "\(response.usage?.promptTokens ?? 0)",
                    "llm.tokens_out": "\(response.usage?.completionTokens ?? 0)",
                ])
        }
        connector.emit(
            LLMEvent(
                kind: .responseCreated, requestId: context.requestId, model: metadata.name, endpoint: response.endpoint,
                attempt: response.attempts, latency: response.latency, usage: response.usage), context: context)
    }

    @inline(never)
    func failed(_ error: any Error, start: ContinuousClock.Instant, context: RequestContext) -> LLMError {
        let failure = LLMError(wrapping: error)
        connector.metrics.error(code: failure.code.rawValue, model: metadata.name)
        if context.logs(.debug) {
            context.logger.debug(
                "request failed",
                metadata: [
                    "llm.model": "\(metadata.name)", "llm.error_code": "\(failure.code)",
                    "llm.endpoint": "\(failure.endpoint ?? "")",
                ])
        }
        connector.emit(
            LLMEvent(
                kind: .failed, requestId: context.requestId, model: metadata.name, endpoint: failure.endpoint,
                latency: ContinuousClock.now - start, error: failure), context: context)
        return failure
    }

    /// Model-specific checks of the merged options, run before the body is built; the default
    /// accepts everything. Reasoning models override it to check `reasoningEffort`.
    open func validateModelOptions(_ options: GenerationOptions) throws(LLMError) {}

    // MARK: - Payload

    /// Builds the body: the model, the messages, the options the model accepts under their standard
    /// wire names, `stream` with `stream_options.include_usage` when streaming, then the model's
    /// transform, then `extraBody` on top.
    /// - Throws: ``LLMError`` when an image cannot be read or is not an image.
    public func buildBody(
        _ messages: [ChatMessage], options: GenerationOptions, stream: Bool, context: RequestContext = RequestContext()
    ) throws(LLMError) -> ChatBody {
        var body = ChatBody(capacity: 8)
        body["model"] = .string(wireModelName)
        body.set("messages", encoded: try encodedMessages(messages))
        Self.encodeOptions(acceptedOptions(options, context: context), into: &body)
        if stream {
            body["stream"] = true
            body.set("stream_options", encoded: Self.includeUsage)
        }
        transform(&body)
        for (key, value) in options.extraBody ?? [:] { body[key] = value }
        return body
    }

    /// The options without those the model does not accept (``LLMCore/ModelMetadata/supportedParameters``).
    /// This is the one policy for unsupported sampling parameters (for example `temperature` on
    /// reasoning models): they are removed, and the removal is logged at debug level.
    public func acceptedOptions(_ options: GenerationOptions, context: RequestContext) -> GenerationOptions {
        let dropped = unsupportedParameters.filter(options.isSet)
        guard !dropped.isEmpty else { return options }
        if context.logs(.debug) {
            context.logger.debug(
                "removed parameters the model does not accept",
                metadata: [
                    "llm.model": "\(metadata.name)",
                    "llm.dropped": "\(dropped.map(\.rawValue).joined(separator: ","))",
                ])
        }
        var result = options
        for parameter in dropped { result.unset(parameter) }
        return result
    }

    /// `stream_options` of a stream: `{"include_usage":true}`.
    private static let includeUsage = Array(#"{"include_usage":true}"#.utf8)

    /// Encodes messages: a lone text part as a string, several parts as typed parts (`text`,
    /// `image_url` with `detail`, `input_audio`), assistant tool calls, tool results with their id.
    public func encodeMessages(_ messages: [ChatMessage]) throws(LLMError) -> [JSONValue] {
        guard case .array(let values) = ChatBody.decode(try encodedMessages(messages)) else { return [] }
        return values
    }

    /// The messages' wire bytes (as ``encodeMessages(_:)`` describes), written directly: members in
    /// sorted key order, as the serializer would write them, without building `JSONValue`s.
    func encodedMessages(_ messages: [ChatMessage]) throws(LLMError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 * messages.count)
        out.append(0x5B)
        for (index, message) in messages.enumerated() {
            if index > 0 { out.append(0x2C) }
            // content, name, role, tool_call_id, tool_calls: sorted.
            Self.member("content", into: &out, first: true)
            if message.content.count == 1, let text = message.content[0].text {
                JSONValue.serialize(string: text, into: &out)
            } else if message.content.isEmpty {
                Self.literal("null", into: &out)
            } else {
                out.append(0x5B)
                for (partIndex, part) in message.content.enumerated() {
                    if partIndex > 0 { out.append(0x2C) }
                    try encode(part, parameter: "messages[\(index)].content[\(partIndex)]", into: &out)
                }
                out.append(0x5D)
            }
            if let name = message.name { Self.member("name", string: name, into: &out) }
            Self.member("role", string: message.role.rawValue, into: &out)
            if let callId = message.toolCallId { Self.member("tool_call_id", string: callId, into: &out) }
            if !message.toolCalls.isEmpty {
                Self.member("tool_calls", into: &out)
                out.append(0x5B)
                for (callIndex, call) in message.toolCalls.enumerated() {
                    if callIndex > 0 { out.append(0x2C) }
                    Self.member("function", into: &out, first: true)
                    Self.member("arguments", string: call.arguments, into: &out, first: true)
                    Self.member("name", string: call.name, into: &out)
                    out.append(0x7D)
                    Self.member("id", string: call.id, into: &out)
                    Self.member("type", string: "function", into: &out)
                    out.append(0x7D)
                }
                out.append(0x5D)
            }
            out.append(0x7D)
        }
        out.append(0x5D)
        return out
    }

    /// One content part, members sorted.
    private func encode(_ part: ContentPart, parameter: String, into out: inout [UInt8]) throws(LLMError) {
        switch part {
        case .text(let text):
            Self.member("text", string: text, into: &out, first: true)
            Self.member("type", string: "text", into: &out)
        case .image(let image):
            let url = try imageURL(for: image, parameter: parameter)
            Self.member("image_url", into: &out, first: true)
            if let detail = image.detail {
                Self.member("detail", string: detail.rawValue, into: &out, first: true)
                Self.member("url", string: url, into: &out)
            } else {
                Self.member("url", string: url, into: &out, first: true)
            }
            out.append(0x7D)
            Self.member("type", string: "image_url", into: &out)
        case .audio(let audio):
            Self.member("input_audio", into: &out, first: true)
            Self.member("data", string: audio.data.base64EncodedString(), into: &out, first: true)
            Self.member("format", string: audio.format, into: &out)
            out.append(0x7D)
            Self.member("type", string: "input_audio", into: &out)
        }
        out.append(0x7D)
    }

    /// Starts a member: `{"key":` for an object's first member, else `,"key":` (keys need no escaping).
    private static func member(_ key: StaticString, into out: inout [UInt8], first: Bool = false) {
        out.append(first ? 0x7B : 0x2C)
        out.append(0x22)
        literal(key, into: &out)
        out.append(contentsOf: [0x22, 0x3A])
    }

    private static func member(_ key: StaticString, string: String, into out: inout [UInt8], first: Bool = false) {
        member(key, into: &out, first: first)
        JSONValue.serialize(string: string, into: &out)
    }

    private static func literal(_ text: StaticString, into out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Encodes options under their standard wire names (`max_tokens`, `top_p`, ...); `top_k` is sent
    /// only when set (only OpenAI-compatible servers accept it).
    public static func encodeOptions(_ options: GenerationOptions) -> [String: JSONValue] {
        var body = ChatBody()
        encodeOptions(options, into: &body)
        return body.fields
    }

    /// Adds the options under their standard wire names to `body`.
    static func encodeOptions(_ options: GenerationOptions, into body: inout ChatBody) {
        if let value = options.maxTokens { body["max_tokens"] = .int(value) }
        if let value = options.temperature { body["temperature"] = .double(value) }
        if let value = options.topP { body["top_p"] = .double(value) }
        if let value = options.topK { body["top_k"] = .int(value) }
        if let value = options.frequencyPenalty { body["frequency_penalty"] = .double(value) }
        if let value = options.presencePenalty { body["presence_penalty"] = .double(value) }
        if let value = options.stop { body["stop"] = .array(value.map(JSONValue.string)) }
        if let value = options.seed { body["seed"] = .int(value) }
        if let value = options.n { body["n"] = .int(value) }
        if let value = options.responseFormat { body["response_format"] = encode(value) }
        if let tools = options.tools {
            body["tools"] = .array(
                tools.map { tool in
                    var function: [String: JSONValue] = ["name": .string(tool.name)]
                    if let description = tool.description { function["description"] = .string(description) }
                    if let parameters = tool.parameters { function["parameters"] = parameters }
                    if let strict = tool.strict { function["strict"] = .bool(strict) }
                    return ["type": "function", "function": .object(function)]
                })
        }
        if let choice = options.toolChoice {
            switch choice {
            case .none: body["tool_choice"] = "none"
            case .auto: body["tool_choice"] = "auto"
            case .required: body["tool_choice"] = "required"
            case .function(let name): body["tool_choice"] = ["type": "function", "function": ["name": .string(name)]]
            }
        }
        if let value = options.parallelToolCalls { body["parallel_tool_calls"] = .bool(value) }
        if let value = options.reasoningEffort { body["reasoning_effort"] = .string(value.rawValue) }
        if let value = options.user { body["user"] = .string(value) }
    }

    private static func encode(_ format: ResponseFormat) -> JSONValue {
        switch format {
        case .text:
            return ["type": "text"]
        case .jsonObject:
            return ["type": "json_object"]
        case .jsonSchema(let name, let schema, let strict, let description):
            var object: [String: JSONValue] = ["name": .string(name), "schema": schema]
            if let strict { object["strict"] = .bool(strict) }
            if let description { object["description"] = .string(description) }
            return ["type": "json_schema", "json_schema": .object(object)]
        }
    }
}
