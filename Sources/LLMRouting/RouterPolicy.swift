import LLMCore

/// The router's rules as pure functions: which provider state a deployment may receive. (What a
/// failure leads to is ``LLMErrorCode/handling``'s `fallback`, the table the connector reads too.)
enum RouterPolicy {
    /// The conversation as `target` may receive it: an assistant message that another deployment
    /// answered (its ``ChatMessage/issuedResponse`` or reasoning origin is an endpoint only other
    /// deployments answered from, per `issuers`) loses its provider state — reasoning parts,
    /// issued-response id, tool-call signatures — and keeps its visible text and calls (a message
    /// that was only reasoning is dropped). Returns whether anything was removed.
    static func replayable(_ messages: [ChatMessage], for target: String, issuers: [String: Set<String>])
        -> (messages: [ChatMessage], replayed: Bool)
    {
        var replayed = false
        var result: [ChatMessage] = []
        result.reserveCapacity(messages.count)
        for message in messages {
            guard message.role == .assistant, let owners = owners(of: message, issuers: issuers),
                !owners.contains(target)
            else {
                result.append(message)
                continue
            }
            var visible = message
            visible.content = message.content.filter { if case .reasoning = $0 { false } else { true } }
            visible.issuedResponse = nil
            visible.toolCalls = message.toolCalls.map { call in
                var plain = call
                plain.signature = nil
                return plain
            }
            replayed = replayed || visible != message
            if visible.content.isEmpty && visible.toolCalls.isEmpty { continue }
            result.append(visible)
        }
        return (result, replayed)
    }

    /// The deployments that answered from the endpoint that issued `message`'s state, if known.
    private static func owners(of message: ChatMessage, issuers: [String: Set<String>]) -> Set<String>? {
        var origins: [String] = message.issuedResponse.map { [$0.endpoint] } ?? []
        for part in message.content {
            if case .reasoning(let reasoning) = part, let origin = reasoning.origin { origins.append(origin) }
        }
        let known = origins.compactMap { issuers[$0] }
        guard !known.isEmpty else { return nil }
        return known.reduce(into: Set<String>()) { $0.formUnion($1) }
    }
}
