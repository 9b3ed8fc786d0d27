public import Connectors
public import LLMCore
import Logging
import Tracing

/// The base of every model reached through a ``Connectors/Connector``, whatever its API: the
/// connector, the model's metrics instruments, the one policy for parameters the model does not
/// accept, the check that the connector's endpoints speak the model's API, and the lifecycle's
/// events, metrics and logs.
///
/// Provider bases (``OpenAIBaseLLM``, ``AnthropicBaseLLM``) derive from it and conform to
/// ``ChatWireFormat``, which gives them the request lifecycle (``ChatWireFormat/complete(_:context:options:)``
/// and ``ChatWireFormat/completeStream(_:context:options:)``). Like ``LLMCore/BaseLLM`` it does not
/// conform to `LLM`: concrete `final` classes declare it.
open class RemoteBaseLLM: BaseLLM, @unchecked Sendable {
    /// The connector requests go through (failover, retries, deadlines).
    public let connector: Connector
    /// This model's metrics instruments (from the connector's ``Connectors/LLMMetrics``).
    let instruments: LLMMetrics.ModelInstruments
    /// What its calls do, as OpenTelemetry's `gen_ai.operation.name` says it.
    let operation: GenAI.Operation
    /// Its provider as OpenTelemetry's `gen_ai.provider.name` says it (the primary endpoint's API).
    let telemetryProvider: String
    /// The parameters the model does not accept, so a request checks only those.
    private let unsupportedParameters: [GenerationParameter]
    /// Set when an endpoint's style is not one this model's API speaks; every request throws it.
    private let endpointMismatch: LLMError?

    /// Creates the base of a model reached through `connector`.
    public init(
        metadata: ModelMetadata, connector: Connector, defaultOptions: GenerationOptions = GenerationOptions()
    ) {
        self.connector = connector
        let operation = Self.operation
        let provider = connector.configuration.primary.style.api.telemetryName
        self.operation = operation
        self.telemetryProvider = provider
        self.instruments = connector.metrics.instruments(operation: operation, provider: provider, model: metadata.name)
        self.unsupportedParameters = GenerationParameter.allCases.filter { !metadata.supportedParameters.contains($0) }
        self.endpointMismatch = Self.mismatch(of: connector.endpoints, metadata: metadata)
        super.init(metadata: metadata, defaultOptions: defaultOptions)
    }

    /// What this class's calls do: media (images, speech, transcription, video), embeddings, else chat.
    private static var operation: GenAI.Operation {
        if self is any ImageGenerating.Type || self is any SpeechGenerating.Type || self is any Transcribing.Type
            || self is any VideoGenerating.Type
        {
            return .generateContent
        }
        return self is any EmbeddingWireFormat.Type ? .embeddings : .chat
    }

    /// Sends the conversation through the request lifecycle of the model's chat API (checks before
    /// the network, events, metrics, the span, the deadline, redaction) and returns the complete
    /// answer: a subclass that declares `LLM` answers with it. A class that speaks no chat API
    /// (an embedding model) refuses with `unsupportedOperation`.
    open func getAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        async throws -> LLMResponse
    {
        guard let chat = self as? any ChatWireFormat else { throw unsupportedChat }
        return try await chat.complete(messages, context: context, options: options)
    }

    /// Streams the answer through the same lifecycle, pulled as the caller consumes it.
    open func streamAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        -> AsyncThrowingStream<LLMStreamChunk, any Error>
    {
        guard let chat = self as? any ChatWireFormat else {
            let error = unsupportedChat
            return AsyncThrowingStream { throw error }
        }
        return chat.completeStream(messages, context: context, options: options)
    }

    private var unsupportedChat: LLMError {
        LLMError(
            code: .unsupportedOperation, message: "\(metadata.name) answers no chat",
            hint: LLMError.outputHint(for: metadata))
    }

    /// The names of the endpoint styles this model's API is spoken at (nil: any). A provider base
    /// names its own (``OpenAIBaseLLM``: `azure`, `azure-v1`, `openai`; ``AnthropicBaseLLM``:
    /// `anthropic`).
    open class var endpointStyles: Set<String>? { nil }

    /// Whether this model's API is spoken at endpoints of `style`: by default, whether
    /// ``endpointStyles`` names it. (The OpenAI family answers for every OpenAI-compatible style.)
    open class func speaks(_ style: EndpointStyle) -> Bool {
        endpointStyles?.contains(style.name) ?? true
    }

    /// Throws if an endpoint of the connector speaks another API than this model's.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) naming the endpoint and the styles to use.
    public func checkEndpoints() throws(LLMError) {
        if let endpointMismatch { throw endpointMismatch }
    }

    private static func mismatch(of endpoints: [Endpoint], metadata: ModelMetadata) -> LLMError? {
        guard let styles = endpointStyles else { return nil }
        for (index, endpoint) in endpoints.enumerated() where !speaks(endpoint.style) {
            let label = index == 0 ? "endpoint" : "backups[\(index - 1)].endpoint"
            return LLMError(
                code: .invalidConfiguration,
                message:
                    "\(metadata.name) (\(metadata.provider)) is not spoken at \(label) '\(endpoint.name)', a \(endpoint.style.name) endpoint",
                hint: "use an endpoint of style \(styles.sorted().joined(separator: " or ")) for this model",
                parameter: label)
        }
        return nil
    }

    /// The name the model has at `endpoint`: the endpoint's deployment, else the model's.
    public func modelName(at endpoint: Endpoint) -> String {
        endpoint.deployment ?? metadata.deploymentName
    }

    /// The options without those the model does not accept (``LLMCore/ModelMetadata/supportedParameters``).
    /// This is the one policy for unsupported parameters (for example `temperature` on reasoning
    /// models): they are removed, and the removal is logged at debug level — except where removing
    /// one would change what is asked for: `greedy` becomes temperature 0 (refused by a model
    /// without a temperature), a beam width above 1 is refused (no API takes beams), and
    /// `logitBias` is refused where the model does not take it.
    /// - Throws: ``LLMCore/LLMError`` (`invalidRequest`) naming the parameter that cannot be honoured.
    public func acceptedOptions(_ options: GenerationOptions, context: RequestContext) throws(LLMError)
        -> GenerationOptions
    {
        var options = options
        if let greedy = options.greedy {
            options.greedy = nil
            if greedy {
                guard metadata.supportedParameters.contains(.temperature) else {
                    throw refused("greedy", "\(metadata.name) takes no temperature, so it cannot decode greedily")
                }
                options.temperature = 0
            }
        }
        if let beams = options.numBeams {
            options.numBeams = nil
            if beams > 1 { throw refused("numBeams", "no API the library speaks takes beam search") }
        }
        if options.logitBias != nil, !metadata.supportedParameters.contains(.logitBias) {
            throw refused("logitBias", "\(metadata.name) takes no logit bias")
        }
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
        for parameter in dropped { options.unset(parameter) }
        return options
    }

    /// A parameter the model cannot honour and that cannot be dropped without changing the answer.
    func refused(_ parameter: String, _ reason: String) -> LLMError {
        .invalid(
            parameter, "\(parameter) cannot be honoured: \(reason)", hint: "leave \(parameter) unset for this model")
    }

    /// Model-specific checks of the accepted options, run before the request is built; the default
    /// accepts everything. Provider bases check their API's limits; model classes their own.
    open func validateModelOptions(_ options: GenerationOptions) throws(LLMError) {}

    /// The tokens to reserve against an endpoint's rate limit: the prompt estimate plus the
    /// requested output, else min(the output limit, 4,096); never more than `Int.max`.
    func tokenEstimate(promptTokens: Int, options: GenerationOptions) -> Int {
        Usage.saturatingSum(promptTokens, options.maxTokens ?? min(metadata.limits.maxOutputTokens, 4_096))
    }

    /// The cost of `usage` at the model's prices, when both are known.
    public func cost(of usage: Usage?) -> Double? {
        guard let usage, let pricing = metadata.pricing else { return nil }
        return pricing.cost(of: usage)
    }

    /// Emits `requested`.
    @inline(never)
    func requested(context: RequestContext) {
        connector.emit(LLMEvent(kind: .requested, requestId: context.requestId, model: metadata.name), context: context)
    }

    /// Records a finished request: its span's end, token and duration metrics, a debug log,
    /// `responseCreated`.
    @inline(never)
    func finished(
        _ response: LLMResponse, info: ResponseInfo?, span: RequestSpan?, context: RequestContext,
        timeToFirstChunk: Duration? = nil
    ) {
        span?.succeeded(response, info: info, timeToFirstChunk: timeToFirstChunk)
        if let usage = response.usage {
            instruments.tokens(input: max(0, usage.promptTokens), output: max(0, usage.completionTokens))
        }
        if let latency = response.latency { instruments.succeeded(after: latency) }
        if context.logs(.debug) {
            context.logger.debug(
                "response created",
                metadata: [
                    "llm.model": "\(metadata.name)", "llm.endpoint": "\(response.endpoint ?? "")",
                    "llm.attempt": "\(response.attempts)",
                    "llm.latency_ms": "\(response.latency.map(Self.milliseconds) ?? 0)",
                    "llm.tokens_in": "\(response.usage?.promptTokens ?? 0)",
                    "llm.tokens_out": "\(response.usage?.completionTokens ?? 0)",
                ])
        }
        connector.emit(
            LLMEvent(
                kind: .responseCreated, requestId: context.requestId, model: metadata.name, endpoint: response.endpoint,
                attempt: response.attempts, latency: response.latency, usage: response.usage), context: context)
    }

    /// Records a failed request (its span's end, the duration metric with `error.type`, a debug
    /// log, `failed`) and returns it as an ``LLMCore/LLMError``.
    @inline(never)
    func failed(
        _ error: any Error, start: ContinuousClock.Instant, span: RequestSpan?, context: RequestContext
    ) -> LLMError {
        let failure = LLMError(wrapping: error)
        span?.failed(failure)
        instruments.failed(after: ContinuousClock.now - start, code: failure.code.rawValue)
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

    /// One call of a media or embedding operation through the lifecycle chat calls go through:
    /// the GenAI span (``RequestSpan``), the duration metric and `responseCreated` (the answering
    /// endpoint, attempts, latency), or `failed` (the metric with `error.type`, the typed error).
    /// `body` emits `requested` (``requested(context:)``) when it sends, after its own checks, as
    /// a chat call does, and returns its result with the answer's ``Connectors/ResponseInfo``.
    func measured<T>(context: RequestContext, _ body: () async throws -> (T, ResponseInfo)) async throws -> T {
        let start = ContinuousClock.now
        let span = RequestSpan(self, context: context, options: nil, stream: false)
        do {
            return try await span.withContext {
                let (value, info) = try await body()
                answered(info, start: start, span: span, context: context)
                return value
            }
        } catch {
            throw failed(error, start: start, span: span, context: context)
        }
    }

    /// A pushed stream (``LLMCore/pushStream(of:_:)``) through the same lifecycle as
    /// ``measured(context:_:)``: `produce` emits `requested` when it sends and returns the answer's
    /// information (nil when nothing was sent).
    func measuredStream<Element: Sendable>(
        context: RequestContext,
        _ produce:
            @escaping @Sendable (AsyncThrowingStream<Element, any Error>.Continuation) async throws
            -> ResponseInfo?
    ) -> AsyncThrowingStream<Element, any Error> {
        pushStream { continuation in
            let start = ContinuousClock.now
            let span = RequestSpan(self, context: context, options: nil, stream: true)
            do {
                try await span.withContext {
                    let info = try await produce(continuation)
                    self.answered(info, start: start, span: span, context: context)
                }
            } catch {
                throw self.failed(error, start: start, span: span, context: context)
            }
        }
    }

    /// Records an answer that is not a chat response: the latency metric and `responseCreated`.
    @inline(never)
    private func answered(
        _ info: ResponseInfo?, start: ContinuousClock.Instant, span: RequestSpan, context: RequestContext
    ) {
        let latency = ContinuousClock.now - start
        span.succeeded(nil, info: info)
        instruments.succeeded(after: latency)
        connector.emit(
            LLMEvent(
                kind: .responseCreated, requestId: context.requestId, model: metadata.name, endpoint: info?.endpoint,
                attempt: info?.attempts ?? 1, latency: latency), context: context)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
