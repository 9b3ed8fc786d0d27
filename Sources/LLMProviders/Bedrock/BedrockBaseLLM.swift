public import Connectors
public import Foundation
public import LLMCore
import LLMMedia

/// The provider base of the models served by Amazon Bedrock's Converse API
/// (`POST https://bedrock-runtime.{region}.amazonaws.com/model/{modelId}/converse` and
/// `/converse-stream`): payload builder, response and stream parsers, finish-reason and error
/// mapping, one request shape for every model family (Claude, Llama, Mistral, Nova). The request
/// lifecycle comes from ``ChatWireFormat``; signing, regions and the binary event stream from
/// ``BedrockAPI`` and the connector.
///
/// What the library's neutral request becomes: system and developer messages the `system` blocks;
/// user, assistant and tool messages `messages` of content blocks (adjacent turns of one role
/// merged, as Converse requires alternating roles) — `text`, `image` (`png`, `jpeg`, `gif`,
/// `webp` by their bytes, or an `s3://` URI), `document` (PDF bytes or plain text, named),
/// `toolUse` from tool calls, `toolResult` from tool messages (`status` where the model takes
/// it), and the `reasoningContent` Bedrock issued, unchanged and first; cache breakpoints as
/// `cachePoint` blocks where the model caches prompts; `maxTokens`, `temperature`, `topP` and
/// `stop` as `inferenceConfig`; tools as `toolConfig.tools[].toolSpec` with `inputSchema.json` and
/// `toolChoice` (`auto`, `any`, `tool`); a JSON schema as `outputConfig.textFormat`; what a model
/// family takes beyond Converse (Claude's `thinking` and `top_k`, Nova's `topK`) as
/// `additionalModelRequestFields` (``modelRequestFields(_:)``).
///
/// `extraBody`: the Converse fields ``converseFields`` (`guardrailConfig`, `performanceConfig`,
/// `serviceTier`, ...) are set at the top of the body; every other key goes into
/// `additionalModelRequestFields`, the model's own request fields.
open class BedrockBaseLLM: RemoteBaseLLM, ChatWireFormat, @unchecked Sendable {
    /// A model class's change to the standard body.
    public typealias Transform = @Sendable (inout [String: JSONValue]) -> Void

    /// The top-level Converse fields an `extraBody` key sets directly; every other key is one of
    /// `additionalModelRequestFields`.
    public static let converseFields: Set<String> = [
        "guardrailConfig", "performanceConfig", "serviceTier", "requestMetadata", "promptVariables",
        "additionalModelResponseFieldPaths", "outputConfig", "additionalModelRequestFields",
    ]

    /// The characters a document's name may hold (Converse: letters, digits, single spaces,
    /// hyphens, parentheses, square brackets).
    private static let documentNameCharacters = CharacterSet.alphanumerics.union(
        CharacterSet(charactersIn: " -()[]"))

    /// Bedrock endpoints.
    open override class var endpointStyles: Set<String>? { ["bedrock"] }

    /// The model's change to the standard body; none by default.
    open var transform: Transform { { _ in } }

    /// Whether the model takes a tool result's `status` (Bedrock: Claude and Nova only).
    open var takesToolResultStatus: Bool { false }

    /// Whether the model can be made to call a tool (`toolChoice` `any` or `tool`; Bedrock: Claude,
    /// Mistral Large and Nova).
    open var takesForcedToolChoice: Bool { false }

    /// Whether the model caches prompts at `cachePoint` blocks (Claude and Nova).
    open var takesCachePoints: Bool { false }

    /// The model family's own request fields for these options (sent as
    /// `additionalModelRequestFields`); none by default.
    open func modelRequestFields(_ options: GenerationOptions) -> [String: JSONValue] { [:] }

    /// Checks Converse's rules before anything is sent: temperature and topP within 0...1; no JSON
    /// mode without a schema; no `toolChoice` `none` with tools (Converse has none: leave the tools
    /// out); a forced tool choice only where the model takes one.
    open override func validateModelOptions(_ options: GenerationOptions) throws(LLMError) {
        if let temperature = options.temperature, !(0...1).contains(temperature) {
            throw .outOfRange("temperature", value: "\(temperature)", allowed: "0...1 for \(metadata.name)")
        }
        if let topP = options.topP, !(0...1).contains(topP) {
            throw .outOfRange("topP", value: "\(topP)", allowed: "0...1")
        }
        if case .jsonObject = options.responseFormat {
            throw .invalid(
                "responseFormat", "\(metadata.name) has no JSON mode without a schema on Bedrock",
                hint: "use ResponseFormat.jsonSchema with the schema of the answer")
        }
        switch options.toolChoice {
        case .some(.none) where !(options.tools ?? []).isEmpty:
            throw .invalid(
                "toolChoice", "Bedrock's Converse API has no tool choice 'none'",
                hint: "leave the tools out of the request instead (or use .auto)")
        case .required?, .function?:
            guard takesForcedToolChoice else {
                throw .invalid(
                    "toolChoice", "\(metadata.name) cannot be made to call a tool on Bedrock",
                    hint: "use toolChoice .auto, or a model that takes 'any' and 'tool' (Claude, Mistral Large, Nova)")
            }
        default:
            break
        }
    }

    // MARK: - ChatWireFormat

    /// `model/{modelId}/converse` (or `converse-stream`) at each endpoint, the model id being the
    /// endpoint's deployment (an inference profile of its region, say) or the model's name.
    public func wireRequest(
        _ messages: [ChatMessage], options: GenerationOptions, stream: Bool, context: RequestContext
    ) throws(LLMError) -> ConnectorRequest {
        let body = Data(JSONValue.object(try body(messages, options: options)).jsonBytes)
        let model = metadata.deploymentName
        return ConnectorRequest.perEndpoint(
            path: BedrockPath.converse(model, stream: stream),
            endpointPath: { endpoint in BedrockPath.converse(endpoint.deployment ?? model, stream: stream) },
            body: { _ in body })
    }

    /// A decoder of ConverseStream's events.
    func makeStreamDecoder() -> BedrockStreamDecoder { BedrockStreamDecoder() }

    /// AWS event-stream frames; exception frames fail the stream, `messageStart` precedes the content.
    public var streamFraming: any StreamFraming { BedrockFraming() }

    // MARK: - Payload

    /// Builds the body (the same at every endpoint: the model is in the path); the options the
    /// model does not accept are removed first.
    /// - Throws: ``LLMCore/LLMError`` when an image or document cannot be read or is given by an
    ///   http URL, the conversation does not start with a user message, a message has no content,
    ///   tool blocks come without tools, or a tool call's arguments are not a JSON object.
    public func buildBody(
        _ messages: [ChatMessage], options: GenerationOptions, context: RequestContext = RequestContext()
    ) throws(LLMError) -> [String: JSONValue] {
        try body(messages, options: acceptedOptions(options, context: context))
    }

    private func body(_ messages: [ChatMessage], options: GenerationOptions) throws(LLMError) -> [String: JSONValue] {
        let (system, turns, usesTools) = try encode(messages)
        var body: [String: JSONValue] = ["messages": .array(turns)]
        if !system.isEmpty { body["system"] = .array(system) }
        var inference: [String: JSONValue] = [:]
        if let value = options.maxTokens { inference["maxTokens"] = .int(value) }
        if let value = options.temperature { inference["temperature"] = .double(value) }
        if let value = options.topP { inference["topP"] = .double(value) }
        if let value = options.stop { inference["stopSequences"] = .array(value.map(JSONValue.string)) }
        if !inference.isEmpty { body["inferenceConfig"] = .object(inference) }
        if let tools = options.tools, !tools.isEmpty {
            var config: [String: JSONValue] = ["tools": .array(tools.flatMap(encode))]
            if let choice = Self.toolChoice(options.toolChoice) { config["toolChoice"] = choice }
            body["toolConfig"] = .object(config)
        } else if usesTools {
            throw LLMError.invalid(
                "tools", "the conversation holds tool calls or results, which Bedrock accepts only with a toolConfig",
                hint: "pass the tools the conversation used in options.tools")
        }
        if case .jsonSchema(let name, let schema, _, let description) = options.responseFormat {
            var definition: [String: JSONValue] = ["schema": .string(schema.jsonString), "name": .string(name)]
            if let description { definition["description"] = .string(description) }
            body["outputConfig"] = [
                "textFormat": ["type": "json_schema", "structure": ["jsonSchema": .object(definition)]]
            ]
        }
        var fields = modelRequestFields(options)
        for (key, value) in options.extraBody ?? [:] where !Self.converseFields.contains(key) { fields[key] = value }
        if !fields.isEmpty { body["additionalModelRequestFields"] = .object(fields) }
        transform(&body)
        for (key, value) in options.extraBody ?? [:] where Self.converseFields.contains(key) {
            if key == "additionalModelRequestFields", case .object(let extra) = value,
                case .object(var merged)? = body[key]
            {
                for (field, fieldValue) in extra { merged[field] = fieldValue }
                body[key] = .object(merged)
            } else {
                body[key] = value
            }
        }
        return body
    }

    /// The `system` blocks, the turns (adjacent messages of one role merged), and whether any turn
    /// holds a tool call or result.
    func encode(_ messages: [ChatMessage]) throws(LLMError) -> (
        system: [JSONValue], turns: [JSONValue], usesTools: Bool
    ) {
        var system: [JSONValue] = []
        var turns: [(role: String, blocks: [JSONValue])] = []
        var usesTools = false
        var documents = 0
        func append(_ role: String, _ blocks: [JSONValue]) {
            if turns.last?.role == role {
                turns[turns.count - 1].blocks += blocks
            } else {
                turns.append((role, blocks))
            }
        }
        for (index, message) in messages.enumerated() {
            let parameter = "messages[\(index)]"
            var blocks: [JSONValue] = []
            switch message.role {
            case .system, .developer:
                system += message.content.compactMap(\.text).filter { !$0.isEmpty }.map { ["text": .string($0)] }
                if let cache = message.cache, takesCachePoints, !system.isEmpty { system.append(cachePoint(cache)) }
                continue
            case .tool:
                usesTools = true
                var result: [String: JSONValue] = [
                    "toolUseId": .string(message.toolCallId ?? ""),
                    "content": message.text.isEmpty ? [] : [["text": .string(message.text)]],
                ]
                if takesToolResultStatus { result["status"] = message.isError ? "error" : "success" }
                blocks.append(["toolResult": .object(result)])
            case .user:
                for (partIndex, part) in message.content.enumerated() {
                    if let block = try block(
                        part, parameter: "\(parameter).content[\(partIndex)]", documents: &documents)
                    {
                        blocks.append(block)
                    }
                }
            case .assistant:
                for part in message.content {
                    if case .reasoning(let reasoning) = part, let block = Self.block(reasoning) { blocks.append(block) }
                }
                for part in message.content {
                    if case .text(let text) = part, !text.isEmpty { blocks.append(["text": .string(text)]) }
                }
                for (callIndex, call) in message.toolCalls.enumerated() {
                    usesTools = true
                    blocks.append([
                        "toolUse": [
                            "toolUseId": .string(call.id), "name": .string(call.name),
                            "input": try Self.arguments(call, parameter: "\(parameter).toolCalls[\(callIndex)]"),
                        ]
                    ])
                }
            }
            guard !blocks.isEmpty else {
                throw LLMError.invalid(
                    parameter, "\(parameter) has no content, which Bedrock rejects",
                    hint: "drop the empty message or give it text")
            }
            if let cache = message.cache, takesCachePoints { blocks.append(cachePoint(cache)) }
            append(message.role == .assistant ? "assistant" : "user", blocks)
        }
        if turns.first?.role == "assistant" {
            throw LLMError.invalid(
                "messages",
                "the conversation starts with an assistant message; Bedrock's Converse API needs a user message first",
                hint: "start the conversation with a user message")
        }
        let encoded = turns.map { turn -> JSONValue in ["role": .string(turn.role), "content": .array(turn.blocks)] }
        return (system, encoded, usesTools)
    }

    /// One user content part as a block (nil for empty text).
    private func block(_ part: ContentPart, parameter: String, documents: inout Int) throws(LLMError) -> JSONValue? {
        switch part {
        case .text(let text):
            return text.isEmpty ? nil : ["text": .string(text)]
        case .image(let image):
            if case .url(let url) = image.source, url.scheme?.lowercased() == "s3" {
                guard let format = Self.imageFormat(extension: url.pathExtension) else {
                    throw LLMError.invalid(
                        parameter,
                        "\(parameter)'s S3 object '\(url.lastPathComponent)' is not a png, jpeg, gif or webp",
                        hint: "name the object with its image type's extension")
                }
                return [
                    "image": [
                        "format": .string(format), "source": ["s3Location": ["uri": .string(url.absoluteString)]],
                    ]
                ]
            }
            if case .url(let url) = image.source, url.scheme?.lowercased() != "data" {
                throw LLMError.invalid(
                    parameter,
                    "Bedrock takes an image by its bytes or an s3:// URI, not by an \(url.scheme ?? "other") URL",
                    hint: "download the image and pass its bytes (ImageInput(source: .bytes(...))) or a file path")
            }
            let loaded: DataURL
            do { loaded = try image.loadImage() } catch { throw LLMError(wrapping: error, parameter: parameter) }
            guard let format = Self.imageFormat(mimeType: loaded.mimeType) else {
                throw LLMError.invalid(
                    parameter, "Bedrock takes png, jpeg, gif or webp images, not \(loaded.mimeType.rawValue)",
                    hint: "convert the image to png or jpeg")
            }
            return [
                "image": ["format": .string(format), "source": ["bytes": .string(loaded.data.base64EncodedString())]]
            ]
        case .document(let document):
            documents += 1
            return try Self.block(document, number: documents, parameter: parameter)
        case .audio:
            throw LLMError.unsupportedInput(.audio, metadata: metadata, parameter: parameter)
        case .reasoning:
            throw LLMError.invalid(parameter, "\(parameter) puts reasoning in a user message")
        }
    }

    /// A document block: PDF bytes, plain text, or an `s3://` object, named by its title (made to
    /// fit Converse's name rules) or `document-N`.
    private static func block(_ document: DocumentInput, number: Int, parameter: String) throws(LLMError) -> JSONValue {
        let format: String
        let source: JSONValue
        switch document.source {
        case .text(let text):
            format = "txt"
            source = ["text": .string(text)]
        case .url(let url) where url.scheme?.lowercased() == "s3":
            format = url.pathExtension.isEmpty ? "pdf" : url.pathExtension.lowercased()
            source = ["s3Location": ["uri": .string(url.absoluteString)]]
        case .url(let url):
            throw LLMError.invalid(
                parameter,
                "Bedrock takes a document by its bytes, its text or an s3:// URI, not by an \(url.scheme ?? "other") URL",
                hint: "download the document and pass its bytes or a file path")
        case .bytes, .file:
            let data: Data
            do { data = try document.loadPDF() } catch { throw LLMError(wrapping: error, parameter: parameter) }
            format = "pdf"
            source = ["bytes": .string(data.base64EncodedString())]
        }
        return [
            "document": [
                "format": .string(format), "name": .string(documentName(document.title, number: number)),
                "source": source,
            ]
        ]
    }

    /// `title` with the characters Converse refuses replaced by `-`, spaces collapsed, at most 200
    /// characters; `document-N` when nothing is left.
    static func documentName(_ title: String?, number: Int) -> String {
        var name = ""
        for scalar in (title ?? "").unicodeScalars {
            let character = documentNameCharacters.contains(scalar) ? Character(scalar) : "-"
            if character == " ", name.last == " " { continue }
            name.append(character)
        }
        name = String(name.trimmingCharacters(in: .whitespaces).prefix(200))
        return name.isEmpty ? "document-\(number)" : name
    }

    /// The Converse image format of a MIME type.
    private static func imageFormat(mimeType: MIMEType) -> String? {
        switch mimeType.rawValue {
        case "image/png": "png"
        case "image/jpeg": "jpeg"
        case "image/gif": "gif"
        case "image/webp": "webp"
        default: nil
        }
    }

    /// The Converse image format of a file extension.
    private static func imageFormat(extension: String) -> String? {
        switch `extension`.lowercased() {
        case "png": "png"
        case "jpg", "jpeg": "jpeg"
        case "gif": "gif"
        case "webp": "webp"
        default: nil
        }
    }

    /// Bedrock's own reasoning as `reasoningContent`; another provider's, or unsigned reasoning,
    /// is not sent.
    private static func block(_ reasoning: Reasoning) -> JSONValue? {
        guard reasoning.provider == .bedrock else { return nil }
        if let data = reasoning.redactedData { return ["reasoningContent": ["redactedContent": .string(data)]] }
        guard let signature = reasoning.signature else { return nil }
        return [
            "reasoningContent": ["reasoningText": ["text": .string(reasoning.text), "signature": .string(signature)]]
        ]
    }

    /// A tool call's arguments as the `input` object (empty arguments as `{}`).
    private static func arguments(_ call: ToolCall, parameter: String) throws(LLMError) -> JSONValue {
        if call.arguments.allSatisfy(\.isWhitespace) { return [:] }
        guard let input = try? JSONValue(parsing: call.arguments), input.objectValue != nil else {
            throw LLMError.invalid(
                parameter, "\(parameter).arguments is not a JSON object, which Bedrock needs as the tool input",
                hint: "pass the arguments back as the model produced them")
        }
        return input
    }

    /// A `cachePoint` block (with the one-hour lifetime for a breakpoint over five minutes).
    private func cachePoint(_ cache: CacheBreakpoint) -> JSONValue {
        guard let ttl = cache.ttl, ttl > .seconds(300) else { return ["cachePoint": ["type": "default"]] }
        return ["cachePoint": ["type": "default", "ttl": "1h"]]
    }

    /// A tool as its `toolSpec`, followed by a `cachePoint` when it is a cache breakpoint.
    private func encode(_ tool: ToolDefinition) -> [JSONValue] {
        var spec: [String: JSONValue] = [
            "name": .string(tool.name),
            "inputSchema": ["json": tool.parameters ?? ["type": "object", "properties": [:]]],
        ]
        if let description = tool.description, !description.isEmpty { spec["description"] = .string(description) }
        if let strict = tool.strict { spec["strict"] = .bool(strict) }
        var encoded: [JSONValue] = [["toolSpec": .object(spec)]]
        if let cache = tool.cache, takesCachePoints { encoded.append(cachePoint(cache)) }
        return encoded
    }

    /// `toolChoice`: `auto`, `any` (required), `tool` (a function); nil when unset.
    private static func toolChoice(_ choice: ToolChoice?) -> JSONValue? {
        switch choice {
        case .auto?: ["auto": [:]]
        case .required?: ["any": [:]]
        case .function(let name)?: ["tool": ["name": .string(name)]]
        case .some(.none), nil: nil
        }
    }

    // MARK: - Parsing

    /// Parses a `ConverseResponse`: its text blocks joined, tool calls, reasoning kept with its
    /// signature (or redacted content), the stop reason, usage with cache reads and writes,
    /// `metrics.latencyMs` and the additional response fields (``BedrockExtras``), and the cost
    /// from the model's prices. Bedrock gives an answer no id: the request id stands in.
    /// - Throws: ``LLMCore/LLMError`` (`decoding`) when the body is not a Converse response.
    public func parseResponse(_ body: Data, info: ResponseInfo) throws(LLMError) -> LLMResponse {
        guard let wire = try? BedrockResponseWire.parse(body), let blocks = wire.content else {
            throw LLMError(
                code: .decoding, message: "the response is not a Converse response: \(WireExcerpt.of(body))",
                endpoint: info.endpoint, requestId: info.requestId)
        }
        var text = ""
        var calls: [ToolCall] = []
        var reasoning: [Reasoning] = []
        for block in blocks {
            if let part = block.text { text += part }
            if let toolUse = block.toolUse {
                calls.append(
                    ToolCall(
                        id: toolUse.toolUseId ?? "", name: toolUse.name ?? "",
                        arguments: toolUse.input?.jsonString ?? "{}"))
            }
            if let thought = block.reasoning {
                reasoning.append(
                    thought.redactedContent.map { Reasoning(text: "", redactedData: $0, provider: .bedrock) }
                        ?? Reasoning(text: thought.text ?? "", signature: thought.signature, provider: .bedrock))
            }
        }
        let usage: Usage?
        do { usage = try wire.usage?.usage() } catch {
            throw LLMError(code: .decoding, message: error.message, endpoint: info.endpoint, requestId: info.requestId)
        }
        return LLMResponse(
            id: info.requestId ?? "", model: metadata.name, content: text, toolCalls: calls, reasoning: reasoning,
            finishReason: wire.stopReason.map(BedrockMapping.finishReason), usage: usage, requestId: info.requestId,
            endpoint: info.endpoint, attempts: info.attempts,
            extras: BedrockMapping.extras(
                stopReason: wire.stopReason, latencyMs: wire.latencyMs, additionalFields: wire.additionalFields),
            costUSD: cost(of: usage))
    }
}
