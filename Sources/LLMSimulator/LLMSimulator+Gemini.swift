import Foundation
import NIOHTTP1

extension LLMSimulator {
    /// Answers a Gemini API or Vertex AI request (`models/{model}:{method}`), with the queued fault
    /// in Google's shapes (`google.rpc.Status` bodies, `RetryInfo`, `QuotaFailure`); returns false
    /// to close the connection.
    func respondGemini(_ exchange: SimulatorExchange) async throws -> Bool {
        let (route, query, method, headers, body) = (
            exchange.route, exchange.query, exchange.method, exchange.headers, exchange.body
        )
        let (requestNumber, writer) = (exchange.requestNumber, exchange.writer)
        guard case .gemini(let model, let operation) = route.operation else { return false }
        func fail(_ code: Int, _ message: String, details: [[String: Any]] = []) async throws -> Bool {
            try await writer.json(
                code,
                GeminiResponder.errorBody(
                    code: code, status: GeminiResponder.statusName(code), message: message, details: details),
                standardHeaders: false)
            return true
        }
        if let key = configuration.apiKey {
            let bearer = headers["authorization"].map { String($0.dropFirst("Bearer ".count)) }
            guard headers["x-goog-api-key"] == key || bearer == key else {
                if route.style == .vertexAI {
                    return try await fail(401, "Request had invalid authentication credentials.")
                }
                return try await fail(
                    400, "API key not valid. Please pass a valid API key.",
                    details: [
                        [
                            "@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
                            "domain": "googleapis.com",
                        ]
                    ])
            }
        }
        let fault = nextFault()
        switch fault {
        case .status(let status, let retryAfterMs, let retryAfter)?:
            var details: [[String: Any]] = []
            if status == 429 {
                let seconds = retryAfterMs.map { Double($0) / 1000 } ?? retryAfter.flatMap(Double.init)
                details.append([
                    "@type": "type.googleapis.com/google.rpc.QuotaFailure",
                    "violations": [
                        [
                            "quotaMetric":
                                "generativelanguage.googleapis.com/generate_content_paid_tier_input_token_count",
                            "quotaId": "GenerateContentPaidTierInputTokensPerModelPerMinute",
                        ]
                    ],
                ])
                if let seconds {
                    details.append(["@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "\(seconds)s"])
                }
            }
            let message =
                status == 503
                ? "The model is overloaded. Please try again later."
                : HTTPResponseStatus(statusCode: status).reasonPhrase
            return try await fail(status, message, details: details)
        case .quotaExhausted?:
            return try await fail(
                429, "You exceeded your current quota, please check your plan and billing details.",
                details: [
                    [
                        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
                        "violations": [
                            [
                                "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                                "quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier",
                            ]
                        ],
                    ],
                    ["@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "41s"],
                ])
        default:
            if let keepOpen = try await transportFault(fault, writer: writer, standardHeaders: false) {
                return keepOpen
            }
        }
        guard method == .POST, let request = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            return try await fail(400, "Invalid JSON payload received.")
        }
        switch operation {
        case "embedContent", "batchEmbedContents":
            let (status, answer) = EmbeddingsResponder.gemini(request, method: operation, model: model)
            try await writer.json(status, answer, standardHeaders: false)
            return true
        case "generateContent", "streamGenerateContent":
            break
        default:
            return try await fail(404, "Method \(operation) is not found for models/\(model).")
        }
        var responder = GeminiResponder(name: configuration.name, model: model, request: request)
        if let rejection = responder.rejection() { return try await fail(rejection.status, rejection.message) }
        responder.script = nextScript()
        let id = "sim-gemini-\(requestNumber)"
        if fault == .contentFilter {
            try await writer.json(
                200,
                ChatResponder.json([
                    "promptFeedback": ["blockReason": "SAFETY", "safetyRatings": GeminiResponder.blockedRatings],
                    "usageMetadata": responder.usage(final: false), "modelVersion": model, "responseId": id,
                ]), standardHeaders: false)
            return true
        }
        guard operation == "streamGenerateContent" else {
            if fault == .malformedJSON {
                try await writer.json(200, Data(#"{"candidates": [{"content": "#.utf8), standardHeaders: false)
                return true
            }
            try await writer.json(
                200, responder.response(id: id, filterFinish: fault == .contentFilterFinish), standardHeaders: false)
            return true
        }
        guard query.contains("alt=sse") else {
            return try await fail(400, "the simulator streams only with alt=sse (the JSON-array stream is not served)")
        }
        var events = responder.events(
            id: id, wordsPerChunk: configuration.wordsPerChunk, filterFinish: fault == .contentFilterFinish,
            missingFinish: fault == .missingTerminator)
        let errorAt: Int? =
            switch fault {
            case .errorInStream?: min(1, events.count)
            case .streamError(let after)?: after
            default: nil
            }
        if let errorAt {
            events.insert(
                GeminiResponder.errorBody(code: 503, status: "UNAVAILABLE", message: "The model is overloaded."),
                at: min(errorAt, events.count))
            events = Array(events[...min(errorAt, events.count - 1)])
        }
        if fault == .malformedJSON { events.insert(Data("{not json".utf8), at: min(1, events.count)) }
        try await writer.startStream(extra: [])
        guard try await writeEvents(events.map { (nil, $0) }, fault: fault, writer: writer) else { return false }
        try await writer.endStream()
        return true
    }
}
