import LLMCore

/// What a caller requires of the deployment that answers (seed 002's host selection): a latency
/// ceiling, a region, tags. A deployment that does not meet them is not tried; see
/// ``LLMRouter/requiring(_:)``.
public struct RouteRequirements: Sendable, Hashable {
    /// Skip deployments whose moving average latency (time to first token for streams) is above
    /// this; deployments not measured yet are tried.
    public var maxLatency: Duration?
    /// Only deployments in this region.
    public var region: String?
    /// Only deployments with every one of these tags.
    public var tags: Set<String>

    /// Creates requirements; none by default.
    public init(maxLatency: Duration? = nil, region: String? = nil, tags: Set<String> = []) {
        self.maxLatency = maxLatency
        self.region = region
        self.tags = tags
    }
}
