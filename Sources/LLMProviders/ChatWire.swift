/// The chat-completions wire format, as OpenAI and Azure send it. Every field is optional so that
/// explicit nulls, Azure's empty-choice chunks and compatible servers' omissions all decode.
struct ChatCompletionWire: Decodable {
    var id: String?
    var model: String?
    var choices: [ChoiceWire]?
    var usage: UsageWire?
    var systemFingerprint: String?
    var promptFilterResults: [PromptFilterWire]?
    var promptAnnotations: [PromptFilterWire]?
    var error: StreamErrorWire?

    enum CodingKeys: String, CodingKey {
        case id, model, choices, usage, error
        case systemFingerprint = "system_fingerprint"
        case promptFilterResults = "prompt_filter_results"
        case promptAnnotations = "prompt_annotations"
    }
}

struct ChoiceWire: Decodable {
    var index: Int?
    var message: MessageWire?
    var delta: MessageWire?
    var finishReason: String?
    var contentFilterResults: [String: FilterWire]?

    enum CodingKeys: String, CodingKey {
        case index, message, delta
        case finishReason = "finish_reason"
        case contentFilterResults = "content_filter_results"
    }
}

struct MessageWire: Decodable {
    var role: String?
    var content: String?
    var refusal: String?
    var toolCalls: [ToolCallWire]?

    enum CodingKeys: String, CodingKey {
        case role, content, refusal
        case toolCalls = "tool_calls"
    }
}

struct ToolCallWire: Decodable {
    var index: Int?
    var id: String?
    var function: FunctionWire?
}

struct FunctionWire: Decodable {
    var name: String?
    var arguments: String?
}

struct UsageWire: Decodable {
    var promptTokens: Int?
    var completionTokens: Int?
    var totalTokens: Int?
    var promptTokensDetails: DetailsWire?
    var completionTokensDetails: DetailsWire?

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
        case promptTokensDetails = "prompt_tokens_details"
        case completionTokensDetails = "completion_tokens_details"
    }
}

struct DetailsWire: Decodable {
    var cachedTokens: Int?
    var reasoningTokens: Int?
    var audioTokens: Int?

    enum CodingKeys: String, CodingKey {
        case cachedTokens = "cached_tokens"
        case reasoningTokens = "reasoning_tokens"
        case audioTokens = "audio_tokens"
    }
}

/// One category of a content filter verdict; unknown members (citations, offsets) are ignored.
struct FilterWire: Decodable {
    var filtered: Bool?
    var severity: String?
    var detected: Bool?
}

struct PromptFilterWire: Decodable {
    var promptIndex: Int?
    var contentFilterResults: [String: FilterWire]?

    enum CodingKeys: String, CodingKey {
        case promptIndex = "prompt_index"
        case contentFilterResults = "content_filter_results"
    }
}

struct StreamErrorWire: Decodable {
    var message: String?
    var code: String?
    var type: String?

    enum CodingKeys: String, CodingKey {
        case message, code, type
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        message = try? container.decodeIfPresent(String.self, forKey: .message)
        type = try? container.decodeIfPresent(String.self, forKey: .type)
        code =
            (try? container.decodeIfPresent(String.self, forKey: .code))
            ?? (try? container.decodeIfPresent(Int.self, forKey: .code)).flatMap { $0.map(String.init) }
    }
}
