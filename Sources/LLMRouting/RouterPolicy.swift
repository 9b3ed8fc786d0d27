import LLMCore

/// The router's rules as pure functions: what a deployment's failure means for the request, and
/// which provider state a deployment may receive.
enum RouterPolicy {
    /// What a failed deployment's error leads to.
    enum Disposition: Sendable, Hashable {
        /// The caller's error (or a cancellation): never retried elsewhere.
        case surface
        /// The deployment could not serve it: try the next deployment, then the next group.
        case nextDeployment
        /// The conversation is too long for it: only the context-window fallback groups may try.
        case contextWindow
        /// A content filter refused it: only the content-filter fallback groups may try.
        case contentFilter
    }

    /// The disposition of `error`: unavailable, timeouts, connection and TLS failures, overload,
    /// server errors, rate limits and quotas that the deployment's own retries did not clear, a
    /// model missing on the deployment and an answer that could not be read move on; a too-long
    /// conversation and a content filter move only into their chains; everything else (400, 401,
    /// 403, 404, a cancellation, a configuration error) is the caller's.
    static func disposition(of error: LLMError) -> Disposition {
        switch error.code {
        case .serviceUnavailable, .timeout, .connectionFailed, .tlsFailure, .noEndpointsAvailable, .server,
            .rateLimited, .quotaExceeded, .modelNotAvailable, .decoding:
            return .nextDeployment
        case .contextLengthExceeded: return .contextWindow
        case .contentFiltered: return .contentFilter
        default: return .surface
        }
    }

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
