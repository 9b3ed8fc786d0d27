import LLMCore
import LLMSupport

/// The chat-completions wire format, as OpenAI and Azure send it, read straight from the bytes with
/// the pull parser (no intermediate `JSONValue`). Every field is optional so that explicit nulls,
/// Azure's empty-choice chunks and compatible servers' omissions all read; a member of the wrong
/// type reads as absent; unknown members are skipped (their syntax is still checked).
struct ChatCompletionWire: WireObject {
    var id: String?
    var model: String?
    var choices: [ChoiceWire]?
    var usage: UsageWire?
    var systemFingerprint: String?
    var promptFilterResults: [PromptFilterWire]?
    /// Azure's older name for `prompt_filter_results`.
    var promptAnnotations: [PromptFilterWire]?
    var error: StreamErrorWire?

    /// Reads a whole body or event; nil when the JSON is not an object.
    static func read<Bytes: Sequence>(_ bytes: Bytes) throws(JSONParser.Failure) -> ChatCompletionWire?
    where Bytes.Element == UInt8 {
        // Filled in place over the caller's bytes: going through the generic `JSONParser.read` and
        // `readMembers` (an optional of this large struct) measured about 15% slower per chunk.
        var wire = ChatCompletionWire()
        var isObject = false
        func read(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<Void, JSONParser.Failure> {
            Result { () throws(JSONParser.Failure) in
                try JSONParser.read(buffer) { parser throws(JSONParser.Failure) in
                    isObject = try parser.readObject { parser, key throws(JSONParser.Failure) in
                        try wire.read(member: key, from: &parser)
                    }
                }
            }
        }
        try (bytes.withContiguousStorageIfAvailable(read) ?? Array(bytes).withUnsafeBufferPointer(read)).get()
        guard isObject else { return nil }
        if wire.promptFilterResults == nil { wire.promptFilterResults = wire.promptAnnotations }
        return wire
    }

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "id": id = try parser.readString()
        case "model": model = try parser.readString()
        case "choices": choices = try parser.readElements(ChoiceWire.self)
        case "usage": usage = try parser.readMembers(UsageWire.self)
        case "system_fingerprint": systemFingerprint = try parser.readString()
        case "prompt_filter_results": promptFilterResults = try parser.readElements(PromptFilterWire.self)
        case "prompt_annotations": promptAnnotations = try parser.readElements(PromptFilterWire.self)
        case "error": error = try parser.readMembers(StreamErrorWire.self)
        default: try parser.skipValue()
        }
    }
}

struct ChoiceWire: WireObject {
    var index: Int?
    var message: MessageWire?
    var delta: MessageWire?
    var finishReason: String?
    var contentFilterResults: [String: FilterWire]?
    /// `logprobs.content`: each token's log probability, when asked for.
    var logprobs: [TokenLogprobWire]?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "index": index = try parser.readInt()
        case "message": message = try parser.readMembers(MessageWire.self)
        case "delta": delta = try parser.readMembers(MessageWire.self)
        case "finish_reason": finishReason = try parser.readString()
        case "content_filter_results": contentFilterResults = try parser.readFilters()
        case "logprobs":
            try parser.readObject { parser, key throws(JSONParser.Failure) in
                switch key {
                case "content": logprobs = try parser.readElements(TokenLogprobWire.self)
                default: try parser.skipValue()
                }
            }
        default: try parser.skipValue()
        }
    }
}

/// One token of `logprobs.content`: `token`, `logprob` and its `top_logprobs`.
struct TokenLogprobWire: WireObject {
    var token: String?
    var logprob: Double?
    var top: [TokenLogprobWire]?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "token": token = try parser.readString()
        case "logprob": logprob = try parser.readDouble()
        case "top_logprobs": top = try parser.readElements(TokenLogprobWire.self)
        default: try parser.skipValue()
        }
    }

    /// The neutral value; nil without a token or a finite log probability.
    var tokenLogprob: TokenLogprob? {
        guard let token, let logprob, logprob.isFinite else { return nil }
        return TokenLogprob(
            token: token, logprob: logprob,
            top: (top ?? []).compactMap { alternative in
                guard let token = alternative.token, let logprob = alternative.logprob, logprob.isFinite else {
                    return nil
                }
                return TokenLogprob.Alternative(token: token, logprob: logprob)
            })
    }
}

struct MessageWire: WireObject {
    var role: String?
    var content: String?
    var refusal: String?
    var toolCalls: [ToolCallWire]?
    /// The reasoning text some compatible servers send beside the content: `reasoning_content`
    /// (DeepSeek, xAI, vLLM, llama.cpp) or a `reasoning` string (OpenRouter, Ollama).
    var reasoningContent: String?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "role": role = try parser.readString()
        case "content": content = try parser.readString()
        case "refusal": refusal = try parser.readString()
        case "tool_calls": toolCalls = try parser.readElements(ToolCallWire.self)
        case "reasoning_content": reasoningContent = try parser.readString()
        case "reasoning":
            if parser.nextIsString { reasoningContent = try parser.readString() } else { try parser.skipValue() }
        default: try parser.skipValue()
        }
    }
}

struct ToolCallWire: WireObject {
    var index: Int?
    var id: String?
    var name: String?
    var arguments: String?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "index": index = try parser.readInt()
        case "id": id = try parser.readString()
        case "function":
            try parser.readObject { parser, key throws(JSONParser.Failure) in
                switch key {
                case "name": name = try parser.readString()
                case "arguments": arguments = try parser.readString()
                default: try parser.skipValue()
                }
            }
        default: try parser.skipValue()
        }
    }
}

struct UsageWire: WireObject {
    var promptTokens: WireCount?
    var completionTokens: WireCount?
    var totalTokens: WireCount?
    var cachedTokens: WireCount?
    var reasoningTokens: WireCount?
    var audioPromptTokens: WireCount?
    var audioCompletionTokens: WireCount?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "prompt_tokens": promptTokens = try parser.readCount()
        case "completion_tokens": completionTokens = try parser.readCount()
        case "total_tokens": totalTokens = try parser.readCount()
        case "prompt_tokens_details":
            try parser.readObject { parser, key throws(JSONParser.Failure) in
                switch key {
                case "cached_tokens": cachedTokens = try parser.readCount()
                case "audio_tokens": audioPromptTokens = try parser.readCount()
                default: try parser.skipValue()
                }
            }
        case "completion_tokens_details":
            try parser.readObject { parser, key throws(JSONParser.Failure) in
                switch key {
                case "reasoning_tokens": reasoningTokens = try parser.readCount()
                case "audio_tokens": audioCompletionTokens = try parser.readCount()
                default: try parser.skipValue()
                }
            }
        default: try parser.skipValue()
        }
    }
}

/// One category of a content filter verdict; unknown members (citations, offsets) are ignored.
struct FilterWire: WireObject {
    var filtered: Bool?
    var severity: String?
    var detected: Bool?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "filtered": filtered = try parser.readBool()
        case "severity": severity = try parser.readString()
        case "detected": detected = try parser.readBool()
        default: try parser.skipValue()
        }
    }
}

struct PromptFilterWire: WireObject {
    var contentFilterResults: [String: FilterWire]?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "content_filter_results": contentFilterResults = try parser.readFilters()
        default: try parser.skipValue()
        }
    }
}

struct StreamErrorWire: WireObject {
    var message: String?
    var code: String?
    var type: String?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "message": message = try parser.readString()
        case "type": type = try parser.readString()
        case "code":
            let value = try parser.readValue()
            code = value.stringValue ?? value.intValue.map(String.init)
        default: try parser.skipValue()
        }
    }
}

extension JSONParser {
    /// Content filter results by category, or nil when the value is not an object.
    mutating func readFilters() throws(Failure) -> [String: FilterWire]? {
        var results: [String: FilterWire] = [:]
        let isObject = try readObject { parser, key throws(Failure) in
            results[key.string] = try parser.readMembers(FilterWire.self) ?? FilterWire()
        }
        return isObject ? results : nil
    }
}
