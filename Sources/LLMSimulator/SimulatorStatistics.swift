/// Counters an ``LLMSimulator`` keeps, for assertions on pooling and concurrency.
public struct SimulatorStatistics: Sendable, Hashable {
    /// TCP connections accepted since start.
    public var connectionsAccepted = 0
    /// TCP connections open now.
    public var openConnections = 0
    /// Requests being answered now.
    public var inFlight = 0
    /// The most requests answered at once.
    public var maxInFlight = 0
    /// Requests received.
    public var requests = 0

    /// Creates zeroed counters.
    public init() {}
}
