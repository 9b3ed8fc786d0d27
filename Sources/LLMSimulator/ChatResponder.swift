import Foundation

/// Builds deterministic chat-completion answers in the OpenAI and Azure shapes.
struct ChatResponder {
    let model: String
    let name: String
    let azure: Bool
    let request: [String: Any]
    /// The scripted answer, if one is queued.
    var script: SimulatorAnswer? = nil

    /// The answer text: `"<name> says: <last user text>"`, so tests can assert content and endpoint;
    /// for a structured-output request, JSON that matches its schema (``SchemaInstance``).
    var answer: String {
        if case .text(let text)? = script { return text }
        let messages = request["messages"] as? [[String: Any]] ?? []
        let text: String
        if let last = messages.last, (last["role"] as? String) == "tool" {
            text = "\(name) says: the tool returned \(Self.text(of: last["content"]))"
        } else {
            let lastUser = messages.last { ($0["role"] as? String) == "user" }
            text = "\(name) says: \(Self.text(of: lastUser?["content"]))"
        }
        let format = request["response_format"] as? [String: Any]
        return Self.structured(
            text, type: format?["type"] as? String, schema: (format?["json_schema"] as? [String: Any])?["schema"])
    }

    /// `text` as the answer to a response format: JSON matching the schema for `json_schema`, a
    /// JSON object for `json_object`, else the text itself.
    static func structured(_ text: String, type: String?, schema: Any?) -> String {
        switch type {
        case "json_schema":
            let root = schema as? [String: Any] ?? [:]
            return String(
                decoding: json(SchemaInstance(root: root, text: text).value(for: root, depth: 0)), as: UTF8.self)
        case "json_object":
            return String(decoding: json(["answer": text]), as: UTF8.self)
        default:
            return text
        }
    }

    /// The functions the answer calls: the scripted ones; else, when tools are offered (and the
    /// conversation does not end with a tool result), the chosen or first tool, with arguments that
    /// match its parameters (strings the last user text; `{"input": <text>}` without a schema).
    var toolCalls: [(id: String, name: String, arguments: String)] {
        switch script {
        case .toolCalls(let calls)?:
            return calls.enumerated().map { ("call_sim_\($0.offset + 1)", $0.element.name, $0.element.arguments) }
        case .text?: return []
        case nil: return defaultToolCall.map { [$0] } ?? []
        }
    }

    private var defaultToolCall: (id: String, name: String, arguments: String)? {
        let messages = request["messages"] as? [[String: Any]] ?? []
        let chosen = ((request["tool_choice"] as? [String: Any])?["function"] as? [String: Any])?["name"] as? String
        // A forced function is called even right after a tool result.
        let afterResult = (messages.last?["role"] as? String) == "tool"
        guard let tools = request["tools"] as? [[String: Any]], !tools.isEmpty, !afterResult || chosen != nil,
            (request["tool_choice"] as? String) != "none"
        else { return nil }
        let functions = tools.compactMap { $0["function"] as? [String: Any] }
        let function = functions.first { $0["name"] as? String == chosen } ?? functions.first
        let name = chosen ?? (function?["name"] as? String) ?? "tool"
        let lastUser = messages.last { ($0["role"] as? String) == "user" }
        let arguments = Self.json(
            SchemaInstance.arguments(for: function?["parameters"], text: Self.text(of: lastUser?["content"])))
        let id = afterResult ? "call_sim_\(messages.count)" : "call_sim_1"
        return (id, name, String(decoding: arguments, as: UTF8.self))
    }

    var promptTokens: Int {
        let messages = request["messages"] as? [[String: Any]] ?? []
        return messages.reduce(3) { $0 + 4 + (Self.text(of: $1["content"]).utf8.count + 3) / 4 }
    }

    var completionTokens: Int { answer.split(separator: " ").count }

    var usage: [String: Any] {
        [
            "prompt_tokens": promptTokens, "completion_tokens": completionTokens,
            "total_tokens": promptTokens + completionTokens,
            "prompt_tokens_details": ["cached_tokens": 0],
            "completion_tokens_details": ["reasoning_tokens": 0],
        ]
    }

    static var safeFilter: [String: Any] {
        [
            "hate": ["filtered": false, "severity": "safe"], "self_harm": ["filtered": false, "severity": "safe"],
            "sexual": ["filtered": false, "severity": "safe"], "violence": ["filtered": false, "severity": "safe"],
        ]
    }

    var promptFilterResults: [[String: Any]] {
        [["prompt_index": 0, "content_filter_results": Self.safeFilter]]
    }

    /// A whole `chat.completion`.
    func completion(id: String) -> Data {
        var choice: [String: Any] = [
            "index": 0, "finish_reason": "stop", "logprobs": NSNull(),
            "message": ["role": "assistant", "content": answer, "refusal": NSNull()],
        ]
        let calls = toolCalls
        if !calls.isEmpty {
            choice["finish_reason"] = "tool_calls"
            choice["message"] = [
                "role": "assistant", "content": NSNull(), "refusal": NSNull(),
                "tool_calls": calls.map { call in
                    ["id": call.id, "type": "function", "function": ["name": call.name, "arguments": call.arguments]]
                },
            ]
        }
        var body: [String: Any] = [
            "id": id, "object": "chat.completion", "created": 1_700_000_000, "model": model,
            "system_fingerprint": "fp_sim", "usage": usage,
        ]
        if azure {
            choice["content_filter_results"] = Self.safeFilter
            body["prompt_filter_results"] = promptFilterResults
        }
        body["choices"] = [choice]
        return Self.json(body)
    }

    /// The events of a streamed answer, without the `[DONE]` terminator. On Azure routes: a first
    /// chunk with no choices and the prompt filter results, an annotation chunk with no delta, and
    /// a usage-only chunk when `stream_options.include_usage` is set.
    func streamEvents(id: String, wordsPerChunk: Int, filterFinish: Bool) -> [Data] {
        var events: [Data] = []
        if azure {
            events.append(
                Self.json([
                    "id": "", "object": "", "created": 0, "model": "", "choices": [] as [Any],
                    "prompt_filter_results": promptFilterResults,
                ]))
        }
        func chunk(_ delta: [String: Any]?, finish: String?, filter: [String: Any]? = nil) -> Data {
            var choice: [String: Any] = ["index": 0, "finish_reason": finish ?? NSNull(), "logprobs": NSNull()]
            if let delta { choice["delta"] = delta }
            if azure { choice["content_filter_results"] = filter ?? [:] }
            return Self.json([
                "id": id, "object": "chat.completion.chunk", "created": 1_700_000_000, "model": model,
                "system_fingerprint": "fp_sim", "choices": [choice],
            ])
        }
        events.append(chunk(["role": "assistant", "content": ""], finish: nil))
        let calls = toolCalls
        if !calls.isEmpty {
            // Each call in fragments: id and name first, then the arguments in two pieces.
            for (index, call) in calls.enumerated() {
                let half = call.arguments.index(call.arguments.startIndex, offsetBy: call.arguments.count / 2)
                events.append(
                    chunk(
                        [
                            "tool_calls": [
                                [
                                    "index": index, "id": call.id, "type": "function",
                                    "function": ["name": call.name, "arguments": ""],
                                ]
                            ]
                        ],
                        finish: nil))
                for piece in [call.arguments[..<half], call.arguments[half...]] {
                    events.append(
                        chunk(
                            ["tool_calls": [["index": index, "function": ["arguments": String(piece)]]]], finish: nil))
                }
            }
            events.append(chunk([:], finish: "tool_calls"))
            return events + usageEvent(id: id)
        }
        let words = answer.split(separator: " ", omittingEmptySubsequences: false)
        var index = 0
        while index < words.count {
            let end = min(index + max(1, wordsPerChunk), words.count)
            var piece = words[index..<end].joined(separator: " ")
            if end < words.count { piece += " " }
            events.append(chunk(["content": piece], finish: nil, filter: Self.safeFilter))
            index = end
            if filterFinish && index >= max(1, words.count / 2) { break }
        }
        if azure {
            // An annotation chunk: a choice with no delta, only filter results.
            events.append(chunk(nil, finish: nil, filter: Self.safeFilter))
        }
        if filterFinish {
            events.append(
                chunk(
                    [:], finish: "content_filter",
                    filter: ["violence": ["filtered": true, "severity": "high"]]))
        } else {
            events.append(chunk([:], finish: "stop"))
        }
        return events + usageEvent(id: id)
    }

    /// The usage-only last chunk, when `stream_options.include_usage` is set.
    private func usageEvent(id: String) -> [Data] {
        let options = request["stream_options"] as? [String: Any]
        guard (options?["include_usage"] as? Bool) == true else { return [] }
        return [
            Self.json([
                "id": id, "object": "chat.completion.chunk", "created": 1_700_000_000, "model": model,
                "choices": [] as [Any], "usage": usage,
            ])
        ]
    }

    static func text(of content: Any?) -> String {
        if let text = content as? String { return text }
        if let parts = content as? [[String: Any]] {
            return parts.compactMap { $0["text"] as? String }.joined(separator: " ")
        }
        return ""
    }

    static func json(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    static func errorBody(status: Int, message: String, code: String?, type: String = "invalid_request_error") -> Data {
        json(["error": ["message": message, "type": type, "code": (code as Any?) ?? NSNull(), "param": NSNull()]])
    }

    static var contentFilterBody: Data {
        json([
            "error": [
                "message":
                    "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
                "type": NSNull(), "param": "prompt", "code": "content_filter", "status": 400,
                "innererror": [
                    "code": "ResponsibleAIPolicyViolation",
                    "content_filter_result": [
                        "hate": ["filtered": false, "severity": "safe"],
                        "violence": ["filtered": true, "severity": "high"],
                    ],
                ],
            ]
        ])
    }
}
