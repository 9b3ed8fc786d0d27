public import Connectors
public import Foundation
public import LLMCore
import LLMMedia

/// The provider base of every model spoken to over the OpenAI chat-completions wire format
/// (Azure classic, Azure v1, OpenAI, OpenAI-compatible servers): payload builders, response and
/// stream parsers, finish-reason and error mapping. The request lifecycle comes from
/// ``ChatWireFormat``.
///
/// Like ``LLMCore/BaseLLM`` it does not conform to `LLM`: a concrete `final` class declares `LLM`,
/// owns its parameter transform by overriding ``transform``, and implements `getAnswer` and
/// `streamAnswer` with ``ChatWireFormat/complete(_:context:options:)`` and
/// ``ChatWireFormat/completeStream(_:context:options:)``.
open class OpenAIBaseLLM: RemoteBaseLLM, ChatWireFormat, @unchecked Sendable {
    /// A model class's change to the standard body (renames, removals, roles).
    public typealias Transform = @Sendable (inout ChatBody) -> Void

    /// The API this instance speaks: chat completions (the default) or the Responses API.
    public let api: OpenAIWireAPI

    /// Creates the model; `api` picks chat completions or the Responses API for this instance.
    public init(
        metadata: ModelMetadata, connector: Connector, defaultOptions: GenerationOptions = GenerationOptions(),
        api: OpenAIWireAPI = .chatCompletions
    ) {
        self.api = api
        super.init(metadata: metadata, connector: connector, defaultOptions: defaultOptions)
    }

    /// The most stop sequences the API accepts.
    public static let maxStopSequences = 4

    /// Azure classic, Azure v1 and OpenAI endpoints (and every OpenAI-compatible style: ``speaks(_:)``).
    open override class var endpointStyles: Set<String>? { ["azure", "azure-v1", "openai"] }

    /// Any style whose API is of the OpenAI family (a user's own compatible style too).
    open override class func speaks(_ style: EndpointStyle) -> Bool {
        style.api is any OpenAIFamilyAPI
    }

    /// The `model` member of the body at the primary endpoint: its deployment (Azure v1 and OpenAI
    /// take the deployment or model name there; Azure classic ignores it), else the model name.
    /// Each backup gets its own (``RemoteBaseLLM/modelName(at:)``).
    open var wireModelName: String {
        connector.endpoints.first.map(modelName(at:)) ?? metadata.deploymentName
    }

    /// The model's change to the standard body (renames, removals, roles); none by default.
    open var transform: Transform { StandardChatTransforms.unchanged }

    /// Checks the API's own limits: at most ``maxStopSequences`` stop sequences; for the Responses
    /// API, none of the parameters it lacks (`stop`, `n`, `seed`, penalties, `topK`). Subclasses
    /// that check more call this too.
    open override func validateModelOptions(_ options: GenerationOptions) throws(LLMError) {
        if api.kind == .responses { try Self.checkResponsesOptions(options, model: metadata.name) }
        if let stop = options.stop, stop.count > Self.maxStopSequences {
            throw .outOfRange(
                "stop", value: "\(stop.count) sequences", allowed: "at most \(Self.maxStopSequences) sequences")
        }
    }

    // MARK: - ChatWireFormat

    /// `chat/completions` with the body of ``buildBody(_:options:stream:context:)``, whose `model`
    /// is each endpoint's own; `responses` with ``buildResponsesBody(_:options:stream:at:context:)``'s
    /// for the Responses API.
    public func wireRequest(
        _ messages: [ChatMessage], options: GenerationOptions, stream: Bool, context: RequestContext
    ) throws(LLMError) -> ConnectorRequest {
        if api.kind == .responses { return try responsesRequest(messages, options: options, stream: stream) }
        let body = try body(messages, options: options, stream: stream)
        if options.logitBias != nil,
            let refusing = connector.endpoints.first(where: {
                ($0.style.api as? OpenAICompatibleAPI)?.dialect.unsupported.contains("logit_bias") == true
            })
        {
            throw refused("logitBias", "\(refusing.style.name) takes no logit_bias (endpoint \(refusing.name))")
        }
        let modelOverridden = options.extraBody?["model"] != nil
        let fallback = metadata.deploymentName
        return ConnectorRequest.perEndpoint(path: "chat/completions") { endpoint in
            let dialect = (endpoint.style.api as? OpenAICompatibleAPI)?.dialect
            guard !modelOverridden || dialect != nil else { return Data(body.data) }
            var perEndpoint = body
            if !modelOverridden { perEndpoint["model"] = .string(endpoint.deployment ?? fallback) }
            dialect?.apply(to: &perEndpoint)
            return Data(perEndpoint.data)
        }
    }

    /// Parses a complete answer of the instance's API: a `chat.completion`
    /// (``parseChatCompletion(_:info:)``) or a Responses-API `response`.
    /// - Throws: ``LLMError`` (`decoding`) when the body is not an answer, or the error it carries.
    public func parseResponse(_ body: Data, info: ResponseInfo) throws(LLMError) -> LLMResponse {
        api.kind == .responses
            ? try parseResponsesResponse(body, info: info) : try parseChatCompletion(body, info: info)
    }

    /// A decoder of the instance's API's stream events.
    func makeStreamDecoder() -> OpenAIStreamDecoder {
        api.kind == .responses ? .responses(ResponsesStreamDecoder()) : .chat(ChunkDecoder())
    }

    /// Chat completions: `[DONE]` ends the stream, an error object fails it (``OpenAIChatFraming``).
    /// Responses: ``ResponsesFraming``.
    public var streamFraming: any StreamFraming {
        api.kind == .responses ? ResponsesFraming() : OpenAIChatFraming()
    }

    // MARK: - Payload

    /// Builds the body as sent to the primary endpoint: the model, the messages, the options the
    /// model accepts under their standard wire names, `stream` with `stream_options.include_usage`
    /// when streaming, then the model's transform, then `extraBody` on top.
    /// - Throws: ``LLMError`` when an image cannot be read or is not an image.
    public func buildBody(
        _ messages: [ChatMessage], options: GenerationOptions, stream: Bool, context: RequestContext = RequestContext()
    ) throws(LLMError) -> ChatBody {
        var body = try body(messages, options: acceptedOptions(options, context: context), stream: stream)
        if options.extraBody?["model"] == nil { body["model"] = .string(wireModelName) }
        return body
    }

    /// The body without its `model` (set per endpoint).
    private func body(_ messages: [ChatMessage], options: GenerationOptions, stream: Bool) throws(LLMError)
        -> ChatBody
    {
        var body = ChatBody(capacity: 8)
        body.set("messages", encoded: try encodedMessages(messages))
        Self.encodeOptions(options, into: &body)
        if stream {
            body["stream"] = true
            body.set("stream_options", encoded: Self.includeUsage)
        }
        transform(&body)
        for (key, value) in options.extraBody ?? [:] { body[key] = value }
        return body
    }

    /// `stream_options` of a stream: `{"include_usage":true}`.
    private static let includeUsage = Array(#"{"include_usage":true}"#.utf8)

    /// Encodes messages: a lone text part as a string, several parts as typed parts (`text`,
    /// `image_url` with `detail`, `input_audio`, `file` for a PDF), assistant tool calls, tool
    /// results with their id. Reasoning parts are not sent: this API takes none back.
    public func encodeMessages(_ messages: [ChatMessage]) throws(LLMError) -> [JSONValue] {
        guard case .array(let values) = ChatBody.decode(try encodedMessages(messages)) else { return [] }
        return values
    }

    /// The messages' wire bytes (as ``encodeMessages(_:)`` describes), written directly: members in
    /// sorted key order, as the serializer would write them, without building `JSONValue`s.
    func encodedMessages(_ messages: [ChatMessage]) throws(LLMError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 * messages.count)
        out.append(0x5B)
        for (index, message) in messages.enumerated() {
            if index > 0 { out.append(0x2C) }
            // content, name, role, tool_call_id, tool_calls: sorted.
            Self.member("content", into: &out, first: true)
            // Reasoning parts are not sent; a lone text part goes as a string.
            let sent = message.content.reduce(0) { $0 + ($1.reasoning == nil ? 1 : 0) }
            if sent == 0 {
                Self.literal("null", into: &out)
            } else if sent == 1, let text = message.content.first(where: { $0.reasoning == nil })?.text {
                JSONValue.serialize(string: text, into: &out)
            } else {
                out.append(0x5B)
                var first = true
                for (partIndex, part) in message.content.enumerated() where part.reasoning == nil {
                    if !first { out.append(0x2C) }
                    first = false
                    try encode(part, parameter: "messages[\(index)].content[\(partIndex)]", into: &out)
                }
                out.append(0x5D)
            }
            if let name = message.name { Self.member("name", string: name, into: &out) }
            Self.member("role", string: message.role.rawValue, into: &out)
            if let callId = message.toolCallId { Self.member("tool_call_id", string: callId, into: &out) }
            if !message.toolCalls.isEmpty {
                Self.member("tool_calls", into: &out)
                out.append(0x5B)
                for (callIndex, call) in message.toolCalls.enumerated() {
                    if callIndex > 0 { out.append(0x2C) }
                    Self.member("function", into: &out, first: true)
                    Self.member("arguments", string: call.arguments, into: &out, first: true)
                    Self.member("name", string: call.name, into: &out)
                    out.append(0x7D)
                    Self.member("id", string: call.id, into: &out)
                    Self.member("type", string: "function", into: &out)
                    out.append(0x7D)
                }
                out.append(0x5D)
            }
            out.append(0x7D)
        }
        out.append(0x5D)
        return out
    }

    /// One content part, members sorted.
    private func encode(_ part: ContentPart, parameter: String, into out: inout [UInt8]) throws(LLMError) {
        switch part {
        case .text(let text):
            Self.member("text", string: text, into: &out, first: true)
            Self.member("type", string: "text", into: &out)
        case .image(let image):
            let url = try imageURL(for: image, parameter: parameter)
            Self.member("image_url", into: &out, first: true)
            if let detail = image.detail {
                Self.member("detail", string: detail.rawValue, into: &out, first: true)
                Self.member("url", string: url, into: &out)
            } else {
                Self.member("url", string: url, into: &out, first: true)
            }
            out.append(0x7D)
            Self.member("type", string: "image_url", into: &out)
        case .audio(let audio):
            Self.member("input_audio", into: &out, first: true)
            Self.member("data", string: audio.data.base64EncodedString(), into: &out, first: true)
            Self.member("format", string: audio.format, into: &out)
            out.append(0x7D)
            Self.member("type", string: "input_audio", into: &out)
        case .document(let document):
            try encode(document, parameter: parameter, into: &out)
        case .reasoning:
            preconditionFailure("reasoning parts are skipped before encoding")
        }
        out.append(0x7D)
    }

    /// A document: a PDF as a `file` part with its bytes in a data URL, text as a `text` part
    /// (after its title). A PDF by URL cannot be sent in this API.
    private func encode(_ document: DocumentInput, parameter: String, into out: inout [UInt8]) throws(LLMError) {
        switch document.source {
        case .text(let text):
            let titled = document.title.map { "\($0)\n\n\(text)" } ?? text
            Self.member("text", string: titled, into: &out, first: true)
            Self.member("type", string: "text", into: &out)
        case .url:
            throw LLMError.invalid(
                parameter, "\(parameter) is a document by URL, which the chat-completions API cannot fetch",
                hint: "pass the PDF's bytes or a file path instead")
        case .bytes, .file:
            let data: Data
            do { data = try document.loadPDF() } catch { throw LLMError(wrapping: error, parameter: parameter) }
            Self.member("file", into: &out, first: true)
            Self.member(
                "file_data", string: DataURL(mimeType: .pdf, data: data).description, into: &out, first: true)
            Self.member("filename", string: "\(document.title ?? "document").pdf", into: &out)
            out.append(0x7D)
            Self.member("type", string: "file", into: &out)
        }
    }

    /// Starts a member: `{"key":` for an object's first member, else `,"key":` (keys need no escaping).
    private static func member(_ key: StaticString, into out: inout [UInt8], first: Bool = false) {
        out.append(first ? 0x7B : 0x2C)
        out.append(0x22)
        literal(key, into: &out)
        out.append(contentsOf: [0x22, 0x3A])
    }

    private static func member(_ key: StaticString, string: String, into out: inout [UInt8], first: Bool = false) {
        member(key, into: &out, first: first)
        JSONValue.serialize(string: string, into: &out)
    }

    private static func literal(_ text: StaticString, into out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Encodes options under their standard wire names (`max_tokens`, `top_p`, ...); `top_k`,
    /// `min_p` and `repetition_penalty` are sent only when set (only OpenAI-compatible servers
    /// accept them; a server's ``ChatDialect`` renames or removes what it takes otherwise).
    public static func encodeOptions(_ options: GenerationOptions) -> [String: JSONValue] {
        var body = ChatBody()
        encodeOptions(options, into: &body)
        return body.fields
    }

    /// Adds the options under their standard wire names to `body`.
    static func encodeOptions(_ options: GenerationOptions, into body: inout ChatBody) {
        if let value = options.maxTokens { body["max_tokens"] = .int(value) }
        if let value = options.temperature { body["temperature"] = .double(value) }
        if let value = options.topP { body["top_p"] = .double(value) }
        if let value = options.topK { body["top_k"] = .int(value) }
        if let value = options.frequencyPenalty { body["frequency_penalty"] = .double(value) }
        if let value = options.presencePenalty { body["presence_penalty"] = .double(value) }
        if let value = options.stop { body["stop"] = .array(value.map(JSONValue.string)) }
        if let value = options.seed { body["seed"] = .int(value) }
        if let value = options.n { body["n"] = .int(value) }
        if let value = options.responseFormat { body["response_format"] = encode(value) }
        if let tools = options.tools {
            body["tools"] = .array(
                tools.map { tool in
                    var function: [String: JSONValue] = ["name": .string(tool.name)]
                    if let description = tool.description { function["description"] = .string(description) }
                    if let parameters = tool.parameters { function["parameters"] = parameters }
                    if let strict = tool.strict { function["strict"] = .bool(strict) }
                    return ["type": "function", "function": .object(function)]
                })
        }
        if let choice = options.toolChoice {
            switch choice {
            case .none: body["tool_choice"] = "none"
            case .auto: body["tool_choice"] = "auto"
            case .required: body["tool_choice"] = "required"
            case .function(let name): body["tool_choice"] = ["type": "function", "function": ["name": .string(name)]]
            }
        }
        if let value = options.parallelToolCalls { body["parallel_tool_calls"] = .bool(value) }
        if let value = options.reasoningEffort { body["reasoning_effort"] = .string(value.rawValue) }
        if let value = options.user { body["user"] = .string(value) }
        if let value = options.minP { body["min_p"] = .double(value) }
        if let value = options.repetitionPenalty { body["repetition_penalty"] = .double(value) }
        if let value = options.logprobs { body["logprobs"] = .bool(value) }
        if let value = options.topLogprobs { body["top_logprobs"] = .int(value) }
        if let bias = options.logitBias {
            body["logit_bias"] = .object(
                Dictionary(uniqueKeysWithValues: bias.map { ("\($0.key)", .double($0.value)) }))
        }
    }

    private static func encode(_ format: ResponseFormat) -> JSONValue {
        switch format {
        case .text:
            return ["type": "text"]
        case .jsonObject:
            return ["type": "json_object"]
        case .jsonSchema(let name, let schema, let strict, let description):
            var object: [String: JSONValue] = ["name": .string(name), "schema": schema]
            if let strict { object["strict"] = .bool(strict) }
            if let description { object["description"] = .string(description) }
            return ["type": "json_schema", "json_schema": .object(object)]
        }
    }
}
