import LLMCore

/// The chat-completions wire format, as OpenAI and Azure send it, read from parsed JSON. Every
/// field is optional so that explicit nulls, Azure's empty-choice chunks and compatible servers'
/// omissions all read; a member of the wrong type reads as absent.
struct ChatCompletionWire {
    var id: String?
    var model: String?
    var choices: [ChoiceWire]?
    var usage: UsageWire?
    var systemFingerprint: String?
    var promptFilterResults: [PromptFilterWire]?
    var error: StreamErrorWire?

    init(json: JSONValue) {
        id = json["id"]?.stringValue
        model = json["model"]?.stringValue
        choices = json["choices"]?.arrayValue?.map(ChoiceWire.init)
        usage = json["usage"]?.asObject.map(UsageWire.init)
        systemFingerprint = json["system_fingerprint"]?.stringValue
        promptFilterResults = (json["prompt_filter_results"] ?? json["prompt_annotations"])?.arrayValue?
            .map(PromptFilterWire.init)
        error = json["error"]?.asObject.map(StreamErrorWire.init)
    }
}

struct ChoiceWire {
    var index: Int?
    var message: MessageWire?
    var delta: MessageWire?
    var finishReason: String?
    var contentFilterResults: [String: FilterWire]?

    init(json: JSONValue) {
        index = json["index"]?.intValue
        message = json["message"]?.asObject.map(MessageWire.init)
        delta = json["delta"]?.asObject.map(MessageWire.init)
        finishReason = json["finish_reason"]?.stringValue
        contentFilterResults = json["content_filter_results"]?.objectValue?.mapValues(FilterWire.init)
    }
}

struct MessageWire {
    var role: String?
    var content: String?
    var refusal: String?
    var toolCalls: [ToolCallWire]?

    init(json: JSONValue) {
        role = json["role"]?.stringValue
        content = json["content"]?.stringValue
        refusal = json["refusal"]?.stringValue
        toolCalls = json["tool_calls"]?.arrayValue?.map(ToolCallWire.init)
    }
}

struct ToolCallWire {
    var index: Int?
    var id: String?
    var name: String?
    var arguments: String?

    init(json: JSONValue) {
        index = json["index"]?.intValue
        id = json["id"]?.stringValue
        name = json["function"]?["name"]?.stringValue
        arguments = json["function"]?["arguments"]?.stringValue
    }
}

struct UsageWire {
    var promptTokens: Int?
    var completionTokens: Int?
    var totalTokens: Int?
    var cachedTokens: Int?
    var reasoningTokens: Int?
    var audioPromptTokens: Int?
    var audioCompletionTokens: Int?

    init(json: JSONValue) {
        promptTokens = json["prompt_tokens"]?.intValue
        completionTokens = json["completion_tokens"]?.intValue
        totalTokens = json["total_tokens"]?.intValue
        cachedTokens = json["prompt_tokens_details"]?["cached_tokens"]?.intValue
        audioPromptTokens = json["prompt_tokens_details"]?["audio_tokens"]?.intValue
        reasoningTokens = json["completion_tokens_details"]?["reasoning_tokens"]?.intValue
        audioCompletionTokens = json["completion_tokens_details"]?["audio_tokens"]?.intValue
    }
}

/// One category of a content filter verdict; unknown members (citations, offsets) are ignored.
struct FilterWire {
    var filtered: Bool?
    var severity: String?
    var detected: Bool?

    init(json: JSONValue) {
        filtered = json["filtered"]?.boolValue
        severity = json["severity"]?.stringValue
        detected = json["detected"]?.boolValue
    }
}

struct PromptFilterWire {
    var contentFilterResults: [String: FilterWire]?

    init(json: JSONValue) {
        contentFilterResults = json["content_filter_results"]?.objectValue?.mapValues(FilterWire.init)
    }
}

struct StreamErrorWire {
    var message: String?
    var code: String?
    var type: String?

    init(json: JSONValue) {
        message = json["message"]?.stringValue
        type = json["type"]?.stringValue
        code = json["code"]?.stringValue ?? json["code"]?.intValue.map(String.init)
    }
}

extension JSONValue {
    /// This value when it is an object, else nil (so a member of the wrong type reads as absent).
    fileprivate var asObject: JSONValue? { objectValue == nil ? nil : self }
}
