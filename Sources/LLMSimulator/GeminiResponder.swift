import Foundation

/// Builds deterministic Gemini answers (`GenerateContentResponse`), and checks requests the way
/// the API does: `contents` required, function responses answering the previous model turn's
/// calls by name, and — for Gemini 3 models — thought signatures sent back unchanged on the
/// function calls of the current turn.
struct GeminiResponder {
    let name: String
    let model: String
    let request: [String: Any]
    /// The scripted answer, if one is queued.
    var script: SimulatorAnswer? = nil

    var contents: [[String: Any]] { request["contents"] as? [[String: Any]] ?? [] }
    var generation: [String: Any] { request["generationConfig"] as? [String: Any] ?? [:] }
    var thinking: [String: Any]? { generation["thinkingConfig"] as? [String: Any] }
    var includeThoughts: Bool { thinking?["includeThoughts"] as? Bool == true }
    /// Gemini 3 models always think and sign their parts; 2.5 models when a thinking config asks.
    var signs: Bool { model.hasPrefix("gemini-3") || (thinking != nil && thinking?["thinkingBudget"] as? Int != 0) }

    static func parts(_ content: [String: Any]?) -> [[String: Any]] {
        content?["parts"] as? [[String: Any]] ?? []
    }

    /// The text of the last user content that has text.
    var prompt: String {
        let user = contents.last {
            ($0["role"] as? String ?? "user") == "user" && Self.parts($0).contains { $0["text"] != nil }
        }
        return Self.parts(user).compactMap { $0["text"] as? String }.joined(separator: " ")
    }

    /// The function response the conversation ends with.
    var functionResult: String? {
        guard let last = contents.last, (last["role"] as? String ?? "user") == "user",
            let response = Self.parts(last).last(where: { $0["functionResponse"] != nil })?["functionResponse"]
                as? [String: Any]
        else { return nil }
        let value = response["response"] as? [String: Any] ?? [:]
        if let output = value["output"] as? String { return output }
        if let error = value["error"] as? String { return "error \(error)" }
        return String(decoding: ChatResponder.json(value), as: UTF8.self)
    }

    var answer: String {
        if case .text(let text)? = script { return text }
        let text = functionResult.map { "\(name) says: the tool returned \($0)" } ?? "\(name) says: \(prompt)"
        let config = request["generationConfig"] as? [String: Any]
        guard config?["responseMimeType"] as? String == "application/json" else { return text }
        let schema = config?["responseJsonSchema"] ?? config?["responseSchema"]
        return ChatResponder.structured(text, type: schema == nil ? "json_object" : "json_schema", schema: schema)
    }

    /// The function the answer calls: when tools are offered, the conversation does not end with a
    /// function response and the mode is not `NONE`, the allowed or first function, with
    /// `{"input": <prompt>}`.
    var functionCalls: [(name: String, args: Any)] {
        switch script {
        case .toolCalls(let calls)?: return calls.map { ($0.name, $0.object) }
        case .text?: return []
        case nil: return defaultFunctionCall.map { [($0.name, $0.args)] } ?? []
        }
    }

    private var defaultFunctionCall: (name: String, args: [String: Any])? {
        let declarations = (request["tools"] as? [[String: Any]] ?? []).flatMap {
            $0["functionDeclarations"] as? [[String: Any]] ?? []
        }
        let config = (request["toolConfig"] as? [String: Any])?["functionCallingConfig"] as? [String: Any]
        let allowed = (config?["allowedFunctionNames"] as? [String])?.first
        // A forced function (mode ANY naming it) is called even right after a function response.
        let forced = (config?["mode"] as? String) == "ANY" && allowed != nil
        guard !declarations.isEmpty, functionResult == nil || forced, (config?["mode"] as? String) != "NONE" else {
            return nil
        }
        let declaration = declarations.first { $0["name"] as? String == allowed } ?? declarations[0]
        let schema = declaration["parametersJsonSchema"] ?? declaration["parameters"]
        return (
            allowed ?? declaration["name"] as? String ?? "tool", SchemaInstance.arguments(for: schema, text: prompt)
        )
    }

    /// The simulator's thought signature over a text (the real one is opaque; this one is checked).
    static func signature(_ text: String) -> String {
        Data(AnthropicResponder.signature("gemini:" + text).utf8).base64EncodedString()
    }

    /// Why the API would refuse this request: the HTTP status, status name and message.
    func rejection() -> (status: Int, name: String, message: String)? {
        if contents.isEmpty {
            return (400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified")
        }
        for (index, content) in contents.enumerated() {
            let role = content["role"] as? String ?? "user"
            guard ["user", "model"].contains(role) else {
                return (400, "INVALID_ARGUMENT", "Please use a valid role: user, model.")
            }
            let responses = Self.parts(content).compactMap {
                ($0["functionResponse"] as? [String: Any])?["name"] as? String
            }
            guard !responses.isEmpty else { continue }
            let previous = index > 0 ? Self.parts(contents[index - 1]) : []
            let calls = previous.compactMap { ($0["functionCall"] as? [String: Any])?["name"] as? String }
            guard calls.sorted() == responses.sorted() else {
                return (
                    400, "INVALID_ARGUMENT",
                    "Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn."
                )
            }
        }
        if model.hasPrefix("gemini-3") {
            // The current turn: everything after the last user content with text.
            let start =
                (contents.lastIndex { c in
                    Self.parts(c).contains { $0["text"] != nil } && (c["role"] as? String ?? "user") == "user"
                } ?? -1) + 1
            for content in contents[start...] where content["role"] as? String == "model" {
                for (position, part) in Self.parts(content).enumerated() {
                    guard let call = part["functionCall"] as? [String: Any] else { continue }
                    let expected = Self.signature(call["name"] as? String ?? "")
                    if position == Self.parts(content).firstIndex(where: { $0["functionCall"] != nil }),
                        part["thoughtSignature"] as? String != expected
                    {
                        return (
                            400, "INVALID_ARGUMENT",
                            "Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly."
                        )
                    }
                }
            }
        }
        return nil
    }

    /// The candidate parts of the answer: a thought (when asked), then the text or the call.
    func answerParts(text: String? = nil) -> [[String: Any]] {
        var parts: [[String: Any]] = []
        if includeThoughts {
            let thought = "I consider: \(prompt)"
            parts.append(["text": thought, "thought": true])
        }
        let calls = functionCalls
        // Parallel calls: only the first carries the thought signature, as Gemini sends them.
        for (index, call) in calls.enumerated() {
            var part: [String: Any] = ["functionCall": ["name": call.name, "args": call.args]]
            if signs, index == 0 { part["thoughtSignature"] = Self.signature(call.name) }
            parts.append(part)
        }
        if calls.isEmpty {
            var part: [String: Any] = ["text": text ?? answer]
            if signs { part["thoughtSignature"] = Self.signature(answer) }
            parts.append(part)
        }
        return parts
    }

    var promptTokens: Int {
        contents.reduce(2) { sum, content in
            sum + Self.parts(content).reduce(0) { $0 + 1 + (($1["text"] as? String)?.utf8.count ?? 8) / 4 }
        }
    }

    var candidateTokens: Int { functionCalls.isEmpty ? answer.split(separator: " ").count : 6 }
    var thoughtTokens: Int { includeThoughts || signs ? 5 : 0 }

    func usage(final: Bool = true) -> [String: Any] {
        var usage: [String: Any] = ["promptTokenCount": promptTokens]
        guard final else { return usage }
        usage["candidatesTokenCount"] = candidateTokens
        if thoughtTokens > 0 { usage["thoughtsTokenCount"] = thoughtTokens }
        usage["totalTokenCount"] = promptTokens + candidateTokens + thoughtTokens
        return usage
    }

    static var safeRatings: [[String: Any]] {
        [
            ["category": "HARM_CATEGORY_HATE_SPEECH", "probability": "NEGLIGIBLE"],
            ["category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "NEGLIGIBLE"],
        ]
    }

    static var blockedRatings: [[String: Any]] {
        [
            ["category": "HARM_CATEGORY_HATE_SPEECH", "probability": "NEGLIGIBLE"],
            ["category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": true],
        ]
    }

    /// A whole answer; `filterFinish` stops the candidate with `SAFETY` and no content.
    func response(id: String, filterFinish: Bool) -> Data {
        let count = max(1, min(8, generation["candidateCount"] as? Int ?? 1))
        let candidates: [[String: Any]] = (0..<count).map { index in
            if filterFinish {
                return ["index": index, "finishReason": "SAFETY", "safetyRatings": Self.blockedRatings]
            }
            // A JSON answer stays JSON in every candidate.
            let structured = (request["generationConfig"] as? [String: Any])?["responseMimeType"] as? String
            let text = index == 0 || structured == "application/json" ? answer : "\(answer) (candidate \(index + 1))"
            return [
                "index": index, "finishReason": "STOP", "safetyRatings": Self.safeRatings,
                "content": ["role": "model", "parts": answerParts(text: text)],
            ]
        }
        return ChatResponder.json([
            "candidates": candidates, "usageMetadata": usage(), "modelVersion": model, "responseId": id,
        ])
    }

    /// The stream's events: the thought and the first words, more words, and the last event with
    /// the finish reason and the usage (`missingFinish` leaves the finish out).
    func events(id: String, wordsPerChunk: Int, filterFinish: Bool, missingFinish: Bool) -> [Data] {
        var events: [Data] = []
        func event(_ parts: [[String: Any]]?, finish: String? = nil, final: Bool = false) {
            var candidate: [String: Any] = ["index": 0]
            if let parts { candidate["content"] = ["role": "model", "parts": parts] }
            if let finish {
                candidate["finishReason"] = finish
                candidate["safetyRatings"] = finish == "SAFETY" ? Self.blockedRatings : Self.safeRatings
            }
            events.append(
                ChatResponder.json([
                    "candidates": [candidate], "usageMetadata": usage(final: final), "modelVersion": model,
                    "responseId": id,
                ]))
        }
        if includeThoughts { event([["text": "I consider: \(prompt)", "thought": true]]) }
        if filterFinish {
            event(nil, finish: "SAFETY", final: true)
            return events
        }
        let calls = functionCalls
        for (index, call) in calls.enumerated() {
            var part: [String: Any] = ["functionCall": ["name": call.name, "args": call.args]]
            if signs, index == 0 { part["thoughtSignature"] = Self.signature(call.name) }
            event([part])
        }
        if calls.isEmpty {
            let words = answer.split(separator: " ").map(String.init)
            var start = 0
            let size = max(1, wordsPerChunk)
            while start < words.count {
                let end = min(words.count, start + size)
                let piece = words[start..<end].joined(separator: " ") + (end < words.count ? " " : "")
                event([["text": piece]])
                start = end
            }
        }
        guard !missingFinish else { return events }
        // The finish event carries the text signature on an empty part, as Gemini does.
        event(
            signs && functionCalls.isEmpty ? [["text": "", "thoughtSignature": Self.signature(answer)]] : nil,
            finish: "STOP", final: true)
        return events
    }

    /// A `google.rpc.Status` error body.
    static func errorBody(code: Int, status: String, message: String, details: [[String: Any]] = []) -> Data {
        var error: [String: Any] = ["code": code, "message": message, "status": status]
        if !details.isEmpty { error["details"] = details }
        return ChatResponder.json(["error": error])
    }

    /// The status name of an HTTP code.
    static func statusName(_ code: Int) -> String {
        switch code {
        case 400: "INVALID_ARGUMENT"
        case 401: "UNAUTHENTICATED"
        case 403: "PERMISSION_DENIED"
        case 404: "NOT_FOUND"
        case 429: "RESOURCE_EXHAUSTED"
        case 500: "INTERNAL"
        case 503: "UNAVAILABLE"
        case 504: "DEADLINE_EXCEEDED"
        default: "UNKNOWN"
        }
    }
}
