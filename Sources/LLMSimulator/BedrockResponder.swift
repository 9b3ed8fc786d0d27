import Foundation

/// Builds deterministic Converse answers (`ConverseResponse`, ConverseStream events), and checks
/// requests the way Bedrock does, with its own messages: a conversation that starts with a user
/// message and alternates roles, no empty messages or blank text, `toolConfig` whenever the
/// conversation holds tool blocks, a tool result's `status` and a forced tool choice only for the
/// models that take them (Claude, Nova; Mistral Large for the choice), and Claude's reasoning
/// sent back with the signature the simulator gave it.
struct BedrockResponder {
    let name: String
    let model: String
    let request: [String: Any]
    /// The scripted answer, if one is queued.
    var script: SimulatorAnswer? = nil

    var messages: [[String: Any]] { request["messages"] as? [[String: Any]] ?? [] }
    var tools: [[String: Any]] {
        ((request["toolConfig"] as? [String: Any])?["tools"] as? [[String: Any]] ?? []).compactMap {
            $0["toolSpec"] as? [String: Any]
        }
    }
    var toolChoice: [String: Any]? { (request["toolConfig"] as? [String: Any])?["toolChoice"] as? [String: Any] }
    var modelFields: [String: Any] { request["additionalModelRequestFields"] as? [String: Any] ?? [:] }
    var isClaude: Bool { model.contains("anthropic.") }
    var isNova: Bool { model.contains("amazon.nova") }
    /// Claude thinks when `additionalModelRequestFields.thinking` enables it.
    var thinks: Bool { isClaude && (modelFields["thinking"] as? [String: Any])?["type"] as? String == "enabled" }

    static func blocks(_ message: [String: Any]?) -> [[String: Any]] {
        message?["content"] as? [[String: Any]] ?? []
    }

    /// The text of the last user message that has text.
    var prompt: String {
        let user = messages.last { $0["role"] as? String == "user" && Self.blocks($0).contains { $0["text"] != nil } }
        return Self.blocks(user).compactMap { $0["text"] as? String }.joined(separator: " ")
    }

    /// The tool result the conversation ends with: its text (or JSON), `error ...` for a failed one.
    var toolResult: String? {
        guard let last = messages.last, last["role"] as? String == "user",
            let result = Self.blocks(last).last(where: { $0["toolResult"] != nil })?["toolResult"] as? [String: Any]
        else { return nil }
        let content = (result["content"] as? [[String: Any]] ?? []).map { block -> String in
            if let text = block["text"] as? String { return text }
            return String(decoding: ChatResponder.json(block["json"] ?? [:]), as: UTF8.self)
        }.joined(separator: " ")
        return result["status"] as? String == "error" ? "error \(content)" : content
    }

    var answer: String {
        if case .text(let text)? = script { return text }
        let text = toolResult.map { "\(name) says: the tool returned \($0)" } ?? "\(name) says: \(prompt)"
        let format = (request["outputConfig"] as? [String: Any])?["textFormat"] as? [String: Any]
        let definition = (format?["structure"] as? [String: Any])?["jsonSchema"] as? [String: Any]
        // Converse carries the schema as JSON text.
        let schema = (definition?["schema"] as? String).flatMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8))
        }
        return ChatResponder.structured(text, type: format?["type"] as? String, schema: schema)
    }

    /// The tools the answer calls: the scripted calls; else, when tools are offered and the
    /// conversation does not end with a tool result, the chosen or first tool, with
    /// `{"input": <prompt>}`.
    var toolCalls: [(id: String, name: String, input: Any, raw: String?)] {
        switch script {
        case .toolCalls(let calls)?:
            return calls.enumerated().map {
                ("tooluse_sim\($0.offset + 1)", $0.element.name, $0.element.object, $0.element.arguments)
            }
        case .text?: return []
        case nil: return defaultToolCall.map { [($0.id, $0.name, $0.input, nil)] } ?? []
        }
    }

    private var defaultToolCall: (id: String, name: String, input: [String: Any])? {
        let chosen = (toolChoice?["tool"] as? [String: Any])?["name"] as? String
        // A forced tool is used even right after a tool result.
        guard !tools.isEmpty, toolResult == nil || chosen != nil else { return nil }
        let tool = tools.first { $0["name"] as? String == chosen } ?? tools[0]
        let name = chosen ?? tool["name"] as? String ?? "tool"
        let schema = (tool["inputSchema"] as? [String: Any])?["json"]
        return (
            "tooluse_\(Self.signature(prompt).suffix(12))", name, SchemaInstance.arguments(for: schema, text: prompt)
        )
    }

    /// The thought the simulator shows when Claude thinks.
    var thought: String { "I consider: \(prompt)" }

    /// The simulator's reasoning signature over a text (the real one is opaque; this one is checked).
    static func signature(_ text: String) -> String {
        AnthropicResponder.signature("bedrock:" + text)
    }

    /// Why Bedrock would refuse this request: the status, error type and message.
    func rejection() -> (status: Int, type: String, message: String)? {
        func invalid(_ message: String) -> (Int, String, String) { (400, "ValidationException", message) }
        guard messages.first?["role"] as? String == "user" else {
            return invalid(
                "A conversation must start with a user message. Try again with a conversation that starts with a user message."
            )
        }
        if let maxTokens = (request["inferenceConfig"] as? [String: Any])?["maxTokens"] as? Int, maxTokens < 1 {
            return invalid(
                "1 validation error detected: Value '\(maxTokens)' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1"
            )
        }
        var usesTools = false
        for (index, message) in messages.enumerated() {
            let role = message["role"] as? String
            if index > 0, role == messages[index - 1]["role"] as? String {
                return invalid(
                    "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again."
                )
            }
            let blocks = Self.blocks(message)
            if blocks.isEmpty {
                return invalid(
                    "The content field in the Message object at messages.\(index) is empty. Add a ContentBlock object to the content field and try again."
                )
            }
            for (position, block) in blocks.enumerated() {
                if let text = block["text"] as? String, text.allSatisfy(\.isWhitespace) {
                    return invalid(
                        "The text field in the ContentBlock object at messages.\(index).content.\(position) is blank. Add text to the text field, and try again."
                    )
                }
                if block["toolUse"] != nil { usesTools = true }
                if let result = block["toolResult"] as? [String: Any] {
                    usesTools = true
                    if result["status"] != nil, !isClaude, !isNova {
                        return invalid(
                            "This model doesn't support the toolResult.status field. Remove toolResult.status and try again."
                        )
                    }
                }
                if let reasoning = (block["reasoningContent"] as? [String: Any])?["reasoningText"] as? [String: Any],
                    reasoning["signature"] as? String != Self.signature(reasoning["text"] as? String ?? "")
                {
                    return invalid(
                        "The model returned the following errors: messages.\(index).content.\(position): Invalid `signature` in `thinking` block"
                    )
                }
            }
        }
        if usesTools, request["toolConfig"] == nil {
            return invalid("The toolConfig field must be defined when using toolUse and toolResult content blocks.")
        }
        if let choice = toolChoice?.keys.first, choice != "auto", !isClaude, !isNova, !model.contains("mistral-large") {
            return invalid(
                "This model doesn't support the toolConfig.toolChoice.\(choice) field. Remove toolConfig.toolChoice.\(choice) and try again."
            )
        }
        return nil
    }

    /// The answer's content blocks: a signed thought (when Claude thinks), then the text or the call.
    var contentBlocks: [[String: Any]] {
        var blocks: [[String: Any]] = []
        if thinks {
            blocks.append([
                "reasoningContent": ["reasoningText": ["text": thought, "signature": Self.signature(thought)]]
            ])
        }
        let calls = toolCalls
        for call in calls {
            blocks.append(["toolUse": ["toolUseId": call.id, "name": call.name, "input": call.input]])
        }
        if calls.isEmpty {
            blocks.append(["text": answer])
        }
        return blocks
    }

    /// The text before the last cache point (system and messages), if the request has one.
    var cachedPrefix: String? {
        var parts: [Any] = []
        var prefix: String?
        for block in request["system"] as? [[String: Any]] ?? [] {
            if block["cachePoint"] != nil { prefix = String(decoding: ChatResponder.json(parts), as: UTF8.self) }
            parts.append(block)
        }
        for message in messages {
            for block in Self.blocks(message) {
                if block["cachePoint"] != nil { prefix = String(decoding: ChatResponder.json(parts), as: UTF8.self) }
                parts.append(block)
            }
        }
        return prefix
    }

    static func tokens(_ text: String) -> Int { max(1, text.utf8.count / 4) }

    var promptTokens: Int {
        let system = (request["system"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        let texts = messages.flatMap(Self.blocks).map { block in
            (block["text"] as? String).map(Self.tokens) ?? 8
        }
        return 2 + system.map(Self.tokens).reduce(0, +) + texts.reduce(0, +)
    }

    var outputTokens: Int {
        (toolCalls.isEmpty ? answer.split(separator: " ").count : 6)
            + (thinks ? thought.split(separator: " ").count : 0)
    }

    /// `usage`: with a cache point, its prefix is written the first time (`cached` false) and read
    /// afterwards; those tokens are not in `inputTokens`, as Bedrock counts them.
    func usage(cached: Bool?) -> [String: Any] {
        var input = promptTokens
        var usage: [String: Any] = [:]
        if let cached, let prefix = cachedPrefix {
            let prefixTokens = min(input - 1, Self.tokens(prefix))
            input -= prefixTokens
            usage[cached ? "cacheReadInputTokens" : "cacheWriteInputTokens"] = prefixTokens
        }
        usage["inputTokens"] = input
        usage["outputTokens"] = outputTokens
        usage["totalTokens"] =
            input + outputTokens + (usage["cacheReadInputTokens"] as? Int ?? 0)
            + (usage["cacheWriteInputTokens"] as? Int ?? 0)
        return usage
    }

    var stopReason: String { toolCalls.isEmpty ? "end_turn" : "tool_use" }

    /// A whole `ConverseResponse`; `guardrail` answers as a guardrail that blocked the prompt.
    func response(cached: Bool?, guardrail: Bool) -> Data {
        let content: [[String: Any]] = guardrail ? [["text": Self.blockedMessage]] : contentBlocks
        return ChatResponder.json([
            "output": ["message": ["role": "assistant", "content": content]],
            "stopReason": guardrail ? "guardrail_intervened" : stopReason, "usage": usage(cached: cached),
            "metrics": ["latencyMs": 42],
        ])
    }

    /// What a guardrail answers instead of the model.
    static let blockedMessage = "Sorry, the model cannot answer this question."

    /// The stream's events as (`:event-type`, payload): `messageStart`; the thought, its signature
    /// and its stop; the words (or the tool call's start, input in two fragments, stop);
    /// `messageStop`; `metadata`. `guardrail` stops with `guardrail_intervened` after the first
    /// words; `missingStop` leaves `messageStop` and `metadata` out. Some events carry Bedrock's
    /// `p` padding.
    func events(wordsPerChunk: Int, cached: Bool?, guardrail: Bool, missingStop: Bool) -> [(String, Data)] {
        var events: [(String, Data)] = [("messageStart", ChatResponder.json(["role": "assistant", "p": "abcdefghij"]))]
        func event(_ type: String, _ payload: [String: Any]) { events.append((type, ChatResponder.json(payload))) }
        var index = 0
        if thinks {
            event("contentBlockDelta", ["contentBlockIndex": index, "delta": ["reasoningContent": ["text": thought]]])
            event(
                "contentBlockDelta",
                ["contentBlockIndex": index, "delta": ["reasoningContent": ["signature": Self.signature(thought)]]])
            event("contentBlockStop", ["contentBlockIndex": index])
            index += 1
        }
        let calls = guardrail ? [] : toolCalls
        for (position, call) in calls.enumerated() {
            if position > 0 {
                event("contentBlockStop", ["contentBlockIndex": index])
                index += 1
            }
            event(
                "contentBlockStart",
                ["contentBlockIndex": index, "start": ["toolUse": ["toolUseId": call.id, "name": call.name]]])
            // Scripted arguments stream as written (a real stream can carry broken JSON).
            let input = call.raw ?? String(decoding: ChatResponder.json(call.input), as: UTF8.self)
            let half = input.index(input.startIndex, offsetBy: input.count / 2)
            for fragment in [String(input[..<half]), String(input[half...])] {
                event("contentBlockDelta", ["contentBlockIndex": index, "delta": ["toolUse": ["input": fragment]]])
            }
        }
        if calls.isEmpty {
            let words = (guardrail ? Self.blockedMessage : answer).split(separator: " ").map(String.init)
            var start = 0
            let size = max(1, wordsPerChunk)
            while start < words.count {
                let end = min(words.count, start + size)
                let piece = words[start..<end].joined(separator: " ") + (end < words.count ? " " : "")
                event("contentBlockDelta", ["contentBlockIndex": index, "delta": ["text": piece], "p": "abc"])
                start = end
            }
        }
        event("contentBlockStop", ["contentBlockIndex": index])
        guard !missingStop else { return events }
        event("messageStop", ["stopReason": guardrail ? "guardrail_intervened" : stopReason])
        event("metadata", ["usage": usage(cached: cached), "metrics": ["latencyMs": 42], "p": "abcdefghijklmnop"])
        return events
    }

    /// The error type and message Bedrock sends with a status.
    static func error(forStatus status: Int) -> (type: String, message: String) {
        switch status {
        case 400: ("ValidationException", "Malformed input request, please reformat your input and try again.")
        case 403: ("AccessDeniedException", "You don't have access to the model with the specified model ID.")
        case 404: ("ResourceNotFoundException", "The requested resource could not be found.")
        case 408: ("ModelTimeoutException", "Model has timed out in processing the request. Try your request again.")
        case 424: ("ModelErrorException", "The model returned an error.")
        case 429: ("ThrottlingException", "Too many requests, please wait before trying again.")
        case 503: ("ServiceUnavailableException", "Bedrock is unable to process your request.")
        default: ("InternalServerException", "The server encountered an internal error.")
        }
    }
}
