import LLMCore
import LLMSupport

// Anthropic's Messages API wire format, read straight from the bytes with the pull parser. Every
// field is optional, a member of the wrong type reads as absent, unknown members are skipped
// (their syntax still checked), so new block, delta and event types read as empty.

/// A `message` (a whole answer, or the one in `message_start`).
struct AnthropicMessageWire: WireObject {
    var type: String?
    var id: String?
    var model: String?
    var content: [AnthropicBlockWire]?
    var stopReason: String?
    var stopSequence: String?
    var stopDetails: AnthropicStopDetailsWire?
    var usage: AnthropicUsageWire?
    var error: AnthropicErrorWire?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "type": type = try parser.readString()
        case "id": id = try parser.readString()
        case "model": model = try parser.readString()
        case "content": content = try parser.readElements(AnthropicBlockWire.self)
        case "stop_reason": stopReason = try parser.readString()
        case "stop_sequence": stopSequence = try parser.readString()
        case "stop_details": stopDetails = try parser.readMembers(AnthropicStopDetailsWire.self)
        case "usage": usage = try parser.readMembers(AnthropicUsageWire.self)
        case "error": error = try parser.readMembers(AnthropicErrorWire.self)
        default: try parser.skipValue()
        }
    }
}

/// A content block: `text`, `tool_use`, `thinking`, `redacted_thinking`, or a type read as empty.
struct AnthropicBlockWire: WireObject {
    var type: String?
    var text: String?
    var id: String?
    var name: String?
    var input: JSONValue?
    var thinking: String?
    var signature: String?
    var data: String?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "type": type = try parser.readString()
        case "text": text = try parser.readString()
        case "id": id = try parser.readString()
        case "name": name = try parser.readString()
        case "input": input = try parser.readValue()
        case "thinking": thinking = try parser.readString()
        case "signature": signature = try parser.readString()
        case "data": data = try parser.readString()
        default: try parser.skipValue()
        }
    }
}

/// `usage`: input tokens (uncached), cache writes and reads, output tokens (thinking included).
struct AnthropicUsageWire: WireObject {
    var inputTokens: WireCount?
    var outputTokens: WireCount?
    var cacheCreationInputTokens: WireCount?
    var cacheReadInputTokens: WireCount?
    var extendedCacheCreationTokens: WireCount?
    var thinkingTokens: WireCount?
    var serviceTier: String?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "input_tokens": inputTokens = try parser.readCount()
        case "output_tokens": outputTokens = try parser.readCount()
        case "cache_creation_input_tokens": cacheCreationInputTokens = try parser.readCount()
        case "cache_read_input_tokens": cacheReadInputTokens = try parser.readCount()
        case "cache_creation":
            try parser.readObject { parser, key throws(JSONParser.Failure) in
                switch key {
                case "ephemeral_1h_input_tokens": extendedCacheCreationTokens = try parser.readCount()
                default: try parser.skipValue()
                }
            }
        case "output_tokens_details":
            try parser.readObject { parser, key throws(JSONParser.Failure) in
                switch key {
                case "thinking_tokens": thinkingTokens = try parser.readCount()
                default: try parser.skipValue()
                }
            }
        case "service_tier": serviceTier = try parser.readString()
        default: try parser.skipValue()
        }
    }

    /// These counts over `earlier` ones: a `message_delta`'s usage is cumulative and omits what
    /// did not change, so what it carries wins and the rest stays.
    func over(_ earlier: AnthropicUsageWire?) -> AnthropicUsageWire {
        guard let earlier else { return self }
        var merged = earlier
        merged.inputTokens = inputTokens ?? earlier.inputTokens
        merged.outputTokens = outputTokens ?? earlier.outputTokens
        merged.cacheCreationInputTokens = cacheCreationInputTokens ?? earlier.cacheCreationInputTokens
        merged.cacheReadInputTokens = cacheReadInputTokens ?? earlier.cacheReadInputTokens
        merged.extendedCacheCreationTokens = extendedCacheCreationTokens ?? earlier.extendedCacheCreationTokens
        merged.thinkingTokens = thinkingTokens ?? earlier.thinkingTokens
        merged.serviceTier = serviceTier ?? earlier.serviceTier
        return merged
    }

    /// The neutral usage, every count checked (``WireCount``): every prompt token (uncached, cache
    /// writes and cache reads) counts as prompt, as the API bills and rate-limits them.
    func usage() throws(LLMError) -> Usage {
        let written = try WireCount.checked(cacheCreationInputTokens, "cache_creation_input_tokens")
        let read = try WireCount.checked(cacheReadInputTokens, "cache_read_input_tokens")
        let input = try WireCount.checked(inputTokens, "input_tokens") ?? 0
        return Usage(
            promptTokens: Usage.saturatingSum(Usage.saturatingSum(input, written ?? 0), read ?? 0),
            completionTokens: try WireCount.checked(outputTokens, "output_tokens") ?? 0, cachedTokens: read,
            cacheCreationTokens: written,
            extendedCacheCreationTokens: try WireCount.checked(
                extendedCacheCreationTokens, "ephemeral_1h_input_tokens"),
            reasoningTokens: try WireCount.checked(thinkingTokens, "thinking_tokens"))
    }
}

/// `stop_details` of a refusal.
struct AnthropicStopDetailsWire: WireObject {
    var category: String?
    var explanation: String?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "category": category = try parser.readString()
        case "explanation": explanation = try parser.readString()
        default: try parser.skipValue()
        }
    }
}

/// The `error` object of an error body or event.
struct AnthropicErrorWire: WireObject {
    var type: String?
    var message: String?
    var errorCode: String?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "type": type = try parser.readString()
        case "message": message = try parser.readString()
        case "details":
            try parser.readObject { parser, key throws(JSONParser.Failure) in
                switch key {
                case "error_code": errorCode = try parser.readString()
                default: try parser.skipValue()
                }
            }
        default: try parser.skipValue()
        }
    }
}

/// An error body: `{"type": "error", "error": {...}, "request_id": "req_..."}`.
struct AnthropicErrorBodyWire: WireObject {
    var error: AnthropicErrorWire?
    var requestId: String?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "error": error = try parser.readMembers(AnthropicErrorWire.self)
        case "request_id": requestId = try parser.readString()
        default: try parser.skipValue()
        }
    }
}

/// One stream event's data.
struct AnthropicEventWire: WireObject {
    var type: String?
    var index: Int?
    var message: AnthropicMessageWire?
    var contentBlock: AnthropicBlockWire?
    var delta: AnthropicDeltaWire?
    var usage: AnthropicUsageWire?
    var error: AnthropicErrorWire?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "type": type = try parser.readString()
        case "index": index = try parser.readInt()
        case "message": message = try parser.readMembers(AnthropicMessageWire.self)
        case "content_block": contentBlock = try parser.readMembers(AnthropicBlockWire.self)
        case "delta": delta = try parser.readMembers(AnthropicDeltaWire.self)
        case "usage": usage = try parser.readMembers(AnthropicUsageWire.self)
        case "error": error = try parser.readMembers(AnthropicErrorWire.self)
        default: try parser.skipValue()
        }
    }
}

/// The `delta` of `content_block_delta` (`text_delta`, `input_json_delta`, `thinking_delta`,
/// `signature_delta`) or of `message_delta` (the stop reason).
struct AnthropicDeltaWire: WireObject {
    var type: String?
    var text: String?
    var partialJSON: String?
    var thinking: String?
    var signature: String?
    var stopReason: String?
    var stopSequence: String?
    var stopDetails: AnthropicStopDetailsWire?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "type": type = try parser.readString()
        case "text": text = try parser.readString()
        case "partial_json": partialJSON = try parser.readString()
        case "thinking": thinking = try parser.readString()
        case "signature": signature = try parser.readString()
        case "stop_reason": stopReason = try parser.readString()
        case "stop_sequence": stopSequence = try parser.readString()
        case "stop_details": stopDetails = try parser.readMembers(AnthropicStopDetailsWire.self)
        default: try parser.skipValue()
        }
    }
}

/// Conversions from Anthropic's wire values to LLMCore's.
enum AnthropicMapping {
    /// `end_turn`, `stop_sequence`, `max_tokens`, `model_context_window_exceeded`, `tool_use`,
    /// `refusal`; anything else (`pause_turn`) verbatim.
    static func finishReason(_ value: String) -> FinishReason {
        switch value {
        case "end_turn", "stop_sequence": .stop
        case "max_tokens", "model_context_window_exceeded": .length
        case "tool_use": .toolCalls
        case "refusal": .contentFilter
        default: .other(value)
        }
    }

    /// The stop sequence, stop reason, refusal details and service tier as the Anthropic extras.
    static func extras(
        stopReason: String?, stopSequence: String?, stopDetails: AnthropicStopDetailsWire?, serviceTier: String?
    ) -> ProviderExtras {
        let anthropic = AnthropicExtras(
            stopSequence: stopSequence, stopReason: stopReason, refusalCategory: stopDetails?.category,
            refusalExplanation: stopDetails?.explanation, serviceTier: serviceTier)
        var extras = ProviderExtras()
        if !anthropic.isEmpty { extras[AnthropicExtras.self] = anthropic }
        return extras
    }
}
