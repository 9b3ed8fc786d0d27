package import Connectors
package import LLMCore

/// Decodes the Responses API's stream events (one decoder per stream): `response.created` (id and
/// model), `response.output_item.added` (a function call's id and name), `response.output_text.delta`,
/// `response.refusal.delta`, `response.function_call_arguments.delta` (argument fragments) and
/// `.done` (the joined arguments checked as JSON), `response.reasoning_summary_text.delta`,
/// `response.output_item.done` (a finished reasoning item with its encrypted content),
/// `response.completed` / `response.incomplete` (finish reason and usage); `response.failed` and
/// `error` are the framing's (``ResponsesFraming``). Events are read in `sequence_number` order: one that repeats an
/// earlier number is dropped, and the text delivered must then be the text the terminal event's
/// response lists (else a `decoding` error: never a shortened answer that looks complete). There is no `[DONE]`: a body that ends before a terminal event is
/// `streamInterrupted` (``finish()``).
package struct ResponsesStreamDecoder: ChatStreamDecoder {
    private var calls: [Int: (index: Int, arguments: String)] = [:]
    private var lastSequence = -1
    private var ended = false
    /// The text deltas returned so far (checked against the terminal event's response).
    private var deliveredText = ""

    /// Creates a decoder at the start of a stream.
    package init() {}

    /// Decodes one event; nil when it carries nothing for the caller.
    /// - Throws: ``LLMCore/LLMError``: `decoding` for an event that is not JSON, arguments that
    ///   are not a JSON object, or deltas that do not add up to the terminal event's text.
    package mutating func decode(_ event: ServerSentEvent) throws(LLMError) -> LLMStreamChunk? {
        guard let wire = try? ResponseEventWire.parse(event.data.utf8) else {
            throw LLMError(
                code: .decoding,
                message: "a stream event is not a Responses-API event: \(WireExcerpt.of(.init(event.data.utf8)))")
        }
        if let sequence = wire.sequenceNumber {
            guard sequence > lastSequence else { return nil }
            lastSequence = sequence
        }
        switch wire.type ?? event.event {
        case "response.created":
            return LLMStreamChunk(id: wire.response?.id, model: wire.response?.model)
        case "response.output_text.delta":
            guard let delta = wire.delta, !delta.isEmpty else { return nil }
            deliveredText += delta
            return LLMStreamChunk(textDelta: delta)
        case "response.refusal.delta":
            guard let delta = wire.delta, !delta.isEmpty else { return nil }
            return LLMStreamChunk(refusalDelta: delta)
        case "response.reasoning_summary_text.delta":
            guard let delta = wire.delta, !delta.isEmpty else { return nil }
            return LLMStreamChunk(reasoningDelta: delta)
        case "response.output_item.added":
            guard let item = wire.item, item.type == "function_call" else { return nil }
            let index = calls.count
            calls[wire.outputIndex ?? index] = (index, item.arguments ?? "")
            return LLMStreamChunk(
                toolCallDeltas: [
                    ToolCallDelta(
                        index: index, id: item.callId ?? item.id, name: item.name,
                        arguments: (item.arguments ?? "").isEmpty ? nil : item.arguments)
                ])
        case "response.function_call_arguments.delta":
            guard let delta = wire.delta, !delta.isEmpty, let output = wire.outputIndex, var call = calls[output] else {
                return nil
            }
            call.arguments += delta
            calls[output] = call
            return LLMStreamChunk(toolCallDeltas: [ToolCallDelta(index: call.index, arguments: delta)])
        case "response.function_call_arguments.done":
            guard let output = wire.outputIndex, let call = calls[output] else { return nil }
            let arguments = wire.arguments ?? call.arguments
            guard arguments.isEmpty || (try? JSONValue(parsing: arguments))?.objectValue != nil else {
                throw LLMError(
                    code: .decoding,
                    message:
                        "tool call \(call.index)'s streamed arguments are not a JSON object: \(WireExcerpt.of(.init(arguments.utf8)))"
                )
            }
            return nil
        case "response.output_item.done":
            guard let item = wire.item, item.type == "reasoning" else { return nil }
            return LLMStreamChunk(reasoning: [ResponsesMapping.reasoning(item)])
        case "response.completed", "response.incomplete":
            ended = true
            let response = wire.response
            // The deltas must add up to the text the response lists (an event out of order, or
            // dropped as a repeat, would otherwise leave a shortened answer that looks complete).
            let messages = (response?.output ?? []).filter { $0.type == "message" }
            let listed = messages.map(\.text).joined()
            if !messages.isEmpty, listed != deliveredText {
                throw LLMError(
                    code: .decoding,
                    message:
                        "the streamed text (\(deliveredText.count) characters) disagrees with the \(wire.type ?? "completed") response's (\(listed.count) characters): its events came out of order",
                    hint: "retry the request; the answer is in the response, not the stream")
            }
            var chunk = LLMStreamChunk(
                id: response?.id, model: response?.model,
                finishReason: ResponsesMapping.finishReason(
                    status: response?.status ?? (wire.type == "response.completed" ? "completed" : "incomplete"),
                    incompleteReason: response?.incompleteReason, calledFunctions: !calls.isEmpty))
            do { chunk.usage = try response?.usage?.usage() } catch {
                throw LLMError(code: .decoding, message: error.message)
            }
            return chunk
        default:
            return nil
        }
    }

    /// Throws `streamInterrupted` when the body ended before `response.completed` or
    /// `response.incomplete`.
    package mutating func finish() throws(LLMError) {
        guard !ended else { return }
        throw LLMError(
            code: .streamInterrupted, message: "the stream ended before response.completed",
            hint: "the connection was cut or the server stopped early; retry the request")
    }
}

/// How Responses-API streams end, fail and begin: the body's end ends them (the decoder checks
/// that `response.completed` or `response.incomplete` came); `error` and `response.failed` events
/// report a failure (retried or failed over by their code before any content);
/// `response.created`, `response.in_progress`, and the `added` events of items and content parts
/// come before the content.
package struct ResponsesFraming: StreamFraming {
    /// Creates the framing.
    package init() {}

    /// The role of an event by its `event:` name (else its data's `type`).
    package func role(of event: ServerSentEvent) -> StreamEventRole {
        let type = event.event ?? (try? ResponseEventWire.parse(event.data.utf8))?.type
        switch type {
        case "response.created", "response.in_progress", "response.queued", "response.content_part.added":
            return .preamble
        case "response.output_item.added":
            return event.data.contains(#""function_call""#) ? .content : .preamble
        case "error", "response.failed":
            let wire = try? ResponseEventWire.parse(event.data.utf8)
            let error = type == "error" ? wire?.errorObject : wire?.response?.error
            return .failure(WireMapping.error(error ?? StreamErrorWire(), info: nil))
        default:
            return .content
        }
    }

    /// The body's end ends the stream.
    package var requiresTerminal: Bool { false }

    /// What ends a Responses-API stream.
    package var terminalName: String { "response.completed" }
}
