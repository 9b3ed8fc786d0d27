import LLMCore
import LLMSupport

// Bedrock Runtime's Converse wire format, read straight from the bytes with the pull parser, as
// the other providers' are: every field optional, a member of the wrong type reads as absent,
// unknown members (new block or delta kinds, the stream's `p` padding) are skipped.

/// A `ConverseResponse`: `output.message.content`, `stopReason`, `usage`, `metrics`,
/// `additionalModelResponseFields`.
struct BedrockResponseWire: WireObject {
    var content: [BedrockBlockWire]?
    var stopReason: String?
    var usage: BedrockUsageWire?
    var latencyMs: Int?
    var additionalFields: JSONValue?
    var message: String?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "output":
            try parser.readObject { parser, key throws(JSONParser.Failure) in
                guard case "message" = key else { return try parser.skipValue() }
                try parser.readObject { parser, key throws(JSONParser.Failure) in
                    guard case "content" = key else { return try parser.skipValue() }
                    content = try parser.readElements(BedrockBlockWire.self)
                }
            }
        case "stopReason": stopReason = try parser.readString()
        case "usage": usage = try parser.readMembers(BedrockUsageWire.self)
        case "metrics": latencyMs = try BedrockMetricsWire.latency(from: &parser)
        case "additionalModelResponseFields": additionalFields = try parser.readValue()
        case "message", "Message": message = try parser.readString()
        default: try parser.skipValue()
        }
    }
}

/// A content block of an answer: `text`, `toolUse`, `reasoningContent`, or a kind read as empty.
struct BedrockBlockWire: WireObject {
    var text: String?
    var toolUse: BedrockToolUseWire?
    var reasoning: BedrockReasoningWire?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "text": text = try parser.readString()
        case "toolUse": toolUse = try parser.readMembers(BedrockToolUseWire.self)
        case "reasoningContent": reasoning = try parser.readMembers(BedrockReasoningWire.self)
        default: try parser.skipValue()
        }
    }
}

/// `toolUse` of an answer (`toolUseId`, `name`, `input`), of a `contentBlockStart` (no input), or
/// of a `contentBlockDelta` (`input`: a fragment of the arguments' JSON text).
struct BedrockToolUseWire: WireObject {
    var toolUseId: String?
    var name: String?
    var input: JSONValue?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "toolUseId": toolUseId = try parser.readString()
        case "name": name = try parser.readString()
        case "input": input = try parser.readValue()
        default: try parser.skipValue()
        }
    }
}

/// `reasoningContent`: in an answer `reasoningText` (`text`, `signature`) or `redactedContent`
/// (base64); in a stream delta `text`, `signature` or `redactedContent` directly.
struct BedrockReasoningWire: WireObject {
    var text: String?
    var signature: String?
    var redactedContent: String?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "reasoningText":
            try parser.readObject { parser, key throws(JSONParser.Failure) in
                switch key {
                case "text": text = try parser.readString()
                case "signature": signature = try parser.readString()
                default: try parser.skipValue()
                }
            }
        case "text": text = try parser.readString()
        case "signature": signature = try parser.readString()
        case "redactedContent": redactedContent = try parser.readString()
        default: try parser.skipValue()
        }
    }
}

/// `usage`: uncached input tokens, output tokens, their total, cache reads and writes.
struct BedrockUsageWire: WireObject {
    var inputTokens: WireCount?
    var outputTokens: WireCount?
    var totalTokens: WireCount?
    var cacheReadInputTokens: WireCount?
    var cacheWriteInputTokens: WireCount?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "inputTokens": inputTokens = try parser.readCount()
        case "outputTokens": outputTokens = try parser.readCount()
        case "totalTokens": totalTokens = try parser.readCount()
        case "cacheReadInputTokens": cacheReadInputTokens = try parser.readCount()
        case "cacheWriteInputTokens": cacheWriteInputTokens = try parser.readCount()
        default: try parser.skipValue()
        }
    }

    /// The neutral usage, every count checked (``WireCount``): Bedrock's `inputTokens` leaves out
    /// the cache reads and writes, which count as prompt tokens here (as they are billed).
    func usage() throws(LLMError) -> Usage {
        let read = try WireCount.checked(cacheReadInputTokens, "cacheReadInputTokens")
        let written = try WireCount.checked(cacheWriteInputTokens, "cacheWriteInputTokens")
        let input = try WireCount.checked(inputTokens, "inputTokens") ?? 0
        let output = try WireCount.checked(outputTokens, "outputTokens") ?? 0
        let prompt = Usage.saturatingSum(Usage.saturatingSum(input, read ?? 0), written ?? 0)
        return Usage(
            promptTokens: prompt, completionTokens: output,
            totalTokens: try WireCount.checked(totalTokens, "totalTokens") ?? Usage.saturatingSum(prompt, output),
            cachedTokens: read, cacheCreationTokens: written)
    }
}

/// `metrics`: `latencyMs`.
enum BedrockMetricsWire {
    /// The `latencyMs` of a `metrics` object (nil when absent or not a whole number).
    static func latency(from parser: inout JSONParser) throws(JSONParser.Failure) -> Int? {
        var latency: Int?
        try parser.readObject { parser, key throws(JSONParser.Failure) in
            guard case "latencyMs" = key else { return try parser.skipValue() }
            latency = try parser.readInt()
        }
        return latency
    }
}

/// One ConverseStream event's payload (its kind is the frame's `:event-type`): `messageStart`
/// (`role`), `contentBlockStart` (`contentBlockIndex`, `start.toolUse`), `contentBlockDelta`
/// (`contentBlockIndex`, `delta` of `text`, `toolUse.input` or `reasoningContent`),
/// `contentBlockStop` (`contentBlockIndex`), `messageStop` (`stopReason`,
/// `additionalModelResponseFields`), `metadata` (`usage`, `metrics`).
struct BedrockEventWire: WireObject {
    var index: Int?
    var startToolUse: BedrockToolUseWire?
    var text: String?
    var toolInput: String?
    var reasoning: BedrockReasoningWire?
    var stopReason: String?
    var additionalFields: JSONValue?
    var usage: BedrockUsageWire?
    var latencyMs: Int?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "contentBlockIndex": index = try parser.readInt()
        case "start":
            try parser.readObject { parser, key throws(JSONParser.Failure) in
                guard case "toolUse" = key else { return try parser.skipValue() }
                startToolUse = try parser.readMembers(BedrockToolUseWire.self)
            }
        case "delta":
            try parser.readObject { parser, key throws(JSONParser.Failure) in
                switch key {
                case "text": text = try parser.readString()
                case "toolUse":
                    try parser.readObject { parser, key throws(JSONParser.Failure) in
                        guard case "input" = key else { return try parser.skipValue() }
                        toolInput = try parser.readString()
                    }
                case "reasoningContent": reasoning = try parser.readMembers(BedrockReasoningWire.self)
                default: try parser.skipValue()
                }
            }
        case "stopReason": stopReason = try parser.readString()
        case "additionalModelResponseFields": additionalFields = try parser.readValue()
        case "usage": usage = try parser.readMembers(BedrockUsageWire.self)
        case "metrics": latencyMs = try BedrockMetricsWire.latency(from: &parser)
        default: try parser.skipValue()
        }
    }
}

/// Conversions from Bedrock's wire values to LLMCore's.
enum BedrockMapping {
    /// `end_turn` and `stop_sequence` stop; `max_tokens` and `model_context_window_exceeded` are
    /// the length; `tool_use` tool calls; `guardrail_intervened` and `content_filtered` the
    /// content filter; anything else (`malformed_model_output`, `malformed_tool_use`) verbatim.
    static func finishReason(_ value: String) -> FinishReason {
        switch value {
        case "end_turn", "stop_sequence": .stop
        case "max_tokens", "model_context_window_exceeded": .length
        case "tool_use": .toolCalls
        case "guardrail_intervened", "content_filtered": .contentFilter
        default: .other(value)
        }
    }

    /// The stop reason, latency and additional response fields as the Bedrock extras.
    static func extras(stopReason: String?, latencyMs: Int?, additionalFields: JSONValue?) -> ProviderExtras {
        let bedrock = BedrockExtras(
            stopReason: stopReason, latencyMs: latencyMs, additionalModelResponseFields: additionalFields)
        var extras = ProviderExtras()
        if !bedrock.isEmpty { extras[BedrockExtras.self] = bedrock }
        return extras
    }
}
