package import Connectors
package import LLMCore

/// Decodes `streamGenerateContent?alt=sse` events (one decoder per stream): each event's data is a
/// whole `GenerateContentResponse` holding the next parts of the first candidate. Text parts are
/// text deltas, thought parts reasoning deltas, function calls (whole in one event) tool-call
/// deltas with their signature; the event with a `finishReason` gives the finish reason, the
/// ratings, and the reasoning parts to send back (the thoughts with their signature, a text
/// signature); `usageMetadata` is cumulative. There is no terminal event: a stream whose body ends
/// before a finish reason is `streamInterrupted` (``finish()``).
package struct GeminiStreamDecoder: ChatStreamDecoder {
    private var content = GeminiContent(responseId: "")
    private var finished = false
    private var deliveredAnyText = false

    /// Creates a decoder at the start of a stream.
    package init() {}

    /// Decodes one event.
    /// - Throws: ``LLMCore/LLMError``: `decoding` for an event that is not a response,
    ///   `contentFiltered` for a blocked prompt or an answer blocked before any text (as ``GeminiBaseLLM/parseResponse(_:info:)`` does).
    package mutating func decode(_ event: ServerSentEvent) throws(LLMError) -> LLMStreamChunk? {
        guard let wire = try? GeminiResponseWire.parse(event.data.utf8) else {
            throw LLMError(
                code: .decoding,
                message: "a stream event is not a GenerateContentResponse: \(WireExcerpt.of(.init(event.data.utf8)))")
        }
        if let feedback = wire.promptFeedback, feedback.blockReason != nil {
            throw GeminiMapping.blocked(feedback)
        }
        // The id and model once: the accumulator keeps them.
        var chunk = LLMStreamChunk()
        if content.responseId.isEmpty, let id = wire.responseId {
            content.responseId = id
            chunk.id = id
            chunk.model = wire.modelVersion
        }
        do { chunk.usage = try wire.usage?.usage() } catch {
            throw LLMError(code: .decoding, message: error.message)
        }
        guard let candidate = wire.candidates?.first else { return chunk }
        var text = ""
        var thoughts = ""
        for part in candidate.parts ?? [] {
            if part.functionCall != nil {
                let index = content.calls.count
                content.add(part)
                if let call = content.calls.last {
                    chunk.toolCallDeltas.append(
                        ToolCallDelta(
                            index: index, id: call.id, name: call.name, arguments: call.arguments,
                            signature: call.signature))
                }
            } else if part.thought == true {
                content.add(part)
                thoughts += part.text ?? ""
            } else {
                // The text is the caller's (the accumulator's); only its signature is kept here.
                text += part.text ?? ""
                if let signature = part.thoughtSignature { content.textSignature = signature }
            }
        }
        if !text.isEmpty { chunk.textDelta = text }
        let textBefore = deliveredAnyText
        deliveredAnyText = deliveredAnyText || !text.isEmpty
        if !thoughts.isEmpty { chunk.reasoningDelta = thoughts }
        if let reason = candidate.finishReason {
            finished = true
            chunk.finishReason = GeminiMapping.finishReason(reason, calledFunctions: !content.calls.isEmpty)
            // Blocked with nothing delivered: the same error as an unstreamed answer.
            if chunk.finishReason == .contentFilter, !textBefore, text.isEmpty, content.calls.isEmpty {
                throw GeminiMapping.blockedAnswer(candidate)
            }
            chunk.reasoning = content.reasoning
            chunk.contentFilterResults = GeminiMapping.results(candidate.safetyRatings)
            chunk.extras = GeminiExtras.of(
                finishReason: reason, finishMessage: candidate.finishMessage, modelVersion: wire.modelVersion)
        }
        return chunk
    }

    /// Throws `streamInterrupted` when the body ended before a candidate's finish reason.
    package mutating func finish() throws(LLMError) {
        guard !finished else { return }
        throw LLMError(
            code: .streamInterrupted, message: "the stream ended before a candidate's finishReason",
            hint: "the connection was cut or the server stopped early; retry the request")
    }
}

/// How Gemini streams end, fail and begin: every event is content (the first already carries
/// parts) and the body's end ends the stream (the decoder checks that a finish reason came); an
/// event whose data is `{"error": ...}` reports a failure, retried or failed over by its status
/// when it comes first.
package struct GeminiFraming: StreamFraming {
    /// Creates the framing.
    package init() {}

    /// A failure for an `{"error": ...}` event (found by its first member, without parsing the
    /// rest); content otherwise.
    package func role(of event: ServerSentEvent) -> StreamEventRole {
        guard Self.startsWithError(event.data) else { return .content }
        let status = (try? GeminiErrorBodyWire.parse(event.data.utf8))?.error
        return .failure(GeminiErrorMapper.error(event: status))
    }

    /// Whether the JSON text's first member is `"error"`.
    static func startsWithError(_ data: String) -> Bool {
        var bytes = data.utf8.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard bytes.first == 0x7B else { return false }
        bytes = bytes.dropFirst().drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        return bytes.starts(with: #""error""#.utf8)
    }

    /// The body's end ends the stream.
    package var requiresTerminal: Bool { false }

    /// What ends a Gemini stream.
    package var terminalName: String { "a candidate's finishReason" }
}
