extension LLMErrorCode {
    /// What a failure with one code means to each layer that can act on it: the connector's retry
    /// of the same endpoint, its failover to the next endpoint, and a router's fallback to another
    /// deployment. ``LLMErrorCode/handling`` is the one table; ``LLMError/isRetryable``,
    /// ``LLMError/triggersFailover`` and the router read it.
    public struct Handling: Sendable, Hashable {
        /// Where a router may send a request whose deployment failed.
        public enum Fallback: Sendable, Hashable {
            /// Nowhere: the caller's error (or a cancellation) ends the request.
            case none
            /// The next deployment of the group, then the next group of the chain.
            case nextDeployment
            /// Only the groups of the context-window fallback chain (a conversation too long).
            case contextWindowChain
            /// Only the groups of the content-filter fallback chain.
            case contentFilterChain
        }

        /// Trying the same endpoint again after a backoff may succeed.
        public let retry: Bool
        /// The endpoint itself is unhealthy: move on to the next endpoint at once (an HTTP 408
        /// `timeout` is the exception: it is retried in place).
        public let failover: Bool
        /// What a router does after the deployment's own retries and failover.
        public let fallback: Fallback

        /// Creates a row of the table.
        public init(retry: Bool, failover: Bool, fallback: Fallback) {
            self.retry = retry
            self.failover = failover
            self.fallback = fallback
        }
    }

    /// This code's row of the table (codes not listed are the caller's: never retried, never
    /// failed over, never routed elsewhere).
    public var handling: Handling {
        switch self {
        // The endpoint is down or unreachable: retry, fail over, fall back.
        case .serviceUnavailable, .connectionFailed, .timeout:
            Handling(retry: true, failover: true, fallback: .nextDeployment)
        // The endpoint is busy or failed once: retry in place; a router moves on if that did not clear it.
        case .rateLimited, .server, .noEndpointsAvailable:
            Handling(retry: true, failover: false, fallback: .nextDeployment)
        // This deployment cannot serve it, and trying it again will not help: another deployment may.
        case .tlsFailure, .quotaExceeded, .modelNotAvailable, .decoding:
            Handling(retry: false, failover: false, fallback: .nextDeployment)
        case .contextLengthExceeded:
            Handling(retry: false, failover: false, fallback: .contextWindowChain)
        case .contentFiltered:
            Handling(retry: false, failover: false, fallback: .contentFilterChain)
        default:
            Handling(retry: false, failover: false, fallback: .none)
        }
    }
}
