public import Connectors
public import Foundation
public import LLMCore
import LLMMedia

/// The provider base of the Gemini models over the Gemini API and Vertex AI
/// (`POST {prefix}/models/{model}:generateContent`, `:streamGenerateContent?alt=sse`): payload
/// builder, response and stream parsers, finish-reason and error mapping. The request lifecycle
/// comes from ``ChatWireFormat``.
///
/// What the library's neutral request becomes: system and developer messages the
/// `systemInstruction`; user and tool messages `user` contents, assistant messages `model`
/// contents, of parts — `text`, `inlineData` (images, audio and PDFs by their bytes), `fileData`
/// (images and documents by URL), `functionCall` from tool calls (with their thought signature),
/// `functionResponse` from tool messages (the function's name found from its call, the text as
/// `{"output": ...}` or `{"error": ...}` unless it is a JSON object), and the thought parts and
/// signatures Gemini issued, unchanged and in place; tools as `functionDeclarations` with
/// `parametersJsonSchema`; `toolChoice` as `toolConfig.functionCallingConfig` (`AUTO`, `ANY`,
/// `NONE`, `allowedFunctionNames`); `generationConfig` from `maxTokens`, `temperature`, `topP`,
/// `topK`, `stop`, `seed`, `n` (`candidateCount`) and `responseFormat` (`responseMimeType` with
/// `responseJsonSchema`); `reasoningBudget` / `reasoningEffort` as `thinkingConfig` (a budget on
/// Gemini 2.5, a level on Gemini 3) with `includeThoughts`.
///
/// Call ids: Gemini 2.5 sends none, so the parser gives each call `gemini-call-{responseId}-{n}` to
/// pair its result with; such ids are never sent back (the API did not issue them), the name
/// pairs them on the wire.
open class GeminiBaseLLM: RemoteBaseLLM, ChatWireFormat, @unchecked Sendable {
    /// A model class's change to the standard body.
    public typealias Transform = @Sendable (inout [String: JSONValue]) -> Void

    /// The most stop sequences the API accepts.
    public static let maxStopSequences = 5

    /// The prefix of call ids the library made up for calls the API sent without one.
    public static let synthesizedCallIdPrefix = "gemini-call-"

    /// Gemini API and Vertex AI endpoints.
    open override class var endpointStyles: Set<String>? { ["gemini", "vertex-ai"] }

    /// The model's change to the standard body; none by default.
    open var transform: Transform { { _ in } }

    /// The thinking budgets the model takes (its profile's; nil, unchecked, for a model the
    /// catalog does not know).
    public var thinkingBudgetRange: ClosedRange<Int>? { metadata.reasoning?.budget }
    /// Whether a budget of 0 turns thinking off (Flash and Flash-Lite; not Pro).
    public var thinkingCanBeOff: Bool { metadata.reasoning?.canBeOff ?? true }
    /// The thinking levels the model takes (`reasoningEffort` sent as `thinkingLevel`): the
    /// profile's levels where it sends efforts as levels (Gemini 3), nil where any level goes, and
    /// empty for models that take only a budget (Gemini 2.5).
    public var thinkingLevels: [ReasoningEffort]? {
        guard metadata.reasoning?.effortAsLevel ?? true else { return [] }
        return metadata.reasoning?.efforts
    }

    /// The thinking budget of each `reasoningEffort` on budget models (LiteLLM's mapping, as for
    /// Claude); `minimal` is the smallest the model allows.
    public func thinkingBudget(for effort: ReasoningEffort) -> Int {
        switch effort {
        case .minimal: thinkingCanBeOff ? 0 : thinkingBudgetRange?.lowerBound ?? 0
        case .low: 1_024
        case .medium: 2_048
        case .high: 4_096
        }
    }

    /// Checks the API's rules before anything is sent: temperature 0...2, topP 0...1, topK ≥ 1,
    /// at most five stop sequences, 1...8 candidates, the model's thinking budget range or levels.
    open override func validateModelOptions(_ options: GenerationOptions) throws(LLMError) {
        if let temperature = options.temperature, !(0...2).contains(temperature) {
            throw .outOfRange("temperature", value: "\(temperature)", allowed: "0...2 for \(metadata.name)")
        }
        if let topP = options.topP, !(0...1).contains(topP) {
            throw .outOfRange("topP", value: "\(topP)", allowed: "0...1")
        }
        if let topK = options.topK, topK < 1 {
            throw .outOfRange("topK", value: "\(topK)", allowed: "1 or more")
        }
        if let stop = options.stop, stop.count > Self.maxStopSequences {
            throw .outOfRange(
                "stop", value: "\(stop.count) sequences", allowed: "at most \(Self.maxStopSequences) sequences")
        }
        if let n = options.n, !(1...8).contains(n) {
            throw .outOfRange("n", value: "\(n)", allowed: "1...8 candidates")
        }
        if let budget = options.reasoningBudget, let range = thinkingBudgetRange {
            let allowed = thinkingCanBeOff ? "0 (off) or \(range)" : "\(range)"
            guard range.contains(budget) || (budget == 0 && thinkingCanBeOff) else {
                throw .outOfRange("reasoningBudget", value: "\(budget)", allowed: "\(allowed) for \(metadata.name)")
            }
        }
        if let effort = options.reasoningEffort, let levels = thinkingLevels, !levels.isEmpty, !levels.contains(effort)
        {
            throw .invalid(
                "reasoningEffort", "reasoningEffort '\(effort.rawValue)' is not a thinking level of \(metadata.name)",
                hint: "use one of \(levels.map(\.rawValue).joined(separator: ", "))")
        }
    }

    // MARK: - ChatWireFormat

    /// `models/{model}:generateContent` (or `:streamGenerateContent?alt=sse`) at each endpoint,
    /// the model being the endpoint's deployment or the model's name.
    public func wireRequest(
        _ messages: [ChatMessage], options: GenerationOptions, stream: Bool, context: RequestContext
    ) throws(LLMError) -> ConnectorRequest {
        let body = Data(JSONValue.object(try body(messages, options: options)).jsonBytes)
        return Self.request(
            stream ? "streamGenerateContent?alt=sse" : "generateContent", model: metadata.deploymentName
        ) { _ in body }
    }

    /// A request for `method` on the model each endpoint names (its deployment, else `model`):
    /// `models/{model}:{method}`.
    static func request(_ method: String, model: String, body: @escaping @Sendable (Endpoint) -> Data)
        -> ConnectorRequest
    {
        ConnectorRequest.perEndpoint(
            path: "models/\(pathSegment(model)):\(method)",
            endpointPath: { endpoint in "models/\(pathSegment(endpoint.deployment ?? model)):\(method)" }, body: body)
    }

    /// A model name as one path segment.
    static func pathSegment(_ name: String) -> String {
        name.addingPercentEncoding(
            withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#")))
            ?? name
    }

    /// A decoder of `GenerateContentResponse` stream events.
    func makeStreamDecoder() -> GeminiStreamDecoder { GeminiStreamDecoder() }

    /// The body's end after a finish reason ends the stream; an `error` event fails it.
    public var streamFraming: any StreamFraming { GeminiFraming() }

    // MARK: - Payload

    /// Builds the body (the same at every endpoint: the model is in the URL); the options the
    /// model does not accept are removed first.
    /// - Throws: ``LLMCore/LLMError`` when an image, audio or document cannot be read, or a tool
    ///   call's arguments are not a JSON object.
    public func buildBody(
        _ messages: [ChatMessage], options: GenerationOptions, context: RequestContext = RequestContext()
    )
        throws(LLMError) -> [String: JSONValue]
    {
        try body(messages, options: acceptedOptions(options, context: context))
    }

    private func body(_ messages: [ChatMessage], options: GenerationOptions) throws(LLMError) -> [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        let (system, contents) = try encode(messages)
        if let system { body["systemInstruction"] = system }
        body["contents"] = .array(contents)
        if let tools = options.tools, !tools.isEmpty {
            body["tools"] = [["functionDeclarations": .array(tools.map(Self.declaration))]]
        }
        if let choice = options.toolChoice {
            body["toolConfig"] = ["functionCallingConfig": Self.callingConfig(choice)]
        }
        let generation = generationConfig(options)
        if !generation.isEmpty { body["generationConfig"] = .object(generation) }
        transform(&body)
        for (key, value) in options.extraBody ?? [:] { body[key] = value }
        return body
    }

    private func generationConfig(_ options: GenerationOptions) -> [String: JSONValue] {
        var config: [String: JSONValue] = [:]
        if let value = options.maxTokens { config["maxOutputTokens"] = .int(value) }
        if let value = options.temperature { config["temperature"] = .double(value) }
        if let value = options.topP { config["topP"] = .double(value) }
        if let value = options.topK { config["topK"] = .int(value) }
        if let value = options.stop { config["stopSequences"] = .array(value.map(JSONValue.string)) }
        if let value = options.seed { config["seed"] = .int(value) }
        if let value = options.n { config["candidateCount"] = .int(value) }
        switch options.responseFormat {
        case .text?: config["responseMimeType"] = "text/plain"
        case .jsonObject?: config["responseMimeType"] = "application/json"
        case .jsonSchema(_, let schema, _, _)?:
            config["responseMimeType"] = "application/json"
            config["responseJsonSchema"] = schema
        case nil: break
        }
        var thinking: [String: JSONValue] = [:]
        if let budget = options.reasoningBudget {
            thinking["thinkingBudget"] = .int(budget)
        } else if let effort = options.reasoningEffort {
            if thinkingLevels?.isEmpty == true {
                thinking["thinkingBudget"] = .int(thinkingBudget(for: effort))
            } else {
                thinking["thinkingLevel"] = .string(effort.rawValue)
            }
        }
        if !thinking.isEmpty {
            if thinking["thinkingBudget"] != .int(0) { thinking["includeThoughts"] = true }
            config["thinkingConfig"] = .object(thinking)
        }
        return config
    }

    /// The `systemInstruction` (the system and developer messages' text parts, in order) and the
    /// contents.
    func encode(_ messages: [ChatMessage]) throws(LLMError) -> (system: JSONValue?, contents: [JSONValue]) {
        var system: [JSONValue] = []
        var contents: [JSONValue] = []
        var responses: [JSONValue] = []
        var names: [String: String] = [:]
        for message in messages where message.role == .assistant {
            for call in message.toolCalls { names[call.id] = call.name }
        }
        func flushResponses() {
            guard !responses.isEmpty else { return }
            contents.append(["role": "user", "parts": .array(responses)])
            responses = []
        }
        for (index, message) in messages.enumerated() {
            switch message.role {
            case .system, .developer:
                system += message.content.compactMap(\.text).map { ["text": .string($0)] }
            case .tool:
                responses.append(try functionResponse(message, names: names, parameter: "messages[\(index)]"))
            case .user:
                flushResponses()
                var parts: [JSONValue] = []
                for (partIndex, part) in message.content.enumerated() {
                    parts.append(try self.part(part, parameter: "messages[\(index)].content[\(partIndex)]"))
                }
                contents.append(["role": "user", "parts": .array(parts)])
            case .assistant:
                flushResponses()
                contents.append(["role": "model", "parts": .array(try modelParts(message, index: index))])
            }
        }
        flushResponses()
        return (system.isEmpty ? nil : ["parts": .array(system)], contents)
    }

    /// An assistant message's parts: Gemini's thoughts (with their signatures) and text in order,
    /// a text signature on the text that follows it, then the function calls with theirs.
    private func modelParts(_ message: ChatMessage, index: Int) throws(LLMError) -> [JSONValue] {
        var parts: [JSONValue] = []
        var pendingSignature: String?
        for part in message.content {
            switch part {
            case .reasoning(let reasoning) where reasoning.provider == .gemini:
                if reasoning.text.isEmpty {
                    pendingSignature = reasoning.signature ?? pendingSignature
                } else {
                    var thought: [String: JSONValue] = ["text": .string(reasoning.text), "thought": true]
                    if let signature = reasoning.signature { thought["thoughtSignature"] = .string(signature) }
                    parts.append(.object(thought))
                }
            case .text(let text):
                var object: [String: JSONValue] = ["text": .string(text)]
                if let signature = pendingSignature { object["thoughtSignature"] = .string(signature) }
                pendingSignature = nil
                parts.append(.object(object))
            default:
                continue
            }
        }
        for (callIndex, call) in message.toolCalls.enumerated() {
            var function: [String: JSONValue] = [
                "name": .string(call.name),
                "args": try Self.arguments(call, parameter: "messages[\(index)].toolCalls[\(callIndex)]"),
            ]
            if !call.id.isEmpty, !call.id.hasPrefix(Self.synthesizedCallIdPrefix) { function["id"] = .string(call.id) }
            var object: [String: JSONValue] = ["functionCall": .object(function)]
            if let signature = call.signature ?? pendingSignature {
                object["thoughtSignature"] = .string(signature)
                pendingSignature = nil
            }
            parts.append(.object(object))
        }
        if let pendingSignature {
            // A signature whose text was empty: Gemini issued it on an empty part; return it there.
            parts.append(["text": "", "thoughtSignature": .string(pendingSignature)])
        }
        return parts
    }

    /// A tool message as a `functionResponse` part, named after the call it answers.
    private func functionResponse(_ message: ChatMessage, names: [String: String], parameter: String) throws(LLMError)
        -> JSONValue
    {
        let id = message.toolCallId ?? ""
        guard let name = names[id] ?? message.name else {
            throw LLMError.invalid(
                parameter,
                "\(parameter) answers tool call '\(id)', which no assistant message of the conversation made",
                hint: "keep the assistant message with the tool call before its result, or set the message's name")
        }
        let text = message.text
        let response: JSONValue
        if let object = try? JSONValue(parsing: text), object.objectValue != nil, !message.isError {
            response = object
        } else {
            response = [message.isError ? "error" : "output": .string(text)]
        }
        var function: [String: JSONValue] = ["name": .string(name), "response": response]
        if !id.isEmpty, !id.hasPrefix(Self.synthesizedCallIdPrefix) { function["id"] = .string(id) }
        return ["functionResponse": .object(function)]
    }

    /// One user content part.
    private func part(_ part: ContentPart, parameter: String) throws(LLMError) -> JSONValue {
        switch part {
        case .text(let text):
            return ["text": .string(text)]
        case .image(let image):
            if case .url(let url) = image.source, url.scheme?.lowercased() != "data" {
                return [
                    "fileData": ["mimeType": .string(Self.imageType(of: url)), "fileUri": .string(url.absoluteString)]
                ]
            }
            let loaded: DataURL
            do { loaded = try image.loadImage() } catch { throw LLMError(wrapping: error, parameter: parameter) }
            return Self.inline(loaded.mimeType.rawValue, loaded.data)
        case .audio(let audio):
            return Self.inline(audio.mimeType.rawValue, audio.data)
        case .document(let document):
            switch document.source {
            case .url(let url):
                return ["fileData": ["mimeType": "application/pdf", "fileUri": .string(url.absoluteString)]]
            case .text(let text):
                return ["text": .string(document.title.map { "\($0)\n\n\(text)" } ?? text)]
            case .bytes, .file:
                let data: Data
                do { data = try document.loadPDF() } catch { throw LLMError(wrapping: error, parameter: parameter) }
                return Self.inline("application/pdf", data)
            }
        case .reasoning:
            throw LLMError.invalid(parameter, "\(parameter) puts reasoning in a user message")
        }
    }

    private static func inline(_ mimeType: String, _ data: Data) -> JSONValue {
        ["inlineData": ["mimeType": .string(mimeType), "data": .string(data.base64EncodedString())]]
    }

    /// An image URL's type by its extension (JPEG when it has none the API knows).
    private static func imageType(of url: URL) -> String {
        switch url.pathExtension.lowercased() {
        case "png": "image/png"
        case "webp": "image/webp"
        case "gif": "image/gif"
        case "heic": "image/heic"
        default: "image/jpeg"
        }
    }

    /// A tool call's arguments as the `args` object (empty arguments as `{}`).
    private static func arguments(_ call: ToolCall, parameter: String) throws(LLMError) -> JSONValue {
        if call.arguments.allSatisfy(\.isWhitespace) { return [:] }
        guard let args = try? JSONValue(parsing: call.arguments), args.objectValue != nil else {
            throw LLMError.invalid(
                parameter, "\(parameter).arguments is not a JSON object, which Gemini needs as the call's args",
                hint: "pass the arguments back as the model produced them")
        }
        return args
    }

    private static func declaration(_ tool: ToolDefinition) -> JSONValue {
        var object: [String: JSONValue] = ["name": .string(tool.name)]
        if let description = tool.description { object["description"] = .string(description) }
        if let parameters = tool.parameters { object["parametersJsonSchema"] = parameters }
        return .object(object)
    }

    private static func callingConfig(_ choice: ToolChoice) -> JSONValue {
        switch choice {
        case .none: ["mode": "NONE"]
        case .auto: ["mode": "AUTO"]
        case .required: ["mode": "ANY"]
        case .function(let name): ["mode": "ANY", "allowedFunctionNames": [.string(name)]]
        }
    }

    // MARK: - Parsing

    /// Parses a `GenerateContentResponse`: the first candidate's text, function calls (ids
    /// synthesized when absent), thoughts and signatures as reasoning, the finish reason, the
    /// safety ratings as content-filter results, other candidates' text as additional choices,
    /// usage and cost.
    /// - Throws: ``LLMCore/LLMError``: `decoding` when the body is not an answer; `contentFiltered`
    ///   (with the ratings) when the prompt or the answer was blocked and nothing came back.
    public func parseResponse(_ body: Data, info: ResponseInfo) throws(LLMError) -> LLMResponse {
        guard let wire = try? GeminiResponseWire.parse(body) else {
            throw LLMError(
                code: .decoding, message: "the response is not a GenerateContentResponse: \(WireExcerpt.of(body))",
                endpoint: info.endpoint, requestId: info.requestId)
        }
        func located(_ error: LLMError) -> LLMError {
            var error = error
            error.endpoint = info.endpoint
            error.requestId = info.requestId
            return error
        }
        if let status = wire.error { throw located(GeminiErrorMapper.error(event: status)) }
        if let feedback = wire.promptFeedback, feedback.blockReason != nil {
            throw located(GeminiMapping.blocked(feedback))
        }
        guard let candidates = wire.candidates, let first = candidates.first else {
            throw located(
                LLMError(code: .decoding, message: "the response has no candidates: \(WireExcerpt.of(body))"))
        }
        let responseId = wire.responseId ?? ""
        var content = GeminiContent(responseId: responseId)
        for part in first.parts ?? [] { content.add(part) }
        let usage: Usage?
        do { usage = try wire.usage?.usage() } catch {
            throw located(LLMError(code: .decoding, message: error.message))
        }
        let filter = GeminiMapping.results(first.safetyRatings)
        let finish = first.finishReason.map { GeminiMapping.finishReason($0, calledFunctions: !content.calls.isEmpty) }
        if finish == .contentFilter, content.text.isEmpty, content.calls.isEmpty {
            throw located(GeminiMapping.blockedAnswer(first))
        }
        return LLMResponse(
            id: responseId, model: wire.modelVersion ?? metadata.name, content: content.text, toolCalls: content.calls,
            reasoning: content.reasoning, finishReason: finish, usage: usage,
            additionalChoices: candidates.dropFirst().map {
                ($0.parts ?? []).filter { $0.thought != true }.compactMap(\.text).joined()
            },
            requestId: info.requestId ?? (responseId.isEmpty ? nil : responseId), endpoint: info.endpoint,
            attempts: info.attempts, contentFilterResults: filter,
            extras: GeminiExtras.of(
                finishReason: first.finishReason, finishMessage: first.finishMessage, modelVersion: wire.modelVersion),
            costUSD: cost(of: usage))
    }
}

/// A candidate's parts gathered into the neutral answer: the text, the thoughts as one reasoning
/// part (their text joined, the last signature), a text part's signature as a reasoning part
/// without text, and the function calls.
struct GeminiContent {
    var responseId: String
    var text = ""
    var thoughts = ""
    var thoughtSignature: String?
    var textSignature: String?
    var calls: [ToolCall] = []

    init(responseId: String) {
        self.responseId = responseId
    }

    mutating func add(_ part: GeminiPartWire) {
        if let call = part.functionCall {
            calls.append(call: call, signature: part.thoughtSignature, responseId: responseId, index: calls.count)
        } else if part.thought == true {
            thoughts += part.text ?? ""
            if let signature = part.thoughtSignature { thoughtSignature = signature }
        } else {
            text += part.text ?? ""
            if let signature = part.thoughtSignature { textSignature = signature }
        }
    }

    /// The reasoning parts, in the order they are sent back.
    var reasoning: [Reasoning] {
        var parts: [Reasoning] = []
        if !thoughts.isEmpty { parts.append(Reasoning(text: thoughts, signature: thoughtSignature, provider: .gemini)) }
        if let textSignature { parts.append(Reasoning(text: "", signature: textSignature, provider: .gemini)) }
        return parts
    }
}

extension [ToolCall] {
    /// Appends a function call as a tool call, its id synthesized when the API sent none: unique
    /// to the answer (its `responseId`, else a random scope) and the call's position in it.
    mutating func append(call: GeminiFunctionCallWire, signature: String?, responseId: String, index: Int) {
        let scope = responseId.isEmpty ? String(UUID().uuidString.prefix(8)).lowercased() : responseId
        let id =
            call.id.flatMap { $0.isEmpty ? nil : $0 }
            ?? "\(GeminiBaseLLM.synthesizedCallIdPrefix)\(scope)-\(index)"
        append(ToolCall(id: id, name: call.name ?? "", arguments: call.args?.jsonString ?? "{}", signature: signature))
    }
}
