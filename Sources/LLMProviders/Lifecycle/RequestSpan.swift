import Connectors
import Foundation
import LLMCore
import OTelSemanticConventions
import Tracing

/// The OpenTelemetry GenAI client span of one model call, named `{gen_ai.operation.name}
/// {gen_ai.request.model}` (`chat gpt-4.1-mini`): the operation, the provider, the requested model
/// and its set options, `server.address` and `server.port`, and the library's `llm.request_id`
/// when it starts; the answering server, `gen_ai.response.model`, `gen_ai.response.id`, the token
/// usage and `gen_ai.response.finish_reasons` when it succeeds; `error.type` when it fails. The
/// connector's `llm.attempt` spans are its children. Nothing at all when no tracer is bootstrapped.
struct RequestSpan: Sendable {
    private let span: ClientSpan
    /// The connector's endpoints, to name the one that answered (empty when tracing is off).
    private let endpoints: [Endpoint]

    /// Starts the span of a call to `model`.
    init(_ model: RemoteBaseLLM, context: RequestContext, options: GenerationOptions?, stream: Bool) {
        span = ClientSpan("\(model.operation.rawValue) \(model.metadata.name)") { attributes in
            attributes[GenAI.Attribute.operationName] = model.operation.rawValue
            attributes[GenAI.Attribute.providerName] = model.telemetryProvider
            attributes[GenAI.Attribute.requestModel] = model.metadata.name
            attributes.setServer(model.connector.configuration.primary.baseURL)
            attributes["llm.request_id"] = context.requestId
            if stream { attributes[GenAI.Attribute.requestStream] = true }
            guard let options else { return }
            if let value = options.maxTokens { attributes[GenAI.Attribute.requestMaxTokens] = value }
            if let value = options.temperature { attributes[GenAI.Attribute.requestTemperature] = value }
            if let value = options.topP { attributes[GenAI.Attribute.requestTopP] = value }
            if let value = options.seed { attributes[GenAI.Attribute.requestSeed] = value }
        }
        endpoints = span.span == nil ? [] : model.connector.endpoints
    }

    /// Whether a tracer records this call (false with the no-op tracer).
    var isTracing: Bool { span.span != nil }

    /// Runs `operation` with this span as the current context.
    func withContext<T>(_ operation: () async throws -> T) async rethrows -> T {
        try await span.withContext(operation)
    }

    /// Ends the span of a call that succeeded: the answering endpoint's address and, for a chat
    /// answer, what the response says about itself.
    func succeeded(_ response: LLMResponse?, info: ResponseInfo?, timeToFirstChunk: Duration? = nil) {
        span.update { attributes in
            if let info, endpoints.indices.contains(info.endpointIndex) {
                attributes.setServer(endpoints[info.endpointIndex].baseURL)
            }
            if let timeToFirstChunk {
                attributes[GenAI.Attribute.responseTimeToFirstChunk] = timeToFirstChunk.seconds
            }
            guard let response else { return }
            if !response.model.isEmpty { attributes[GenAI.Attribute.responseModel] = response.model }
            if !response.id.isEmpty { attributes[GenAI.Attribute.responseID] = response.id }
            if let usage = response.usage {
                attributes[GenAI.Attribute.usageInputTokens] = usage.promptTokens
                attributes[GenAI.Attribute.usageOutputTokens] = usage.completionTokens
            }
            if let reason = response.finishReason {
                attributes[GenAI.Attribute.responseFinishReasons] = [Self.name(of: reason)]
            }
        }
        span.end()
    }

    /// Ends the span of a call that failed (`error.type` is the error's code).
    func failed(_ failure: LLMError) {
        span.end(failure: failure)
    }

    /// A finish reason as the conventions spell them (the OpenAI names: `stop`, `tool_calls`, ...).
    static func name(of reason: FinishReason) -> String {
        switch reason {
        case .stop: "stop"
        case .length: "length"
        case .toolCalls: "tool_calls"
        case .contentFilter: "content_filter"
        case .functionCall: "function_call"
        case .other(let value): value
        }
    }
}
