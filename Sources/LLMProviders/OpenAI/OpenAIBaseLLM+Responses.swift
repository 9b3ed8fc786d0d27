public import Connectors
import Foundation
public import LLMCore
import LLMMedia

/// The Responses API (`POST {base}/responses`) as the second codec of the OpenAI family
/// (``OpenAIWireAPI/responses``).
///
/// What the neutral request becomes: system and developer messages the `instructions`; user
/// messages `message` items of `input_text`, `input_image` and `input_file` parts; assistant
/// messages their reasoning items (only at the endpoint that issued them: see below), a
/// `message` with the text, and `function_call` items; tool messages `function_call_output`
/// items paired by `call_id`; tools flat `function` tools; `toolChoice`, `parallelToolCalls`,
/// `maxTokens` as `max_output_tokens`, `temperature`, `topP`, `responseFormat` as `text.format`,
/// `reasoningEffort` as `reasoning.effort` with `summary: "auto"`, `user` as
/// `safety_identifier`; `store` as the instance's API says, and for reasoning models without
/// `store` `include: ["reasoning.encrypted_content"]`.
///
/// Affinity: a previous answer's id and its encrypted reasoning belong to the endpoint that
/// issued them. The body is built per endpoint: at the issuing endpoint (with `store`) the
/// request continues from `previous_response_id` with only the newer messages, and reasoning
/// items go back there; at any other endpoint — a backup after a failover — the visible history
/// is replayed in full and that state is left out.
extension OpenAIBaseLLM {
    /// The options the Responses API has no parameter for.
    static func checkResponsesOptions(_ options: GenerationOptions, model: String) throws(LLMError) {
        let unsupported: [(String, Bool)] = [
            ("stop", options.stop != nil), ("n", (options.n ?? 1) != 1), ("seed", options.seed != nil),
            ("frequencyPenalty", options.frequencyPenalty != nil), ("presencePenalty", options.presencePenalty != nil),
            ("topK", options.topK != nil), ("minP", options.minP != nil),
            ("repetitionPenalty", options.repetitionPenalty != nil), ("logitBias", options.logitBias != nil),
            ("logprobs", options.logprobs == true),
        ]
        if let (name, _) = unsupported.first(where: \.1) {
            throw LLMError.invalid(
                name, "\(name) is not a parameter of the Responses API (\(model))",
                hint: "leave \(name) unset, or call the model with api: .chatCompletions")
        }
    }

    /// `responses` with the body of ``buildResponsesBody(_:options:stream:at:context:)`` for
    /// each endpoint.
    func responsesRequest(_ messages: [ChatMessage], options: GenerationOptions, stream: Bool) throws(LLMError)
        -> ConnectorRequest
    {
        // Build once to surface errors (an unreadable image) before any network call.
        let primary = connector.endpoints[0]
        let first = try responsesBody(messages, options: options, stream: stream, at: primary)
        return ConnectorRequest.perEndpoint(path: "responses", url: Self.responsesURL) { [self] endpoint in
            if endpoint == primary { return Data(JSONValue.object(first).jsonBytes) }
            let body = (try? responsesBody(messages, options: options, stream: stream, at: endpoint)) ?? first
            return Data(JSONValue.object(body).jsonBytes)
        }
    }

    /// The Responses API's URL at `endpoint`: `responses` under the endpoint's prefix, and for an
    /// Azure classic endpoint Azure's v1 route `{endpoint}/openai/v1/responses` (Azure serves the
    /// Responses API there, not under a deployment).
    static func responsesURL(_ endpoint: Endpoint) -> String {
        guard endpoint.style == .azure else { return endpoint.url(for: "responses") }
        return EndpointURLParts.base(endpoint.baseURL, then: "/openai/v1") + "responses"
    }

    /// The endpoint's identity as answers name it (``LLMCore/LLMResponse/endpoint``): the
    /// Responses URL without userinfo or query.
    static func issuer(_ endpoint: Endpoint) -> String {
        let url = Endpoint.withoutUserInfo(responsesURL(endpoint))
        return url.firstIndex(of: "?").map { String(url[..<$0]) } ?? url
    }

    /// Builds the Responses body as sent to `endpoint` (the primary when nil); the options the
    /// model does not accept are removed first.
    /// - Throws: ``LLMCore/LLMError`` when an image or document cannot be read, or the message
    ///   carries audio (the Responses API takes none).
    public func buildResponsesBody(
        _ messages: [ChatMessage], options: GenerationOptions, stream: Bool, at endpoint: Endpoint? = nil,
        context: RequestContext = RequestContext()
    ) throws(LLMError) -> [String: JSONValue] {
        try responsesBody(
            messages, options: acceptedOptions(options, context: context), stream: stream,
            at: endpoint ?? connector.endpoints[0])
    }

    private func responsesBody(
        _ messages: [ChatMessage], options: GenerationOptions, stream: Bool, at endpoint: Endpoint
    ) throws(LLMError) -> [String: JSONValue] {
        let issuer = Self.issuer(endpoint)
        var body: [String: JSONValue] = ["store": .bool(api.store)]
        var sent = messages[...]
        if api.store, let last = messages.lastIndex(where: { $0.issuedResponse?.endpoint == issuer }),
            let previous = messages[last].issuedResponse
        {
            body["previous_response_id"] = .string(previous.id)
            sent = messages[(last + 1)...]
        }
        let instructions = messages.filter { $0.role == .system || $0.role == .developer }.map(\.text)
        if !instructions.isEmpty { body["instructions"] = .string(instructions.joined(separator: "\n\n")) }
        var input: [JSONValue] = []
        for index in sent.indices {
            try responseItems(messages[index], index: index, issuer: issuer, into: &input)
        }
        body["input"] = .array(input)
        if let value = options.maxTokens { body["max_output_tokens"] = .int(value) }
        if let value = options.temperature { body["temperature"] = .double(value) }
        if let value = options.topP { body["top_p"] = .double(value) }
        if let value = options.parallelToolCalls { body["parallel_tool_calls"] = .bool(value) }
        if let value = options.user { body["safety_identifier"] = .string(value) }
        if let tools = options.tools {
            body["tools"] = .array(
                tools.map { tool in
                    [
                        "type": "function", "name": .string(tool.name),
                        "description": tool.description.map(JSONValue.string) ?? .null,
                        "parameters": tool.parameters ?? .null, "strict": tool.strict.map(JSONValue.bool) ?? .null,
                    ]
                })
        }
        switch options.toolChoice {
        case .none?: body["tool_choice"] = "none"
        case .auto?: body["tool_choice"] = "auto"
        case .required?: body["tool_choice"] = "required"
        case .function(let name)?: body["tool_choice"] = ["type": "function", "name": .string(name)]
        case nil: break
        }
        switch options.responseFormat {
        case .text?: body["text"] = ["format": ["type": "text"]]
        case .jsonObject?: body["text"] = ["format": ["type": "json_object"]]
        case .jsonSchema(let name, let schema, let strict, let description)?:
            var format: [String: JSONValue] = ["type": "json_schema", "name": .string(name), "schema": schema]
            if let strict { format["strict"] = .bool(strict) }
            if let description { format["description"] = .string(description) }
            body["text"] = ["format": .object(format)]
        case nil: break
        }
        if let effort = options.reasoningEffort {
            body["reasoning"] = ["effort": .string(effort.rawValue), "summary": "auto"]
        }
        if !api.store && metadata.capabilities.reasoning { body["include"] = ["reasoning.encrypted_content"] }
        if stream { body["stream"] = true }
        for (key, value) in options.extraBody ?? [:] { body[key] = value }
        if options.extraBody?["model"] == nil { body["model"] = .string(modelName(at: endpoint)) }
        return body
    }

    /// The input items of one message.
    private func responseItems(_ message: ChatMessage, index: Int, issuer: String, into input: inout [JSONValue])
        throws(LLMError)
    {
        switch message.role {
        case .system, .developer:
            return
        case .tool:
            input.append(
                [
                    "type": "function_call_output", "call_id": .string(message.toolCallId ?? ""),
                    "output": .string(message.text),
                ])
        case .user:
            var parts: [JSONValue] = []
            for (partIndex, part) in message.content.enumerated() {
                parts.append(try inputPart(part, parameter: "messages[\(index)].content[\(partIndex)]"))
            }
            input.append(["type": "message", "role": "user", "content": .array(parts)])
        case .assistant:
            for case .reasoning(let reasoning) in message.content
            where reasoning.provider == .openAI && reasoning.origin == issuer && reasoning.id != nil
                && (reasoning.redactedData != nil || api.store)
            {
                var item: [String: JSONValue] = [
                    "type": "reasoning", "id": .string(reasoning.id ?? ""),
                    "summary": reasoning.text.isEmpty
                        ? [] : [["type": "summary_text", "text": .string(reasoning.text)]],
                ]
                if let encrypted = reasoning.redactedData { item["encrypted_content"] = .string(encrypted) }
                input.append(.object(item))
            }
            let text = message.content.compactMap(\.text).joined()
            if !text.isEmpty { input.append(["type": "message", "role": "assistant", "content": .string(text)]) }
            for call in message.toolCalls {
                input.append(
                    [
                        "type": "function_call", "call_id": .string(call.id), "name": .string(call.name),
                        "arguments": .string(call.arguments),
                    ])
            }
        }
    }

    /// One user content part.
    private func inputPart(_ part: ContentPart, parameter: String) throws(LLMError) -> JSONValue {
        switch part {
        case .text(let text):
            return ["type": "input_text", "text": .string(text)]
        case .image(let image):
            return [
                "type": "input_image", "image_url": .string(try imageURL(for: image, parameter: parameter)),
                "detail": .string(image.detail?.rawValue ?? "auto"),
            ]
        case .document(let document):
            switch document.source {
            case .url(let url):
                return ["type": "input_file", "file_url": .string(url.absoluteString)]
            case .text(let text):
                return ["type": "input_text", "text": .string(document.title.map { "\($0)\n\n\(text)" } ?? text)]
            case .bytes, .file:
                let data: Data
                do { data = try document.loadPDF() } catch { throw LLMError(wrapping: error, parameter: parameter) }
                return [
                    "type": "input_file", "filename": .string("\(document.title ?? "document").pdf"),
                    "file_data": .string(DataURL(mimeType: .pdf, data: data).description),
                ]
            }
        case .audio:
            throw LLMError.unsupportedInput(.audio, metadata: metadata, parameter: parameter)
        case .reasoning:
            throw LLMError.invalid(parameter, "\(parameter) puts reasoning in a user message")
        }
    }

    /// Parses a `response` object: its output items in order (the `output_text` of every message,
    /// refusals, function calls, reasoning items), the finish reason from the status, usage and cost.
    /// - Throws: ``LLMCore/LLMError``: `decoding` when the body is not a response; the response's
    ///   error when its status is `failed`.
    func parseResponsesResponse(_ body: Data, info: ResponseInfo) throws(LLMError) -> LLMResponse {
        guard let wire = try? ResponseObjectWire.parse(body), wire.id != nil || wire.output != nil else {
            throw LLMError(
                code: .decoding, message: "the response is not a Responses-API response: \(WireExcerpt.of(body))",
                endpoint: info.endpoint, requestId: info.requestId)
        }
        if wire.status == "failed" || (wire.output == nil && wire.error != nil) {
            throw WireMapping.error(wire.error ?? StreamErrorWire(), info: info)
        }
        var text = ""
        var refusal: String?
        var calls: [ToolCall] = []
        var reasoning: [Reasoning] = []
        for item in wire.output ?? [] {
            switch item.type {
            case "message":
                text += item.text
                if let refused = item.refusal { refusal = (refusal ?? "") + refused }
            case "function_call":
                calls.append(
                    ToolCall(id: item.callId ?? item.id ?? "", name: item.name ?? "", arguments: item.arguments ?? ""))
            case "reasoning":
                reasoning.append(ResponsesMapping.reasoning(item))
            default:
                continue
            }
        }
        let usage: Usage?
        do { usage = try wire.usage?.usage() } catch {
            throw LLMError(code: .decoding, message: error.message, endpoint: info.endpoint, requestId: info.requestId)
        }
        return LLMResponse(
            id: wire.id ?? "", model: wire.model ?? metadata.name, content: text, refusal: refusal, toolCalls: calls,
            reasoning: reasoning,
            finishReason: ResponsesMapping.finishReason(
                status: wire.status, incompleteReason: wire.incompleteReason, calledFunctions: !calls.isEmpty),
            usage: usage, requestId: info.requestId, endpoint: info.endpoint, attempts: info.attempts,
            costUSD: cost(of: usage))
    }
}
