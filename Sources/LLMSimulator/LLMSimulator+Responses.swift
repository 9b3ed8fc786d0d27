import Foundation

extension LLMSimulator {
    /// Answers a Responses-API request (`POST .../responses`) after the shared checks and faults:
    /// stores the response when `store` is not false, continues a stored one from
    /// `previous_response_id`, streams the API's events; returns false to close the connection.
    func respondResponses(
        _ request: [String: Any], fault: SimulatorFault?, requestNumber: Int, writer: ResponseWriter
    ) async throws -> Bool {
        let id = "resp_sim\(requestNumber)"
        var previous: [[String: Any]] = []
        var missing: String?
        if let previousId = request["previous_response_id"] as? String {
            if let stored = storedResponse(previousId) {
                previous = stored
            } else {
                missing = previousId
            }
        }
        var responder = ResponsesResponder(name: configuration.name, request: request, previous: previous)
        if let rejection = responder.rejection(previousMissing: missing) {
            try await writer.json(
                rejection.status,
                ChatResponder.errorBody(status: rejection.status, message: rejection.message, code: rejection.code))
            return true
        }
        responder.script = nextScript()
        if request["store"] as? Bool != false {
            store(id, responder.conversation + responder.output(id: id))
        }
        let extra = [("x-request-id", "sim-\(id)")]
        guard (request["stream"] as? Bool) == true else {
            if fault == .malformedJSON {
                try await writer.json(200, Data(#"{"id": "resp_broken", "output": ["#.utf8), extra: extra)
                return true
            }
            let status = fault == .contentFilterFinish ? "incomplete" : "completed"
            try await writer.json(200, ChatResponder.json(responder.response(id: id, status: status)), extra: extra)
            return true
        }
        var events = responder.events(
            id: id, wordsPerChunk: configuration.wordsPerChunk, filtered: fault == .contentFilterFinish,
            missingTerminal: fault == .missingTerminator)
        let errorAt: Int? =
            switch fault {
            case .errorInStream?: events.firstIndex { $0.0 == "response.output_text.delta" }.map { $0 + 1 }
            case .streamError(let after)?: 2 + after
            default: nil
            }
        if let errorAt {
            let at = min(errorAt, events.count)
            let error = ChatResponder.json([
                "type": "error", "code": "server_error", "sequence_number": at, "param": NSNull(),
                "message": "The server had an error while processing your request.",
            ])
            events = Array(events[..<at]) + [("error", error)]
        }
        if fault == .malformedJSON { events.insert(("response.output_text.delta", Data("{not json".utf8)), at: 2) }
        try await writer.startStream(extra: extra)
        guard try await writeEvents(events.map { ($0.0, $0.1) }, fault: fault, writer: writer) else { return false }
        try await writer.endStream()
        return true
    }

    /// A stored response's items, or nil.
    private func storedResponse(_ id: String) -> [[String: Any]]? {
        guard let data = state.withLockedValue({ $0.storedResponses[id] }) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]]
    }

    private func store(_ id: String, _ items: [[String: Any]]) {
        let data = ChatResponder.json(items)
        state.withLockedValue { $0.storedResponses[id] = data }
    }
}
