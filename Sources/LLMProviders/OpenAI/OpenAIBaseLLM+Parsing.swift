public import Connectors
public import Foundation
public import LLMCore

extension OpenAIBaseLLM {
    /// Parses a `chat.completion` body: content, refusal, tool calls, finish reason, usage with
    /// cached and reasoning tokens, Azure's prompt and content filter results, and the cost from
    /// the model's prices.
    /// - Throws: ``LLMError`` (`decoding`) when the body is not a chat completion.
    public func parseChatCompletion(_ body: Data, info: ResponseInfo) throws(LLMError) -> LLMResponse {
        guard let wire = try? ChatCompletionWire.read(body) else {
            throw LLMError(
                code: .decoding, message: "the response is not a chat completion: \(WireExcerpt.of(body))",
                endpoint: info.endpoint, requestId: info.requestId)
        }
        if let error = wire.error {
            throw WireMapping.error(error, info: info)
        }
        let choices = wire.choices ?? []
        let first = choices.first { ($0.index ?? 0) == 0 } ?? choices.first
        guard let first, let message = first.message else {
            throw LLMError(
                code: .decoding, message: "the response has no choices: \(WireExcerpt.of(body))",
                endpoint: info.endpoint, requestId: info.requestId)
        }
        let usage: Usage?
        do { usage = try wire.usage.map(WireMapping.usage) } catch {
            throw LLMError(
                code: .decoding, message: error.message, endpoint: info.endpoint, requestId: info.requestId)
        }
        return LLMResponse(
            id: wire.id ?? "", model: wire.model ?? metadata.name, content: message.content ?? "",
            refusal: message.refusal,
            toolCalls: (message.toolCalls ?? []).map {
                ToolCall(id: $0.id ?? "", name: $0.name ?? "", arguments: $0.arguments ?? "")
            },
            reasoning: message.reasoningContent.flatMap { $0.isEmpty ? nil : [Reasoning(text: $0)] } ?? [],
            finishReason: first.finishReason.map(WireMapping.finishReason), usage: usage,
            additionalChoices: choices.count < 2
                ? []
                : choices.filter { ($0.index ?? 0) != 0 }.sorted { ($0.index ?? 0) < ($1.index ?? 0) }
                    .map { $0.message?.content ?? "" },
            requestId: info.requestId, endpoint: info.endpoint, attempts: info.attempts,
            contentFilterResults: WireMapping.filters(first.contentFilterResults),
            promptFilterResults: WireMapping.promptFilters(wire.promptFilterResults),
            extras: WireMapping.extras(systemFingerprint: wire.systemFingerprint), costUSD: cost(of: usage),
            logprobs: first.logprobs.map { $0.compactMap(\.tokenLogprob) })
    }
}

/// The stream decoder of an OpenAI-family model: chat completions' or the Responses API's.
enum OpenAIStreamDecoder: ChatStreamDecoder {
    /// `chat.completion.chunk` events.
    case chat(ChunkDecoder)
    /// Responses-API events.
    case responses(ResponsesStreamDecoder)

    /// Decodes one event with the instance's API's decoder.
    mutating func decode(_ event: ServerSentEvent) throws(LLMError) -> LLMStreamChunk? {
        switch self {
        case .chat(let decoder): return try decoder.decode(event)
        case .responses(var decoder):
            defer { self = .responses(decoder) }
            return try decoder.decode(event)
        }
    }

    /// Checks the stream's end (the Responses API's terminal event).
    mutating func finish() throws(LLMError) {
        guard case .responses(var decoder) = self else { return }
        defer { self = .responses(decoder) }
        try decoder.finish()
    }
}

/// Decodes `chat.completion.chunk` events (one decoder per stream), for code that reads chat
/// streams itself.
package struct ChunkDecoder: ChatStreamDecoder {
    /// Creates a decoder.
    package init() {}

    /// Decodes one event (see ``decode(_:)-(String)``); every event yields a chunk.
    package func decode(_ event: ServerSentEvent) throws(LLMError) -> LLMStreamChunk? {
        try decode(event.data)
    }

    /// Decodes one event's data into a chunk. Azure's quirks decode too: a first chunk with no
    /// choices and prompt filter results, a choice with no delta carrying only filter results, a
    /// `content_filter` finish, a usage-only last chunk with no choices.
    /// An error event is the framing's (``OpenAIChatFraming``), never a chunk.
    /// - Throws: ``LLMError``: `decoding` for an event that is not JSON.
    package func decode(_ data: String) throws(LLMError) -> LLMStreamChunk {
        guard let wire = try? ChatCompletionWire.read(data.utf8) else {
            throw LLMError(
                code: .decoding,
                message: "a stream event is not a chat completion chunk: \(WireExcerpt.of(Data(data.utf8)))")
        }
        var chunk = LLMStreamChunk(id: wire.id, model: wire.model)
        chunk.extras = WireMapping.extras(systemFingerprint: wire.systemFingerprint)
        chunk.promptFilterResults = WireMapping.promptFilters(wire.promptFilterResults)
        do { chunk.usage = try wire.usage.map(WireMapping.usage) } catch {
            throw LLMError(code: .decoding, message: error.message)
        }
        if let choice = wire.choices?.first(where: { ($0.index ?? 0) == 0 }) {
            if let delta = choice.delta {
                if let content = delta.content, !content.isEmpty { chunk.textDelta = content }
                if let reasoning = delta.reasoningContent, !reasoning.isEmpty { chunk.reasoningDelta = reasoning }
                chunk.refusalDelta = delta.refusal
                chunk.toolCallDeltas = (delta.toolCalls ?? []).enumerated().map { offset, call in
                    ToolCallDelta(index: call.index ?? offset, id: call.id, name: call.name, arguments: call.arguments)
                }
            }
            chunk.finishReason = choice.finishReason.map(WireMapping.finishReason)
            chunk.contentFilterResults = WireMapping.filters(choice.contentFilterResults)
        }
        return chunk
    }
}

/// Conversions from the chat-completions wire types to LLMCore types.
enum WireMapping {
    /// `stop`, `length`, `tool_calls`, `content_filter`, `function_call`; anything else verbatim.
    static func finishReason(_ value: String) -> FinishReason {
        switch value {
        case "stop": .stop
        case "length": .length
        case "tool_calls": .toolCalls
        case "content_filter": .contentFilter
        case "function_call": .functionCall
        default: .other(value)
        }
    }

    /// The system fingerprint, when reported, as the OpenAI extras.
    static func extras(systemFingerprint: String?) -> ProviderExtras {
        var extras = ProviderExtras()
        if let systemFingerprint {
            extras[OpenAIChatExtras.self] = OpenAIChatExtras(systemFingerprint: systemFingerprint)
        }
        return extras
    }

    /// The usage, every count checked (``WireCount``).
    static func usage(_ wire: UsageWire) throws(LLMError) -> Usage {
        let prompt = try WireCount.checked(wire.promptTokens, "prompt_tokens") ?? 0
        let completion = try WireCount.checked(wire.completionTokens, "completion_tokens") ?? 0
        return Usage(
            promptTokens: prompt, completionTokens: completion,
            totalTokens: try WireCount.checked(wire.totalTokens, "total_tokens"),
            cachedTokens: try WireCount.checked(wire.cachedTokens, "cached_tokens"),
            reasoningTokens: try WireCount.checked(wire.reasoningTokens, "reasoning_tokens"),
            audioPromptTokens: try WireCount.checked(wire.audioPromptTokens, "audio_tokens"),
            audioCompletionTokens: try WireCount.checked(wire.audioCompletionTokens, "audio_tokens"))
    }

    static func filters(_ wire: [String: FilterWire]?) -> ContentFilterResults {
        guard let wire else { return [:] }
        var results: ContentFilterResults = [:]
        for (category, verdict) in wire
        where verdict.filtered != nil || verdict.severity != nil || verdict.detected != nil {
            results[category] = ContentFilterResult(
                filtered: verdict.filtered ?? false, severity: verdict.severity, detected: verdict.detected)
        }
        return results
    }

    static func promptFilters(_ wire: [PromptFilterWire]?) -> ContentFilterResults {
        (wire ?? []).reduce(into: ContentFilterResults()) { results, prompt in
            results.merge(filters(prompt.contentFilterResults)) { old, new in new.filtered ? new : old }
        }
    }

    /// An error object inside a 200 body or a stream (after the stream's first event the connector
    /// makes it `streamInterrupted`).
    static func error(_ wire: StreamErrorWire, info: ResponseInfo?) -> LLMError {
        let code: LLMErrorCode
        switch wire.code {
        case "content_filter": code = .contentFiltered
        case "rate_limit_exceeded", "429": code = .rateLimited
        case "context_length_exceeded": code = .contextLengthExceeded
        default: code = .server
        }
        return LLMError(
            code: code, message: "the service reported an error: \(wire.message ?? "no message")",
            providerCode: wire.code ?? wire.type, providerMessage: wire.message, endpoint: info?.endpoint,
            requestId: info?.requestId)
    }

}
