import LLMCore

/// How a ``LLMRouter`` orders the deployments of a group for a request (the first is tried first,
/// the next after a failover-class failure).
public enum RoutingStrategy: String, Sendable, Hashable, CaseIterable {
    /// In the order the deployments were given (priority).
    case ordered
    /// At random, in proportion to each deployment's ``RouterDeployment/weight``.
    case weightedRandom = "weighted-random"
    /// The lowest exponentially weighted moving average of latency (of time to first token for
    /// streams) first; unmeasured deployments first of all, and now and then the least recently
    /// measured one, so a deployment that got faster is noticed.
    case lowestLatency = "lowest-latency"
    /// The fewest requests in flight first.
    case leastBusy = "least-busy"
    /// The largest share of its rate limits left first (``Headroom/fraction``; unknown counts as
    /// all of it).
    case mostHeadroom = "most-headroom"
}
