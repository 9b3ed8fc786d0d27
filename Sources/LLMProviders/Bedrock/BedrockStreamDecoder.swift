package import Connectors
package import LLMCore

/// Decodes ConverseStream's events (one decoder per stream), each an event-stream frame whose
/// `:event-type` names it and whose payload is its JSON: `messageStart` (nothing for the caller),
/// `contentBlockStart` (a tool call's id and name; text and reasoning blocks start with their
/// first delta), `contentBlockDelta` (`text`, `toolUse.input` fragments of a tool call's arguments,
/// `reasoningContent` text, signature or redacted content), `contentBlockStop` (a tool call's joined
/// arguments checked as a JSON object; a finished reasoning block with its signature),
/// `messageStop` (the stop reason), `metadata` (usage and `metrics.latencyMs`, after the stop).
/// There is no terminal event: a body that ends before `messageStop` is `streamInterrupted`
/// (``finish()``).
package struct BedrockStreamDecoder: ChatStreamDecoder {
    private enum Kind {
        case text
        case tool(index: Int)
        case reasoning
    }

    private struct Block {
        var kind: Kind
        var text = ""
        var signature: String?
        var redacted: String?
        var arguments = ""
    }

    private var blocks: [Int: Block] = [:]
    private var toolCalls = 0
    private var stopped = false
    private var stopReason: String?
    private var additionalFields: JSONValue?
    private var latencyMs: Int?

    /// Creates a decoder at the start of a stream.
    package init() {}

    /// Decodes one event; nil when it carries nothing for the caller.
    /// - Throws: ``LLMCore/LLMError``: `decoding` for a payload that is not JSON, a tool-input
    ///   delta or a stop of a block that never started, tool arguments that are not a JSON object,
    ///   or a count that is not one.
    package mutating func decode(_ event: ServerSentEvent) throws(LLMError) -> LLMStreamChunk? {
        guard let wire = try? BedrockEventWire.parse(event.data.utf8) else {
            throw Self.failure(
                "a stream event is not a ConverseStream event: \(WireExcerpt.of(.init(event.data.utf8)))")
        }
        let index = wire.index ?? 0
        switch event.event {
        case "contentBlockStart":
            guard let toolUse = wire.startToolUse else { return nil }
            let call = toolCalls
            toolCalls += 1
            blocks[index] = Block(kind: .tool(index: call))
            return LLMStreamChunk(toolCallDeltas: [
                ToolCallDelta(index: call, id: toolUse.toolUseId, name: toolUse.name)
            ])
        case "contentBlockDelta":
            return try delta(wire, index: index)
        case "contentBlockStop":
            return try stop(index)
        case "messageStop":
            stopped = true
            stopReason = wire.stopReason
            additionalFields = wire.additionalFields
            return LLMStreamChunk(finishReason: wire.stopReason.map(BedrockMapping.finishReason), extras: extras)
        case "metadata":
            latencyMs = wire.latencyMs ?? latencyMs
            let usage: Usage?
            do { usage = try wire.usage?.usage() } catch { throw Self.failure(error.message) }
            return LLMStreamChunk(usage: usage, extras: extras)
        default:
            // `messageStart` and kinds added later carry nothing for the caller.
            return nil
        }
    }

    private var extras: ProviderExtras {
        BedrockMapping.extras(stopReason: stopReason, latencyMs: latencyMs, additionalFields: additionalFields)
    }

    private mutating func delta(_ wire: BedrockEventWire, index: Int) throws(LLMError)
        -> LLMStreamChunk?
    {
        if let fragment = wire.toolInput {
            guard case .tool(let call)? = blocks[index]?.kind else {
                throw Self.failure("tool input for content block \(index), which started no tool call")
            }
            blocks[index]?.arguments += fragment
            return fragment.isEmpty
                ? nil : LLMStreamChunk(toolCallDeltas: [ToolCallDelta(index: call, arguments: fragment)])
        }
        if let text = wire.text {
            if blocks[index] == nil { blocks[index] = Block(kind: .text) }
            return text.isEmpty ? nil : LLMStreamChunk(textDelta: text)
        }
        guard let reasoning = wire.reasoning else { return nil }
        var block = blocks[index] ?? Block(kind: .reasoning)
        defer { blocks[index] = block }
        if let signature = reasoning.signature { block.signature = signature }
        if let redacted = reasoning.redactedContent { block.redacted = (block.redacted ?? "") + redacted }
        guard let text = reasoning.text, !text.isEmpty else { return nil }
        block.text += text
        return LLMStreamChunk(reasoningDelta: text)
    }

    private mutating func stop(_ index: Int) throws(LLMError) -> LLMStreamChunk? {
        // A text block may stop without a delta having started it: nothing to finish.
        guard let block = blocks.removeValue(forKey: index) else { return nil }
        switch block.kind {
        case .tool(let call):
            guard !block.arguments.isEmpty else {
                return LLMStreamChunk(toolCallDeltas: [ToolCallDelta(index: call, arguments: "{}")])
            }
            guard (try? JSONValue(parsing: block.arguments))?.objectValue != nil else {
                throw Self.failure(
                    "tool call \(call)'s streamed input is not a JSON object: \(WireExcerpt.of(.init(block.arguments.utf8)))"
                )
            }
            return nil
        case .reasoning:
            let reasoning =
                block.redacted.map { Reasoning(text: "", redactedData: $0, provider: .bedrock) }
                ?? Reasoning(text: block.text, signature: block.signature, provider: .bedrock)
            return LLMStreamChunk(reasoning: [reasoning])
        case .text:
            return nil
        }
    }

    /// Throws `streamInterrupted` when the body ended before `messageStop`.
    package mutating func finish() throws(LLMError) {
        guard !stopped else { return }
        throw LLMError(
            code: .streamInterrupted, message: "the stream ended before messageStop",
            hint: "the connection was cut or the service stopped early; retry the request")
    }

    @inline(never)
    private static func failure(_ message: String) -> LLMError {
        LLMError(code: .decoding, message: message)
    }
}

/// How ConverseStream streams end, fail and begin: AWS event-stream frames; an exception frame
/// (`throttlingException`, `serviceUnavailableException`, `modelStreamErrorException`, ...) or an
/// error frame reports a failure, retried or failed over by its type when it comes before any
/// content; `messageStart` comes before the content. The body's end ends the stream (the decoder
/// checks that `messageStop` came; `metadata` follows it).
package struct BedrockFraming: StreamFraming {
    /// Creates the framing.
    package init() {}

    /// The role of an event by its name (``Connectors/EventStreamMessage/serverSentEvent``).
    package func role(of event: ServerSentEvent) -> StreamEventRole {
        guard let name = event.event else { return .content }
        if name.hasPrefix("exception:") {
            return .failure(BedrockErrorMapper.error(exception: String(name.dropFirst(10)), payload: event.data))
        }
        if name.hasPrefix("error:") {
            return .failure(BedrockErrorMapper.error(exception: String(name.dropFirst(6)), payload: event.data))
        }
        return name == "messageStart" ? .preamble : .content
    }

    /// The body's end ends the stream.
    package var requiresTerminal: Bool { false }

    /// What ends a ConverseStream stream.
    package var terminalName: String { "messageStop" }

    /// AWS event-stream frames.
    package var encoding: StreamEncoding { .awsEventStream }
}
