import Foundation

/// Builds deterministic Responses-API answers (`response` objects and stream events), and checks
/// requests the way the API does: a `previous_response_id` must name a response this server
/// stored, a `function_call_output` must answer a call of the conversation, and encrypted
/// reasoning must be this server's own (another deployment cannot decrypt it).
struct ResponsesResponder {
    let name: String
    let request: [String: Any]
    /// The scripted answer, if one is queued.
    var script: SimulatorAnswer? = nil
    /// The items of the stored previous response (its input and output), when chained.
    let previous: [[String: Any]]

    var model: String { request["model"] as? String ?? "gpt-4.1-mini" }
    var isReasoningModel: Bool { model.hasPrefix("o") || model.hasPrefix("gpt-5") }

    /// The input as items (a string input is one user message).
    var input: [[String: Any]] {
        if let text = request["input"] as? String { return [["type": "message", "role": "user", "content": text]] }
        return request["input"] as? [[String: Any]] ?? []
    }

    /// Every item of the conversation: the stored ones, then this request's.
    var conversation: [[String: Any]] { previous + input }

    static func text(_ item: [String: Any]) -> String {
        if let text = item["content"] as? String { return text }
        return (item["content"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }.joined(separator: " ")
    }

    var prompt: String {
        Self.text(
            conversation.last { ($0["type"] as? String ?? "message") == "message" && $0["role"] as? String == "user" }
                ?? [:])
    }

    /// The function output the input ends with.
    var functionOutput: String? {
        guard let last = input.last, last["type"] as? String == "function_call_output" else { return nil }
        return last["output"] as? String ?? ""
    }

    var answer: String {
        if case .text(let text)? = script { return text }
        let text = functionOutput.map { "\(name) says: the tool returned \($0)" } ?? "\(name) says: \(prompt)"
        let format = (request["text"] as? [String: Any])?["format"] as? [String: Any]
        return ChatResponder.structured(text, type: format?["type"] as? String, schema: format?["schema"])
    }

    /// The functions the answer calls: the scripted calls; else (tools offered, not after a
    /// function output, choice not `none`) the chosen or first one.
    var functionCalls: [(callId: String, name: String, arguments: String)] {
        switch script {
        case .toolCalls(let calls)?:
            return calls.enumerated().map { ("call_sim_\($0.offset + 1)", $0.element.name, $0.element.arguments) }
        case .text?: return []
        case nil: return defaultFunctionCall.map { [$0] } ?? []
        }
    }

    private var defaultFunctionCall: (callId: String, name: String, arguments: String)? {
        let chosen = (request["tool_choice"] as? [String: Any])?["name"] as? String
        // A forced function is called even right after a function output.
        guard let tools = request["tools"] as? [[String: Any]], !tools.isEmpty, functionOutput == nil || chosen != nil,
            request["tool_choice"] as? String != "none"
        else { return nil }
        let tool = tools.first { $0["name"] as? String == chosen } ?? tools[0]
        let arguments = String(
            decoding: ChatResponder.json(SchemaInstance.arguments(for: tool["parameters"], text: prompt)), as: UTF8.self
        )
        return (
            "call_sim_\(abs(prompt.hashValue % 1000))_\(input.count)", chosen ?? tool["name"] as? String ?? "tool",
            arguments
        )
    }

    /// The encrypted reasoning this server issues for a summary.
    func encrypted(_ summary: String) -> String {
        "enc_" + AnthropicResponder.signature(name + ":" + summary)
    }

    /// Why the API would refuse this request: the status, code and message.
    func rejection(previousMissing: String?) -> (status: Int, code: String, message: String)? {
        if let previousMissing {
            return (400, "previous_response_not_found", "Previous response with id '\(previousMissing)' not found.")
        }
        var calls: Set<String> = []
        for item in conversation {
            switch item["type"] as? String {
            case "function_call": calls.insert(item["call_id"] as? String ?? "")
            case "function_call_output":
                let id = item["call_id"] as? String ?? ""
                guard calls.contains(id) else {
                    return (
                        400, "invalid_request_error", "No tool call found for function call output with call_id \(id)."
                    )
                }
            case "reasoning":
                let summary = (item["summary"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
                    .joined(separator: "\n\n")
                if let content = item["encrypted_content"] as? String, content != encrypted(summary) {
                    return (
                        400, "invalid_encrypted_content",
                        "The encrypted content for item \(item["id"] as? String ?? "") could not be verified."
                    )
                }
            default: continue
            }
        }
        return nil
    }

    /// Whether the answer reasons: a reasoning model.
    var reasons: Bool { isReasoningModel }
    var summary: String { "I consider: \(prompt)" }
    var wantsSummary: Bool { (request["reasoning"] as? [String: Any])?["summary"] != nil }
    var includesEncrypted: Bool {
        (request["include"] as? [String] ?? []).contains("reasoning.encrypted_content")
    }

    /// The output items.
    func output(id: String) -> [[String: Any]] {
        var items: [[String: Any]] = []
        if reasons {
            var item: [String: Any] = [
                "type": "reasoning", "id": "rs_\(id)",
                "summary": wantsSummary ? [["type": "summary_text", "text": summary]] : [],
            ]
            if includesEncrypted { item["encrypted_content"] = encrypted(wantsSummary ? summary : "") }
            items.append(item)
        }
        let calls = functionCalls
        for (index, call) in calls.enumerated() {
            items.append([
                "type": "function_call", "id": index == 0 ? "fc_\(id)" : "fc_\(id)_\(index + 1)",
                "call_id": call.callId,
                "name": call.name, "arguments": call.arguments, "status": "completed",
            ])
        }
        if calls.isEmpty {
            items.append([
                "type": "message", "id": "msg_\(id)", "status": "completed", "role": "assistant",
                "content": [["type": "output_text", "text": answer, "annotations": []]],
            ])
        }
        return items
    }

    var usage: [String: Any] {
        let input = conversation.reduce(3) { $0 + 4 + (Self.text($1).utf8.count + 3) / 4 }
        let output = functionCalls.isEmpty ? answer.split(separator: " ").count : 8
        let reasoning = reasons ? 4 : 0
        return [
            "input_tokens": input, "input_tokens_details": ["cached_tokens": 0],
            "output_tokens": output + reasoning, "output_tokens_details": ["reasoning_tokens": reasoning],
            "total_tokens": input + output + reasoning,
        ]
    }

    /// The `response` object; `status` `completed` unless filtered (`incomplete`).
    func response(id: String, status: String = "completed", output: [[String: Any]]? = nil) -> [String: Any] {
        var object: [String: Any] = [
            "id": id, "object": "response", "created_at": 1_700_000_000, "status": status, "model": model,
            "output": output ?? self.output(id: id), "usage": usage, "error": NSNull(),
            "incomplete_details": status == "incomplete" ? ["reason": "content_filter"] : NSNull(),
            "store": request["store"] as? Bool ?? true, "parallel_tool_calls": true, "tool_choice": "auto",
            "tools": [], "text": ["format": ["type": "text"]], "instructions": request["instructions"] ?? NSNull(),
            "previous_response_id": request["previous_response_id"] ?? NSNull(), "temperature": 1.0, "top_p": 1.0,
            "truncation": "disabled", "metadata": [:],
        ]
        if status == "incomplete" { object["output"] = [] }
        return object
    }

    /// The stream's events (`event:` name, data with `type` and `sequence_number`).
    func events(id: String, wordsPerChunk: Int, filtered: Bool, missingTerminal: Bool) -> [(String, Data)] {
        var events: [(String, Data)] = []
        func add(_ type: String, _ body: [String: Any]) {
            var body = body
            body["type"] = type
            body["sequence_number"] = events.count
            events.append((type, ChatResponder.json(body)))
        }
        var partial = response(id: id, status: "in_progress", output: [])
        partial["usage"] = NSNull()
        add("response.created", ["response": partial])
        add("response.in_progress", ["response": partial])
        let items = filtered ? [] : output(id: id)
        for (index, item) in items.enumerated() {
            var start = item
            switch item["type"] as? String {
            case "reasoning":
                start["summary"] = []
                start.removeValue(forKey: "encrypted_content")
                add("response.output_item.added", ["output_index": index, "item": start])
                if wantsSummary {
                    add(
                        "response.reasoning_summary_part.added",
                        [
                            "item_id": item["id"]!, "output_index": index, "summary_index": 0,
                            "part": ["type": "summary_text", "text": ""],
                        ])
                    for piece in Self.pieces(summary, wordsPerChunk) {
                        add(
                            "response.reasoning_summary_text.delta",
                            ["item_id": item["id"]!, "output_index": index, "summary_index": 0, "delta": piece])
                    }
                    add(
                        "response.reasoning_summary_text.done",
                        ["item_id": item["id"]!, "output_index": index, "summary_index": 0, "text": summary])
                }
            case "function_call":
                start["arguments"] = ""
                start["status"] = "in_progress"
                add("response.output_item.added", ["output_index": index, "item": start])
                let arguments = item["arguments"] as? String ?? ""
                let half = arguments.index(arguments.startIndex, offsetBy: arguments.count / 2)
                for piece in [String(arguments[..<half]), String(arguments[half...])] {
                    add(
                        "response.function_call_arguments.delta",
                        ["item_id": item["id"]!, "output_index": index, "delta": piece])
                }
                add(
                    "response.function_call_arguments.done",
                    ["item_id": item["id"]!, "output_index": index, "arguments": arguments])
            default:
                start["content"] = []
                start["status"] = "in_progress"
                add("response.output_item.added", ["output_index": index, "item": start])
                add(
                    "response.content_part.added",
                    [
                        "item_id": item["id"]!, "output_index": index, "content_index": 0,
                        "part": ["type": "output_text", "text": "", "annotations": []],
                    ])
                for piece in Self.pieces(answer, wordsPerChunk) {
                    add(
                        "response.output_text.delta",
                        [
                            "item_id": item["id"]!, "output_index": index, "content_index": 0, "delta": piece,
                            "logprobs": [],
                        ])
                }
                add(
                    "response.output_text.done",
                    ["item_id": item["id"]!, "output_index": index, "content_index": 0, "text": answer, "logprobs": []])
                add(
                    "response.content_part.done",
                    [
                        "item_id": item["id"]!, "output_index": index, "content_index": 0,
                        "part": ["type": "output_text", "text": answer, "annotations": []],
                    ])
            }
            add("response.output_item.done", ["output_index": index, "item": item])
        }
        guard !missingTerminal else { return events }
        if filtered {
            add("response.incomplete", ["response": response(id: id, status: "incomplete")])
        } else {
            add("response.completed", ["response": response(id: id)])
        }
        return events
    }

    /// `text` in pieces of `size` words, spaces kept.
    static func pieces(_ text: String, _ size: Int) -> [String] {
        let words = text.split(separator: " ").map(String.init)
        var pieces: [String] = []
        var start = 0
        while start < words.count {
            let end = min(words.count, start + max(1, size))
            pieces.append(words[start..<end].joined(separator: " ") + (end < words.count ? " " : ""))
            start = end
        }
        return pieces
    }
}
