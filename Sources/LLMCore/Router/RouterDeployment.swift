/// One deployment a ``LLMRouter`` can send to: a model over its own connector (its endpoint
/// failover included), the group of deployments it can stand in for, and what strategies and
/// filters read.
public struct RouterDeployment: Sendable {
    /// A unique name (`azure-east`), in events, logs, errors and ``RouteInfo``.
    public var name: String
    /// The model group it serves (`chat`): deployments of one group can answer the same requests.
    public var group: String
    /// The model, over its own connector.
    public var model: any LLM
    /// Its share under ``RoutingStrategy/weightedRandom`` (relative; 0 never picks it).
    public var weight: Double
    /// Its region, for ``RouteRequirements/region``.
    public var region: String?
    /// Its tags, for ``RouteRequirements/tags``.
    public var tags: Set<String>
    /// What its rate limits have left (reported by the service's headers and the client-side
    /// limits), for ``RoutingStrategy/mostHeadroom``; nil when unknown.
    public var headroom: (@Sendable () async -> Headroom?)?
    /// Releases what the deployment owns (its connector), called by ``LLMRouter/shutdown()``.
    public var shutdown: (@Sendable () async throws -> Void)?

    /// Creates a deployment.
    public init(
        name: String, group: String, model: any LLM, weight: Double = 1, region: String? = nil,
        tags: Set<String> = [], headroom: (@Sendable () async -> Headroom?)? = nil,
        shutdown: (@Sendable () async throws -> Void)? = nil
    ) {
        self.name = name
        self.group = group
        self.model = model
        self.weight = weight
        self.region = region
        self.tags = tags
        self.headroom = headroom
        self.shutdown = shutdown
    }
}

/// What a deployment's rate limits have left: the remaining and total requests and tokens of the
/// current window, as far as they are known.
public struct Headroom: Sendable, Hashable {
    /// Requests left in the window.
    public var remainingRequests: Int?
    /// The window's request limit.
    public var limitRequests: Int?
    /// Tokens left in the window.
    public var remainingTokens: Int?
    /// The window's token limit.
    public var limitTokens: Int?

    /// Creates a headroom report.
    public init(
        remainingRequests: Int? = nil, limitRequests: Int? = nil, remainingTokens: Int? = nil, limitTokens: Int? = nil
    ) {
        self.remainingRequests = remainingRequests
        self.limitRequests = limitRequests
        self.remainingTokens = remainingTokens
        self.limitTokens = limitTokens
    }

    /// The smaller of the request and token fractions left (0...1); nil when neither is known.
    public var fraction: Double? {
        func part(_ remaining: Int?, _ limit: Int?) -> Double? {
            guard let remaining, let limit, limit > 0 else { return nil }
            return min(1, max(0, Double(remaining) / Double(limit)))
        }
        let parts = [part(remainingRequests, limitRequests), part(remainingTokens, limitTokens)].compactMap { $0 }
        return parts.min()
    }
}
