/// A lifecycle event of a request (seed 000: requested, response created, failed; plus retried,
/// failed over, waited for rate limit), delivered to ``RequestContext/eventHandler`` and to the
/// connector's handler.
public struct LLMEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The request was validated and is about to be sent.
        case requested
        /// A complete answer arrived (for streams: the stream ended cleanly).
        case responseCreated
        /// The request failed for good.
        case failed
        /// An attempt failed and the same endpoint will be tried again after ``LLMEvent/delay``.
        case retried
        /// An attempt failed and the next endpoint is tried at once.
        case failedOver
        /// The request waited ``LLMEvent/delay`` for the endpoint's rate limit.
        case waitedForRateLimit
        /// A router sent the request to ``LLMEvent/deployment`` (``LLMEvent/attempt`` counts the
        /// deployments tried, from 1).
        case routed
        /// A router's deployment failed with ``LLMEvent/error`` and the request moves to the next.
        case fellBack
        /// A router's deployment failed too often in a row and is skipped for ``LLMEvent/delay``.
        case cooledDown
    }

    /// What happened.
    public var kind: Kind
    /// The router deployment it concerns (router events).
    public var deployment: String?
    /// The request's id.
    public var requestId: String
    /// The model, when known at this layer.
    public var model: String?
    /// The endpoint involved (name or URL without query).
    public var endpoint: String?
    /// The attempt number, for attempt events.
    public var attempt: Int?
    /// The wait before the next try, for `retried` and `waitedForRateLimit`.
    public var delay: Duration?
    /// Time since the request started, for `responseCreated` and `failed`.
    public var latency: Duration?
    /// Token counts, for `responseCreated`.
    public var usage: Usage?
    /// The error, for `failed`, `retried` and `failedOver`.
    public var error: LLMError?

    /// Creates an event.
    public init(
        kind: Kind, requestId: String, model: String? = nil, endpoint: String? = nil, attempt: Int? = nil,
        delay: Duration? = nil, latency: Duration? = nil, usage: Usage? = nil, error: LLMError? = nil,
        deployment: String? = nil
    ) {
        self.deployment = deployment
        self.kind = kind
        self.requestId = requestId
        self.model = model
        self.endpoint = endpoint
        self.attempt = attempt
        self.delay = delay
        self.latency = latency
        self.usage = usage
        self.error = error
    }
}
