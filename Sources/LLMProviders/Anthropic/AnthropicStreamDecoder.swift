package import Connectors
package import LLMCore

/// Decodes the Messages API's stream events (one decoder per stream): `message_start` (id, model,
/// input usage), `content_block_start` (a tool call's id and name), `content_block_delta`
/// (`text_delta`, `input_json_delta` fragments of a tool call's arguments, `thinking_delta`,
/// `signature_delta`), `content_block_stop` (a finished thinking block with its signature; a tool
/// call's joined arguments checked as JSON), `message_delta` (the stop reason and cumulative
/// usage). `ping` and unknown events yield nothing.
package struct AnthropicStreamDecoder: ChatStreamDecoder {
    /// What a content block of the stream is, by its index.
    private enum Kind {
        case text
        case tool(index: Int)
        case thinking
        case redactedThinking
        case other
    }

    private struct Block {
        var kind: Kind
        var text = ""
        var signature: String?
        var data: String?
        var arguments = ""
        var sentArguments = false
    }

    private var blocks: [Int: Block] = [:]
    private var toolCalls = 0
    private var usage: AnthropicUsageWire?

    /// Creates a decoder at the start of a stream.
    package init() {}

    /// Decodes one event; nil when it carries nothing for the caller.
    /// - Throws: ``LLMCore/LLMError``: `decoding` for an event that is not JSON, a delta or stop of a
    ///   block that never started, or tool arguments that are not a JSON object.
    package mutating func decode(_ event: ServerSentEvent) throws(LLMError) -> LLMStreamChunk? {
        guard let wire = try? AnthropicEventWire.parse(event.data.utf8) else {
            throw Self.malformed(event)
        }
        switch wire.type ?? event.event {
        case "message_start":
            usage = wire.message?.usage
            return LLMStreamChunk(
                id: wire.message?.id, model: wire.message?.model, usage: try checkedUsage())
        case "content_block_start":
            return try start(wire)
        case "content_block_delta":
            return try delta(wire, event: event)
        case "content_block_stop":
            return try stop(wire, event: event)
        case "message_delta":
            usage = wire.usage.map { $0.over(usage) } ?? usage
            let delta = wire.delta
            return LLMStreamChunk(
                finishReason: delta?.stopReason.map(AnthropicMapping.finishReason),
                usage: try checkedUsage(),
                extras: AnthropicMapping.extras(
                    stopReason: delta?.stopReason, stopSequence: delta?.stopSequence, stopDetails: delta?.stopDetails,
                    serviceTier: usage?.serviceTier), stopSequence: delta?.stopSequence)
        default:
            return nil
        }
    }

    /// The usage so far, checked; a bad count is a `decoding` error carrying the delivered text.
    private func checkedUsage() throws(LLMError) -> Usage? {
        do { return try usage?.usage() } catch {
            throw LLMError(
                code: .decoding, message: error.message)
        }
    }

    private mutating func start(_ wire: AnthropicEventWire) throws(LLMError) -> LLMStreamChunk? {
        let index = wire.index ?? 0
        let content = wire.contentBlock
        switch content?.type {
        case "text":
            blocks[index] = Block(kind: .text)
            guard let text = content?.text, !text.isEmpty else { return nil }
            return LLMStreamChunk(textDelta: text)
        case "tool_use":
            let call = toolCalls
            toolCalls += 1
            var block = Block(kind: .tool(index: call))
            if let input = content?.input, input.objectValue?.isEmpty == false { block.arguments = input.jsonString }
            blocks[index] = block
            return LLMStreamChunk(
                toolCallDeltas: [ToolCallDelta(index: call, id: content?.id, name: content?.name)])
        case "thinking":
            blocks[index] = Block(kind: .thinking, text: content?.thinking ?? "", signature: content?.signature)
            return nil
        case "redacted_thinking":
            blocks[index] = Block(kind: .redactedThinking, data: content?.data)
            return nil
        default:
            blocks[index] = Block(kind: .other)
            return nil
        }
    }

    private mutating func delta(_ wire: AnthropicEventWire, event: ServerSentEvent)
        throws(LLMError) -> LLMStreamChunk?
    {
        let index = wire.index ?? 0
        guard var block = blocks[index] else { throw Self.unknownBlock(index, event) }
        defer { blocks[index] = block }
        let delta = wire.delta
        switch (delta?.type, block.kind) {
        case ("text_delta", _):
            guard let text = delta?.text, !text.isEmpty else { return nil }
            return LLMStreamChunk(textDelta: text)
        case ("input_json_delta", .tool(let call)):
            guard let fragment = delta?.partialJSON, !fragment.isEmpty else { return nil }
            block.arguments += fragment
            block.sentArguments = true
            return LLMStreamChunk(toolCallDeltas: [ToolCallDelta(index: call, arguments: fragment)])
        case ("thinking_delta", _):
            guard let thinking = delta?.thinking, !thinking.isEmpty else { return nil }
            block.text += thinking
            return LLMStreamChunk(reasoningDelta: thinking)
        case ("signature_delta", _):
            block.signature = delta?.signature
            return nil
        default:
            return nil
        }
    }

    private mutating func stop(_ wire: AnthropicEventWire, event: ServerSentEvent)
        throws(LLMError) -> LLMStreamChunk?
    {
        let index = wire.index ?? 0
        guard let block = blocks.removeValue(forKey: index) else {
            throw Self.unknownBlock(index, event)
        }
        switch block.kind {
        case .tool(let call):
            guard block.sentArguments else {
                // No fragments: the arguments are the block's start input, or none.
                let arguments = block.arguments.isEmpty ? "{}" : block.arguments
                return LLMStreamChunk(toolCallDeltas: [ToolCallDelta(index: call, arguments: arguments)])
            }
            guard (try? JSONValue(parsing: block.arguments))?.objectValue != nil else {
                throw LLMError(
                    code: .decoding,
                    message:
                        "tool call \(call)'s streamed arguments are not a JSON object: \(WireExcerpt.of(.init(block.arguments.utf8)))",
                )
            }
            return nil
        case .thinking:
            return LLMStreamChunk(
                reasoning: [Reasoning(text: block.text, signature: block.signature, provider: .anthropic)])
        case .redactedThinking:
            return LLMStreamChunk(reasoning: [Reasoning(text: "", redactedData: block.data, provider: .anthropic)])
        case .text, .other:
            return nil
        }
    }

    @inline(never)
    private static func malformed(_ event: ServerSentEvent) -> LLMError {
        LLMError(
            code: .decoding,
            message: "a stream event is not a Messages API event: \(WireExcerpt.of(.init(event.data.utf8)))")
    }

    @inline(never)
    private static func unknownBlock(_ index: Int, _ event: ServerSentEvent) -> LLMError {
        LLMError(
            code: .decoding,
            message: "a \(event.event ?? "stream") event names content block \(index), which never started")
    }
}

/// How Messages API streams end, fail and begin: `message_stop` ends them (a body that ends without
/// it is interrupted); an `error` event (`overloaded_error` after the 200, say) reports a failure,
/// retried or failed over when it comes before any content; `message_start`,
/// `content_block_start` and `ping` come before the content.
package struct AnthropicFraming: StreamFraming {
    /// Creates the framing.
    package init() {}

    /// The role of an event by its type (the `event:` field, else the data's `type`).
    package func role(of event: ServerSentEvent) -> StreamEventRole {
        let type = event.event ?? (try? AnthropicEventWire.parse(event.data.utf8))?.type
        switch type {
        case "message_stop": return .terminal
        case "ping", "message_start", "content_block_start": return .preamble
        case "error":
            let wire = try? AnthropicEventWire.parse(event.data.utf8)
            return .failure(AnthropicErrorMapper.error(event: wire?.error))
        default: return .content
        }
    }

    /// `message_stop` must end the stream.
    package var requiresTerminal: Bool { true }

    /// `message_stop`
    package var terminalName: String { "message_stop" }
}
