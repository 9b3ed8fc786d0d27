import Foundation
public import LLMCore

extension LLM {
    /// The answer decoded into `T`, held to `T`'s derived schema the way the model's API does it
    /// best (``ModelCapabilities/structuredOutput``); an answer that does not match is sent back
    /// with what was wrong, up to ``GenerationPolicy/maxRetries`` times.
    ///
    /// ```swift
    /// let forecast = try await model.generate(Forecast.self, [.user("Forecast for Oslo")])
    /// ```
    /// - Throws: `invalidRequest` before any call for a type without a schema; `invalidOutput`
    ///   (with ``LLMError/rawOutput`` and ``LLMError/validationFailures``) when no answer matched;
    ///   the model's `LLMError` when a call fails.
    public func generate<T: Decodable & Sendable>(
        _ type: T.Type, _ messages: [ChatMessage], context: RequestContext = RequestContext(),
        options: GenerationOptions = GenerationOptions(), policy: GenerationPolicy = GenerationPolicy()
    ) async throws -> T {
        try await generateResponse(type, messages, context: context, options: options, policy: policy).value
    }

    /// ``generate(_:_:context:options:policy:)`` for one user prompt.
    public func generate<T: Decodable & Sendable>(
        _ type: T.Type, prompt: String, context: RequestContext = RequestContext(),
        options: GenerationOptions = GenerationOptions(), policy: GenerationPolicy = GenerationPolicy()
    ) async throws -> T {
        try await generate(type, [.user(prompt)], context: context, options: options, policy: policy)
    }

    /// The decoded answer with its JSON, its last response, the attempts and the summed usage.
    public func generateResponse<T: Decodable & Sendable>(
        _ type: T.Type, _ messages: [ChatMessage], context: RequestContext = RequestContext(),
        options: GenerationOptions = GenerationOptions(), policy: GenerationPolicy = GenerationPolicy()
    ) async throws -> Generated<T> {
        let request = try typedRequest(type, options: options, policy: policy)
        return try await StructuredDriver(model: self, request: request).run(
            messages, context: context, options: options, streaming: false
        ) { _ in }
    }

    /// A JSON object matching a hand-written schema (seed 001's `StructuredTool`: a schema
    /// without a function), or, with a nil schema, any JSON object (`json_object`).
    public func generateJSON(
        schema: JSONValue?, name: String = "answer", _ messages: [ChatMessage],
        context: RequestContext = RequestContext(), options: GenerationOptions = GenerationOptions(),
        policy: GenerationPolicy = GenerationPolicy()
    ) async throws -> Generated<JSONValue> {
        var policy = policy
        policy.name = policy.name ?? name
        let request = try StructuredRequest<JSONValue>(
            schema: schema, typeName: name, policy: policy, metadata: metadata, options: options
        ) { text in try JSONValue(parsing: text) }
        return try await StructuredDriver(model: self, request: request).run(
            messages, context: context, options: options, streaming: false
        ) { _ in }
    }

    /// ``generateResponse(_:_:context:options:policy:)`` streamed: the JSON text as it arrives,
    /// `.retrying` when an attempt fails the schema, then `.finished` with the decoded value.
    public func streamGenerate<T: Decodable & Sendable>(
        _ type: T.Type, _ messages: [ChatMessage], context: RequestContext = RequestContext(),
        options: GenerationOptions = GenerationOptions(), policy: GenerationPolicy = GenerationPolicy()
    ) -> AsyncThrowingStream<GenerationEvent<T>, any Error> {
        pushStream { continuation in
            let request = try self.typedRequest(type, options: options, policy: policy)
            let result = try await StructuredDriver(model: self, request: request).run(
                messages, context: context, options: options, streaming: true
            ) { continuation.yield($0) }
            continuation.yield(.finished(result))
        }
    }

    private func typedRequest<T: Decodable & Sendable>(
        _ type: T.Type, options: GenerationOptions, policy: GenerationPolicy
    ) throws(LLMError) -> StructuredRequest<T> {
        let schema = try JSONSchema.derive(type)
        return try StructuredRequest<T>(
            schema: schema, typeName: "\(T.self)", policy: policy, metadata: metadata, options: options
        ) { text in try JSONSchema.decoder.decode(T.self, from: Data(text.utf8)) }
    }
}

/// Asks, checks, sends failures back and asks again.
struct StructuredDriver<Value: Sendable, Model: LLM> {
    let model: Model
    let request: StructuredRequest<Value>

    func run(
        _ messages: [ChatMessage], context: RequestContext, options: GenerationOptions, streaming: Bool,
        emit: @Sendable (GenerationEvent<Value>) -> Void
    ) async throws -> Generated<Value> {
        var conversation = request.messages(messages)
        let attemptOptions = request.options(options)
        var usage = Usage(promptTokens: 0, completionTokens: 0)
        var cost: Double?
        for attempt in 1...(request.maxRetries + 1) {
            let response = try await model.answer(
                conversation, context: context, options: attemptOptions, streaming: streaming, toolArguments: true
            ) { emit(.textDelta($0)) }
            if let value = response.usage { usage = usage + value }
            if let value = model.cost(of: response) {
                cost = (cost ?? 0) + value
            }
            switch request.value(of: response) {
            case .success(let (value, json)):
                return Generated(
                    value: value, json: json, response: response, attempts: attempt, usage: usage, costUSD: cost)
            case .failure(let failure):
                context.logger.debug(
                    "structured answer did not match",
                    metadata: [
                        "request_id": "\(context.requestId)", "attempt": "\(attempt)",
                        "failures": "\(failure.failures.count)",
                    ])
                guard attempt <= request.maxRetries else { throw request.error(failure, attempts: attempt) }
                emit(.retrying(failure.failures))
                conversation += request.correction(for: response, failure)
            }
        }
        // The loop returns or throws on its last pass.
        throw LLMError(code: .invalidOutput, message: "no attempt was made")
    }
}
