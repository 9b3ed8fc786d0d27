import Foundation

/// Builds deterministic Messages API answers (Anthropic's shapes), and checks requests the way the
/// API does: `max_tokens` required, thinking budgets, signed thinking blocks sent back unchanged
/// and before the tool use they led to, tool results answering the previous turn's tool uses.
struct AnthropicResponder {
    let name: String
    let request: [String: Any]
    /// The scripted answer, if one is queued.
    var script: SimulatorAnswer? = nil

    var model: String { request["model"] as? String ?? "claude-sonnet-4-5" }
    var messages: [[String: Any]] { request["messages"] as? [[String: Any]] ?? [] }
    var thinkingEnabled: Bool { ((request["thinking"] as? [String: Any])?["type"] as? String) == "enabled" }

    /// The last message's content blocks (a string content is one text block).
    static func blocks(_ message: [String: Any]?) -> [[String: Any]] {
        if let text = message?["content"] as? String { return [["type": "text", "text": text]] }
        return message?["content"] as? [[String: Any]] ?? []
    }

    /// The text of the last user turn that is not only tool results.
    var prompt: String {
        let user = messages.last {
            ($0["role"] as? String) == "user" && Self.blocks($0).contains { $0["type"] as? String == "text" }
        }
        return Self.blocks(user).compactMap { $0["type"] as? String == "text" ? $0["text"] as? String : nil }
            .joined(separator: " ")
    }

    /// The tool result the conversation ends with, if any.
    var toolResult: String? {
        guard let last = messages.last, (last["role"] as? String) == "user" else { return nil }
        guard let result = Self.blocks(last).last(where: { $0["type"] as? String == "tool_result" }) else { return nil }
        if let text = result["content"] as? String { return text }
        return (result["content"] as? [[String: Any]])?.compactMap { $0["text"] as? String }.joined(separator: " ")
    }

    var answer: String {
        if case .text(let text)? = script { return text }
        let text = toolResult.map { "\(name) says: the tool returned \($0)" } ?? "\(name) says: \(prompt)"
        let format = (request["output_config"] as? [String: Any])?["format"] as? [String: Any]
        return ChatResponder.structured(text, type: format?["type"] as? String, schema: format?["schema"])
    }

    /// The tools the answer uses: the scripted calls; else, when tools are offered, the
    /// conversation does not end with a tool result and the choice is not `none`, the chosen or
    /// first tool, with input that matches its schema.
    var toolUses: [(id: String, name: String, input: Any, raw: String?)] {
        switch script {
        case .toolCalls(let calls)?:
            return calls.enumerated().map {
                ("toolu_sim_\($0.offset + 1)", $0.element.name, $0.element.object, $0.element.arguments)
            }
        case .text?: return []
        case nil: return defaultToolUse.map { [($0.id, $0.name, $0.input, nil)] } ?? []
        }
    }

    private var defaultToolUse: (id: String, name: String, input: [String: Any])? {
        let choice = request["tool_choice"] as? [String: Any]
        let chosen = (choice?["type"] as? String) == "tool" ? choice?["name"] as? String : nil
        // A forced tool is used even right after a tool result.
        guard let tools = request["tools"] as? [[String: Any]], !tools.isEmpty, toolResult == nil || chosen != nil,
            (choice?["type"] as? String) != "none"
        else { return nil }
        let id = toolResult == nil ? "toolu_sim_1" : "toolu_sim_\(messages.count)"
        let tool = tools.first { $0["name"] as? String == chosen } ?? tools[0]
        return (
            id, chosen ?? tool["name"] as? String ?? "tool",
            SchemaInstance.arguments(for: tool["input_schema"], text: prompt)
        )
    }

    var thinking: String { "I consider: \(prompt)" }

    /// The simulator's signature over a thinking text (the real one is opaque; this one is checked).
    static func signature(_ text: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return "simsig_" + String(hash, radix: 16)
    }

    /// Why the API would refuse this request, if it would: the status, error type and message.
    func rejection() -> (status: Int, type: String, message: String)? {
        guard let maxTokens = request["max_tokens"] as? Int else {
            return (400, "invalid_request_error", "max_tokens: Field required")
        }
        guard !messages.isEmpty else {
            return (400, "invalid_request_error", "messages: at least one message is required")
        }
        if request["temperature"] != nil && request["top_p"] != nil {
            return (400, "invalid_request_error", "`temperature` and `top_p` cannot both be specified for this model")
        }
        if thinkingEnabled {
            let budget = (request["thinking"] as? [String: Any])?["budget_tokens"] as? Int ?? 0
            if budget < 1_024 { return (400, "invalid_request_error", "thinking.budget_tokens: must be at least 1024") }
            if budget >= maxTokens {
                return (400, "invalid_request_error", "`max_tokens` must be greater than `thinking.budget_tokens`")
            }
        }
        var previousToolUses: Set<String> = []
        for (index, message) in messages.enumerated() {
            let role = message["role"] as? String
            guard role == "user" || role == "assistant" else {
                return (400, "invalid_request_error", "messages.\(index).role: Input should be 'user' or 'assistant'")
            }
            let blocks = Self.blocks(message)
            for block in blocks where block["type"] as? String == "thinking" {
                let text = block["thinking"] as? String ?? ""
                guard block["signature"] as? String == Self.signature(text) else {
                    return (
                        400, "invalid_request_error",
                        "messages.\(index).content: Invalid `signature` in `thinking` block"
                    )
                }
            }
            if role == "user" {
                for block in blocks where block["type"] as? String == "tool_result" {
                    guard previousToolUses.contains(block["tool_use_id"] as? String ?? "") else {
                        return (
                            400, "invalid_request_error",
                            "messages.\(index).content: unexpected `tool_use_id` found in `tool_result` blocks"
                        )
                    }
                }
                previousToolUses = []
            } else {
                previousToolUses = Set(
                    blocks.compactMap { $0["type"] as? String == "tool_use" ? $0["id"] as? String : nil })
                let isLastAssistant = !messages[(index + 1)...].contains { ($0["role"] as? String) == "assistant" }
                if thinkingEnabled, isLastAssistant, !previousToolUses.isEmpty,
                    !["thinking", "redacted_thinking"].contains(blocks.first?["type"] as? String ?? "")
                {
                    return (
                        400, "invalid_request_error",
                        "messages.\(index).content.0.type: Expected `thinking` or `redacted_thinking`, but found `\(blocks.first?["type"] as? String ?? "")`. When `thinking` is enabled, a final `assistant` message must start with a thinking block"
                    )
                }
            }
        }
        return nil
    }

    /// Token counts: about a token per four bytes of every text in the request, split by the
    /// cache (`cached`: the tokens of the prefix up to the last breakpoint, and whether it was
    /// already written), and a token per word of the answer.
    func usage(cache: (tokens: Int, hit: Bool, long: Bool)?) -> [String: Any] {
        let total = Self.tokens(of: request.filter { ["system", "messages", "tools"].contains($0.key) })
        let cached = min(cache?.tokens ?? 0, total)
        var usage: [String: Any] = [
            "input_tokens": total - cached, "output_tokens": answer.split(separator: " ").count + 1,
            "cache_creation_input_tokens": cache?.hit == false ? cached : 0,
            "cache_read_input_tokens": cache?.hit == true ? cached : 0, "service_tier": "standard",
        ]
        if cache?.hit == false {
            usage["cache_creation"] = [
                "ephemeral_5m_input_tokens": cache?.long == true ? 0 : cached,
                "ephemeral_1h_input_tokens": cache?.long == true ? cached : 0,
            ]
        }
        if thinkingEnabled {
            usage["output_tokens_details"] = ["thinking_tokens": thinking.split(separator: " ").count]
        }
        return usage
    }

    /// The prompt prefix up to and including the last `cache_control` (tools, then system, then
    /// messages, in the API's order), as a key and its token count; nil without a breakpoint.
    var cachePrefix: (key: String, tokens: Int, long: Bool)? {
        var segments: [Any] = []
        var prefix: [Any]?
        var long = false
        func visit(_ block: Any) {
            segments.append(block)
            if let control = (block as? [String: Any])?["cache_control"] as? [String: Any] {
                prefix = segments
                long = (control["ttl"] as? String) == "1h"
            }
        }
        for tool in request["tools"] as? [[String: Any]] ?? [] { visit(tool) }
        if let system = request["system"] as? [[String: Any]] {
            system.forEach(visit)
        } else if let system = request["system"] {
            visit(system)
        }
        for message in messages { Self.blocks(message).forEach(visit) }
        guard let prefix else { return nil }
        let data = ChatResponder.json(prefix)
        return (String(decoding: data, as: UTF8.self), Self.tokens(of: prefix), long)
    }

    static func tokens(of value: Any) -> Int {
        (ChatResponder.json(value).count + 3) / 4
    }

    /// The content blocks of the answer: thinking first when enabled, then the tool use or the text.
    var content: [[String: Any]] {
        var blocks: [[String: Any]] = []
        if thinkingEnabled {
            blocks.append(["type": "thinking", "thinking": thinking, "signature": Self.signature(thinking)])
        }
        let uses = toolUses
        for use in uses {
            var block: [String: Any] = ["type": "tool_use", "id": use.id, "name": use.name, "input": use.input]
            if let raw = use.raw { block["raw"] = raw }
            blocks.append(block)
        }
        if uses.isEmpty {
            blocks.append(["type": "text", "text": answer])
        }
        return blocks
    }

    /// The stop reason (and its details) for the answer.
    func stop(refusal: Bool) -> (reason: String, details: Any) {
        if refusal {
            return ("refusal", ["type": "refusal", "category": "cyber", "explanation": "simulated refusal"])
        }
        return (toolUses.isEmpty ? "end_turn" : "tool_use", NSNull())
    }

    /// A whole `message`.
    func message(id: String, cache: (tokens: Int, hit: Bool, long: Bool)?, refusal: Bool) -> Data {
        let stop = stop(refusal: refusal)
        return ChatResponder.json([
            "id": id, "type": "message", "role": "assistant", "model": model,
            "content": refusal ? [] : content.map { $0.filter { $0.key != "raw" } }, "stop_reason": stop.reason,
            "stop_sequence": NSNull(),
            "stop_details": stop.details, "usage": usage(cache: cache),
        ])
    }

    /// The events of a streamed answer, without `message_stop`: `message_start`, then per block
    /// `content_block_start`, a `ping` after the first, the deltas (text in words, tool input in two
    /// fragments, thinking and its signature), `content_block_stop`, then `message_delta`.
    /// `errorAfter` puts an `overloaded_error` event after that many content deltas.
    func events(
        id: String, cache: (tokens: Int, hit: Bool, long: Bool)?, wordsPerChunk: Int, refusal: Bool
    ) -> [(event: String, data: Data)] {
        var usage = usage(cache: cache)
        let output = usage["output_tokens"] as? Int ?? 1
        usage["output_tokens"] = 1
        var events: [(String, Data)] = [
            (
                "message_start",
                ChatResponder.json([
                    "type": "message_start",
                    "message": [
                        "id": id, "type": "message", "role": "assistant", "model": model, "content": [] as [Any],
                        "stop_reason": NSNull(), "stop_sequence": NSNull(), "usage": usage,
                    ],
                ])
            )
        ]
        func add(_ type: String, _ body: [String: Any]) {
            events.append((type, ChatResponder.json(body.merging(["type": type]) { old, _ in old })))
        }
        for (index, block) in (refusal ? [["type": "text", "text": answer]] : content).enumerated() {
            let type = block["type"] as? String ?? "text"
            var start = block
            start["raw"] = nil
            switch type {
            case "text": start["text"] = ""
            case "thinking":
                start["thinking"] = ""
                start["signature"] = ""
            case "tool_use": start["input"] = [String: Any]()
            default: break
            }
            add("content_block_start", ["index": index, "content_block": start])
            if index == 0 { add("ping", [:]) }
            switch type {
            case "thinking":
                add(
                    "content_block_delta", ["index": index, "delta": ["type": "thinking_delta", "thinking": thinking]])
                add(
                    "content_block_delta",
                    ["index": index, "delta": ["type": "signature_delta", "signature": Self.signature(thinking)]])
            case "tool_use":
                // Scripted arguments stream as written (a real stream can carry broken JSON).
                let json =
                    block["raw"] as? String
                    ?? String(decoding: ChatResponder.json(block["input"] ?? [:]), as: UTF8.self)
                let half = json.index(json.startIndex, offsetBy: json.count / 2)
                for piece in [String(json[..<half]), String(json[half...])] {
                    add(
                        "content_block_delta",
                        ["index": index, "delta": ["type": "input_json_delta", "partial_json": piece]])
                }
            default:
                let words = answer.split(separator: " ", omittingEmptySubsequences: false)
                var start = 0
                while start < words.count {
                    let end = min(start + max(1, wordsPerChunk), words.count)
                    var piece = words[start..<end].joined(separator: " ")
                    if end < words.count { piece += " " }
                    add("content_block_delta", ["index": index, "delta": ["type": "text_delta", "text": piece]])
                    start = end
                    if refusal && start >= max(1, words.count / 2) { break }
                }
            }
            add("content_block_stop", ["index": index])
        }
        let stop = stop(refusal: refusal)
        var finalUsage: [String: Any] = ["output_tokens": output]
        if let details = usage["output_tokens_details"] { finalUsage["output_tokens_details"] = details }
        add(
            "message_delta",
            [
                "delta": ["stop_reason": stop.reason, "stop_sequence": NSNull(), "stop_details": stop.details],
                "usage": finalUsage,
            ])
        return events
    }

    /// An Anthropic error body.
    static func errorBody(type: String, message: String, requestId: String, code: String? = nil) -> Data {
        var error: [String: Any] = ["type": type, "message": message]
        if let code { error["details"] = ["error_code": code] }
        return ChatResponder.json(["type": "error", "error": error, "request_id": requestId])
    }

    /// The error type Anthropic gives a status.
    static func errorType(status: Int) -> String {
        switch status {
        case 400: "invalid_request_error"
        case 401: "authentication_error"
        case 402: "billing_error"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 413: "request_too_large"
        case 429: "rate_limit_error"
        case 529: "overloaded_error"
        default: "api_error"
        }
    }
}
