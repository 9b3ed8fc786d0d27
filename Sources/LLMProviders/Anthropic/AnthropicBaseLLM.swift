public import Connectors
public import Foundation
public import LLMCore
import LLMMedia

/// The provider base of the Claude models over Anthropic's Messages API (`POST {base}/v1/messages`):
/// payload builder, response and stream parsers, finish-reason and error mapping. The request
/// lifecycle comes from ``ChatWireFormat``.
///
/// What the library's neutral request becomes: system and developer messages the top-level
/// `system`; user, assistant and tool messages `messages` of content blocks (`text`, `image` from
/// a URL or base64, `document`, `tool_use` from tool calls, `tool_result` from tool messages, and
/// `thinking`/`redacted_thinking` from the reasoning parts Anthropic issued); `maxTokens` the
/// required `max_tokens` (the catalog's default when unset); `temperature`, `topP`, `topK`, `stop`
/// as `stop_sequences`, `user` as `metadata.user_id`; tools with `input_schema` and `tool_choice`
/// (`auto`, `any`, `tool`, `none`, `disable_parallel_tool_use`); `reasoningBudget` (or
/// `reasoningEffort`: low 1,024, medium 2,048, high 4,096 tokens) as `thinking`; a JSON schema as
/// `output_config.format`; cache breakpoints as `cache_control`.
open class AnthropicBaseLLM: RemoteBaseLLM, ChatWireFormat, @unchecked Sendable {
    /// A model class's change to the standard body.
    public typealias Transform = @Sendable (inout [String: JSONValue]) -> Void

    /// The smallest thinking budget the API takes.
    public static let minimumThinkingBudget = ClaudeRules.minimumThinkingBudget

    /// The thinking budget of each `reasoningEffort` level (LiteLLM's mapping); `minimal` thinks
    /// not at all.
    public static func thinkingBudget(for effort: ReasoningEffort) -> Int? {
        ClaudeRules.thinkingBudget(for: effort)
    }

    /// Anthropic endpoints.
    open override class var endpointStyles: Set<String>? { ["anthropic"] }

    /// The model's change to the standard body; none by default.
    open var transform: Transform { { _ in } }

    /// The `max_tokens` sent when neither the caller nor the catalog sets one.
    public var fallbackMaxTokens: Int { min(metadata.limits.maxOutputTokens, 4_096) }

    /// Checks Claude's rules before anything is sent (``ClaudeRules``).
    open override func validateModelOptions(_ options: GenerationOptions) throws(LLMError) {
        try ClaudeRules.check(options, model: metadata.name, maxTokens: options.maxTokens ?? fallbackMaxTokens)
    }

    // MARK: - ChatWireFormat

    /// `v1/messages` with the body of ``buildBody(_:options:stream:context:)``, whose `model` is
    /// each endpoint's own.
    public func wireRequest(
        _ messages: [ChatMessage], options: GenerationOptions, stream: Bool, context: RequestContext
    ) throws(LLMError) -> ConnectorRequest {
        let body = try body(messages, options: options, stream: stream)
        let modelOverridden = options.extraBody?["model"] != nil
        let fallback = metadata.deploymentName
        return ConnectorRequest.perEndpoint(path: "v1/messages") { endpoint in
            var perEndpoint = body
            if !modelOverridden { perEndpoint["model"] = .string(endpoint.deployment ?? fallback) }
            return Data(JSONValue.object(perEndpoint).jsonBytes)
        }
    }

    /// A decoder of the Messages API's stream events.
    func makeStreamDecoder() -> AnthropicStreamDecoder { AnthropicStreamDecoder() }

    /// `message_stop` ends the stream, an `error` event fails it, `message_start`,
    /// `content_block_start` and `ping` come before the content.
    public var streamFraming: any StreamFraming { AnthropicFraming() }

    // MARK: - Payload

    /// Builds the body as sent to the primary endpoint (see the class's description); the options
    /// the model does not accept are removed first.
    /// - Throws: ``LLMCore/LLMError`` when an image or document cannot be read, or a tool call's
    ///   arguments are not a JSON object.
    public func buildBody(
        _ messages: [ChatMessage], options: GenerationOptions, stream: Bool, context: RequestContext = RequestContext()
    ) throws(LLMError) -> [String: JSONValue] {
        var body = try body(messages, options: acceptedOptions(options, context: context), stream: stream)
        if options.extraBody?["model"] == nil {
            body["model"] = .string(connector.endpoints.first.map(modelName(at:)) ?? metadata.deploymentName)
        }
        return body
    }

    /// The body without its `model` (set per endpoint).
    private func body(_ messages: [ChatMessage], options: GenerationOptions, stream: Bool) throws(LLMError)
        -> [String: JSONValue]
    {
        var body: [String: JSONValue] = ["max_tokens": .int(options.maxTokens ?? fallbackMaxTokens)]
        let (system, turns) = try encode(messages)
        if let system { body["system"] = system }
        body["messages"] = .array(turns)
        if let value = options.temperature { body["temperature"] = .double(value) }
        if let value = options.topP { body["top_p"] = .double(value) }
        if let value = options.topK { body["top_k"] = .int(value) }
        if let value = options.stop { body["stop_sequences"] = .array(value.map(JSONValue.string)) }
        if let value = options.user { body["metadata"] = ["user_id": .string(value)] }
        if let tools = options.tools { body["tools"] = .array(tools.map(Self.encode)) }
        if let choice = Self.toolChoice(options) { body["tool_choice"] = choice }
        if let budget = ClaudeRules.thinkingBudget(options) {
            body["thinking"] = ["type": "enabled", "budget_tokens": .int(budget)]
        }
        if case .jsonSchema(_, let schema, _, _) = options.responseFormat {
            body["output_config"] = ["format": ["type": "json_schema", "schema": schema]]
        }
        if stream { body["stream"] = true }
        transform(&body)
        for (key, value) in options.extraBody ?? [:] { body[key] = value }
        return body
    }

    /// The top-level `system` (the system and developer messages' blocks, in order; a lone
    /// uncached text as a string) and the turns.
    func encode(_ messages: [ChatMessage]) throws(LLMError) -> (system: JSONValue?, turns: [JSONValue]) {
        var system: [JSONValue] = []
        var turns: [JSONValue] = []
        var toolResults: [JSONValue] = []
        func flushToolResults() {
            guard !toolResults.isEmpty else { return }
            turns.append(["role": "user", "content": .array(toolResults)])
            toolResults = []
        }
        for (index, message) in messages.enumerated() {
            switch message.role {
            case .system, .developer:
                system += Self.cached(message.content.compactMap(\.text).map(Self.textBlock), message.cache)
            case .tool:
                toolResults.append(toolResult(message))
            case .user:
                flushToolResults()
                var blocks: [JSONValue] = []
                for (partIndex, part) in message.content.enumerated() {
                    blocks.append(try block(part, parameter: "messages[\(index)].content[\(partIndex)]"))
                }
                turns.append(["role": "user", "content": Self.content(blocks, cache: message.cache)])
            case .assistant:
                flushToolResults()
                var blocks: [JSONValue] = []
                for part in message.content {
                    switch part {
                    case .reasoning(let reasoning): if let block = Self.block(reasoning) { blocks.append(block) }
                    case .text(let text): blocks.append(Self.textBlock(text))
                    default: break
                    }
                }
                for (callIndex, call) in message.toolCalls.enumerated() {
                    blocks.append(
                        [
                            "type": "tool_use", "id": .string(call.id), "name": .string(call.name),
                            "input": try Self.arguments(call, parameter: "messages[\(index)].toolCalls[\(callIndex)]"),
                        ])
                }
                turns.append(["role": "assistant", "content": Self.content(blocks, cache: message.cache)])
            }
        }
        flushToolResults()
        let systemValue: JSONValue? =
            system.isEmpty
            ? nil : (system.count == 1 && system[0]["cache_control"] == nil ? system[0]["text"] : .array(system))
        return (systemValue, turns)
    }

    /// A tool message as a `tool_result` block.
    private func toolResult(_ message: ChatMessage) -> JSONValue {
        var block: [String: JSONValue] = [
            "type": "tool_result", "tool_use_id": .string(message.toolCallId ?? ""),
            "content": .string(message.text),
        ]
        if message.isError { block["is_error"] = true }
        if let cache = message.cache { block["cache_control"] = Self.cacheControl(cache) }
        return .object(block)
    }

    /// One user content part as a block.
    private func block(_ part: ContentPart, parameter: String) throws(LLMError) -> JSONValue {
        switch part {
        case .text(let text):
            return Self.textBlock(text)
        case .image(let image):
            if case .url(let url) = image.source, url.scheme?.lowercased() != "data" {
                return ["type": "image", "source": ["type": "url", "url": .string(url.absoluteString)]]
            }
            let loaded: DataURL
            do { loaded = try image.loadImage() } catch { throw LLMError(wrapping: error, parameter: parameter) }
            return [
                "type": "image",
                "source": [
                    "type": "base64", "media_type": .string(loaded.mimeType.rawValue),
                    "data": .string(loaded.data.base64EncodedString()),
                ],
            ]
        case .document(let document):
            return try Self.block(document, parameter: parameter)
        case .audio:
            throw LLMError.unsupportedInput(.audio, metadata: metadata, parameter: parameter)
        case .reasoning:
            throw LLMError.invalid(parameter, "\(parameter) puts reasoning in a user message")
        }
    }

    private static func block(_ document: DocumentInput, parameter: String) throws(LLMError) -> JSONValue {
        let source: JSONValue
        switch document.source {
        case .url(let url):
            source = ["type": "url", "url": .string(url.absoluteString)]
        case .text(let text):
            source = ["type": "text", "media_type": "text/plain", "data": .string(text)]
        case .bytes, .file:
            let data: Data
            do { data = try document.loadPDF() } catch { throw LLMError(wrapping: error, parameter: parameter) }
            source = ["type": "base64", "media_type": "application/pdf", "data": .string(data.base64EncodedString())]
        }
        var block: [String: JSONValue] = ["type": "document", "source": source]
        if let title = document.title { block["title"] = .string(title) }
        return .object(block)
    }

    /// Anthropic's own reasoning as a `thinking` or `redacted_thinking` block; another provider's,
    /// or reasoning without a signature, is not sent.
    private static func block(_ reasoning: Reasoning) -> JSONValue? {
        guard reasoning.provider == .anthropic else { return nil }
        if let data = reasoning.redactedData { return ["type": "redacted_thinking", "data": .string(data)] }
        guard let signature = reasoning.signature else { return nil }
        return ["type": "thinking", "thinking": .string(reasoning.text), "signature": .string(signature)]
    }

    /// A tool call's arguments as the `input` object (empty arguments as `{}`).
    private static func arguments(_ call: ToolCall, parameter: String) throws(LLMError) -> JSONValue {
        if call.arguments.allSatisfy(\.isWhitespace) { return [:] }
        guard let input = try? JSONValue(parsing: call.arguments), input.objectValue != nil else {
            throw LLMError.invalid(
                parameter, "\(parameter).arguments is not a JSON object, which Anthropic needs as the tool input",
                hint: "pass the arguments back as the model produced them")
        }
        return input
    }

    private static func textBlock(_ text: String) -> JSONValue {
        ["type": "text", "text": .string(text)]
    }

    /// Blocks with `cache_control` on the last one when the message is a cache breakpoint.
    private static func cached(_ blocks: [JSONValue], _ cache: CacheBreakpoint?) -> [JSONValue] {
        guard let cache, case .object(var last)? = blocks.last else { return blocks }
        last["cache_control"] = cacheControl(cache)
        return blocks.dropLast() + [.object(last)]
    }

    /// A message's content: a lone uncached text as a string, else the blocks.
    private static func content(_ blocks: [JSONValue], cache: CacheBreakpoint?) -> JSONValue {
        if cache == nil, blocks.count == 1, blocks[0]["type"] == "text", let text = blocks[0]["text"] { return text }
        return .array(cached(blocks, cache))
    }

    /// `{"type": "ephemeral"}`, with `"ttl": "1h"` for a lifetime over five minutes.
    static func cacheControl(_ cache: CacheBreakpoint) -> JSONValue {
        guard let ttl = cache.ttl, ttl > .seconds(300) else { return ["type": "ephemeral"] }
        return ["type": "ephemeral", "ttl": "1h"]
    }

    private static func encode(_ tool: ToolDefinition) -> JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(tool.name), "input_schema": tool.parameters ?? ["type": "object", "properties": [:]],
        ]
        if let description = tool.description { object["description"] = .string(description) }
        if let strict = tool.strict { object["strict"] = .bool(strict) }
        if let cache = tool.cache { object["cache_control"] = cacheControl(cache) }
        return .object(object)
    }

    /// `tool_choice`: auto, any (required), tool (a function), none; `disable_parallel_tool_use`
    /// when parallel calls are off.
    private static func toolChoice(_ options: GenerationOptions) -> JSONValue? {
        var choice: [String: JSONValue]
        switch options.toolChoice {
        case .some(.none): return ["type": "none"]
        case .auto?: choice = ["type": "auto"]
        case .required?: choice = ["type": "any"]
        case .function(let name)?: choice = ["type": "tool", "name": .string(name)]
        case nil:
            guard options.parallelToolCalls == false else { return nil }
            choice = ["type": "auto"]
        }
        if options.parallelToolCalls == false { choice["disable_parallel_tool_use"] = true }
        return .object(choice)
    }

    // MARK: - Parsing

    /// Parses a `message`: its text blocks joined, tool calls, thinking kept as reasoning (with
    /// signatures), the stop reason, usage with cache reads and writes, the Anthropic extras, and
    /// the cost from the model's prices.
    /// - Throws: ``LLMCore/LLMError`` (`decoding`) when the body is not a message, or the error it carries.
    public func parseResponse(_ body: Data, info: ResponseInfo) throws(LLMError) -> LLMResponse {
        guard let wire = try? AnthropicMessageWire.parse(body) else {
            throw LLMError(
                code: .decoding, message: "the response is not a message: \(WireExcerpt.of(body))",
                endpoint: info.endpoint, requestId: info.requestId)
        }
        if wire.type == "error" || wire.error != nil {
            var error = AnthropicErrorMapper.error(event: wire.error)
            error.endpoint = info.endpoint
            error.requestId = info.requestId
            throw error
        }
        guard let blocks = wire.content else {
            throw LLMError(
                code: .decoding, message: "the response has no content: \(WireExcerpt.of(body))",
                endpoint: info.endpoint, requestId: info.requestId)
        }
        var text = ""
        var calls: [ToolCall] = []
        var reasoning: [Reasoning] = []
        for block in blocks {
            switch block.type {
            case "text": text += block.text ?? ""
            case "tool_use":
                calls.append(
                    ToolCall(id: block.id ?? "", name: block.name ?? "", arguments: block.input?.jsonString ?? "{}"))
            case "thinking":
                reasoning.append(
                    Reasoning(text: block.thinking ?? "", signature: block.signature, provider: .anthropic))
            case "redacted_thinking":
                reasoning.append(Reasoning(text: "", redactedData: block.data, provider: .anthropic))
            default: continue
            }
        }
        let usage: Usage?
        do { usage = try wire.usage?.usage() } catch {
            throw LLMError(
                code: .decoding, message: error.message, endpoint: info.endpoint, requestId: info.requestId)
        }
        return LLMResponse(
            id: wire.id ?? "", model: wire.model ?? metadata.name, content: text, toolCalls: calls,
            reasoning: reasoning, finishReason: wire.stopReason.map(AnthropicMapping.finishReason), usage: usage,
            requestId: info.requestId, endpoint: info.endpoint, attempts: info.attempts,
            extras: AnthropicMapping.extras(
                stopReason: wire.stopReason, stopSequence: wire.stopSequence, stopDetails: wire.stopDetails,
                serviceTier: wire.usage?.serviceTier),
            costUSD: cost(of: usage), stopSequence: wire.stopSequence)
    }
}
