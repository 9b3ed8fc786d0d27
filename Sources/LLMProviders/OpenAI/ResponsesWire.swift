import LLMCore
import LLMSupport

// The Responses API's wire format (`response` objects and stream events), read with the pull
// parser. Every field is optional, a member of the wrong type reads as absent, unknown members
// and item types are skipped.

/// A `response` object (a whole answer, or the one in `response.created` / `.completed`).
struct ResponseObjectWire: WireObject {
    var id: String?
    var model: String?
    var status: String?
    var error: StreamErrorWire?
    var incompleteReason: String?
    var output: [ResponseItemWire]?
    var usage: ResponseUsageWire?
    var serviceTier: String?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "id": id = try parser.readString()
        case "model": model = try parser.readString()
        case "status": status = try parser.readString()
        case "error": error = try parser.readMembers(StreamErrorWire.self)
        case "incomplete_details":
            try parser.readObject { parser, key throws(JSONParser.Failure) in
                switch key {
                case "reason": incompleteReason = try parser.readString()
                default: try parser.skipValue()
                }
            }
        case "output": output = try parser.readElements(ResponseItemWire.self)
        case "usage": usage = try parser.readMembers(ResponseUsageWire.self)
        case "service_tier": serviceTier = try parser.readString()
        default: try parser.skipValue()
        }
    }
}

/// An output item: `message` (its `output_text` and `refusal` parts), `function_call`,
/// `reasoning` (summary, encrypted content), or another type read as empty.
struct ResponseItemWire: WireObject {
    var type: String?
    var id: String?
    var text: String = ""
    var refusal: String?
    var callId: String?
    var name: String?
    var arguments: String?
    var summary: String = ""
    var encryptedContent: String?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "type": type = try parser.readString()
        case "id": id = try parser.readString()
        case "call_id": callId = try parser.readString()
        case "name": name = try parser.readString()
        case "arguments": arguments = try parser.readString()
        case "encrypted_content": encryptedContent = try parser.readString()
        case "content":
            try parser.readArray { parser throws(JSONParser.Failure) in
                var kind: String?
                var value: String?
                var refused: String?
                try parser.readObject { parser, key throws(JSONParser.Failure) in
                    switch key {
                    case "type": kind = try parser.readString()
                    case "text": value = try parser.readString()
                    case "refusal": refused = try parser.readString()
                    default: try parser.skipValue()
                    }
                }
                if kind == "output_text" { text += value ?? "" }
                if kind == "refusal", let refused { refusal = (refusal ?? "") + refused }
            }
        case "summary":
            try parser.readArray { parser throws(JSONParser.Failure) in
                try parser.readObject { parser, key throws(JSONParser.Failure) in
                    switch key {
                    case "text":
                        if let part = try parser.readString() { summary += summary.isEmpty ? part : "\n\n" + part }
                    default: try parser.skipValue()
                    }
                }
            }
        default: try parser.skipValue()
        }
    }
}

/// `usage`: input tokens (cached ones among them), output tokens (reasoning among them), total.
struct ResponseUsageWire: WireObject {
    var inputTokens: WireCount?
    var cachedTokens: WireCount?
    var outputTokens: WireCount?
    var reasoningTokens: WireCount?
    var totalTokens: WireCount?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "input_tokens": inputTokens = try parser.readCount()
        case "output_tokens": outputTokens = try parser.readCount()
        case "total_tokens": totalTokens = try parser.readCount()
        case "input_tokens_details":
            try parser.readObject { parser, key throws(JSONParser.Failure) in
                switch key {
                case "cached_tokens": cachedTokens = try parser.readCount()
                default: try parser.skipValue()
                }
            }
        case "output_tokens_details":
            try parser.readObject { parser, key throws(JSONParser.Failure) in
                switch key {
                case "reasoning_tokens": reasoningTokens = try parser.readCount()
                default: try parser.skipValue()
                }
            }
        default: try parser.skipValue()
        }
    }

    /// The neutral usage, every count checked.
    func usage() throws(LLMError) -> Usage {
        Usage(
            promptTokens: try WireCount.checked(inputTokens, "input_tokens") ?? 0,
            completionTokens: try WireCount.checked(outputTokens, "output_tokens") ?? 0,
            totalTokens: try WireCount.checked(totalTokens, "total_tokens"),
            cachedTokens: try WireCount.checked(cachedTokens, "cached_tokens"),
            reasoningTokens: try WireCount.checked(reasoningTokens, "reasoning_tokens"))
    }
}

/// One stream event's data: its `type` and `sequence_number`, and the members the library reads
/// (`response`, `item`, `output_index`, `delta`, `arguments`, and an `error` event's own fields).
struct ResponseEventWire: WireObject {
    var type: String?
    var sequenceNumber: Int?
    var response: ResponseObjectWire?
    var item: ResponseItemWire?
    var outputIndex: Int?
    var delta: String?
    var arguments: String?
    var code: String?
    var message: String?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "type": type = try parser.readString()
        case "sequence_number": sequenceNumber = try parser.readInt()
        case "response": response = try parser.readMembers(ResponseObjectWire.self)
        case "item": item = try parser.readMembers(ResponseItemWire.self)
        case "output_index": outputIndex = try parser.readInt()
        case "delta": delta = try parser.readString()
        case "arguments": arguments = try parser.readString()
        case "code":
            let value = try parser.readValue()
            code = value.stringValue ?? value.intValue.map(String.init)
        case "message": message = try parser.readString()
        default: try parser.skipValue()
        }
    }

    /// An `error` event's fields as an error object.
    var errorObject: StreamErrorWire {
        var wire = StreamErrorWire()
        wire.code = code
        wire.message = message
        return wire
    }
}

/// Conversions from the Responses API's wire values to LLMCore's.
enum ResponsesMapping {
    /// `completed` → stop (tool calls when the output called functions); `incomplete` by its
    /// reason (`max_output_tokens` → length, `content_filter` → content filter); else verbatim.
    static func finishReason(status: String?, incompleteReason: String?, calledFunctions: Bool) -> FinishReason? {
        switch status {
        case "completed": calledFunctions ? .toolCalls : .stop
        case "incomplete":
            switch incompleteReason {
            case "max_output_tokens": .length
            case "content_filter": .contentFilter
            default: .other(incompleteReason ?? "incomplete")
            }
        case nil: nil
        case let other?: .other(other)
        }
    }

    /// A reasoning item as the neutral reasoning part (its summary as text, the encrypted content
    /// as redacted data, the item id).
    static func reasoning(_ item: ResponseItemWire) -> Reasoning {
        Reasoning(text: item.summary, redactedData: item.encryptedContent, provider: .openAI, id: item.id)
    }
}
