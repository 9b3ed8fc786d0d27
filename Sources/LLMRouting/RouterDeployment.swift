public import Connectors
public import LLMCore

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
    /// What its rate limits have left (its connector's ``Connectors/Connector/rateLimitHeadroom()``:
    /// the service's headers and the client-side limits), for ``RoutingStrategy/mostHeadroom``; nil
    /// when unknown.
    public var headroom: (@Sendable () async -> RateLimitInfo?)?
    /// Releases what the deployment owns (its connector), called by ``LLMRouter/shutdown()``.
    public var shutdown: (@Sendable () async throws -> Void)?

    /// Creates a deployment.
    public init(
        name: String, group: String, model: any LLM, weight: Double = 1, region: String? = nil,
        tags: Set<String> = [], headroom: (@Sendable () async -> RateLimitInfo?)? = nil,
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

extension RateLimitInfo {
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
