public import Logging
public import Metrics

/// How a SQL rate-limit store talks to its database and what it does when the database fails.
public struct SharedStateOptions: Sendable {
    /// What to do while the database is slow or down.
    public var failureMode: StoreFailureMode
    /// How long one statement may take before the database counts as down.
    public var timeout: Duration
    /// How long after a failure the store asks the database again (one probe; meanwhile it answers
    /// from the failure mode at once).
    public var retryInterval: Duration
    /// How old the snapshot of cooldowns may be before it is read again: the most a cooldown set
    /// by another replica can be late here (beyond the database's own latency).
    public var cooldownRefresh: Duration
    /// The most requests one lease holds (``QuotaLease``): a limit of R requests a minute is leased
    /// `min(maxLeaseRequests, R / 100)` at a time; below 2 (or with this under 2) every admission
    /// is a statement. Across N replicas the admissions in any minute exceed the limit by at most
    /// N leases.
    public var maxLeaseRequests: Int
    /// How long a lease admits before its remainder goes back at the next renewal: the most a
    /// pause set by another replica can be late here (besides one lease of admissions).
    public var leaseDuration: Duration
    /// Where the warning about an unavailable database (once per outage) and its recovery go.
    public var logger: Logger
    /// Where `llm_state_store_failures_total` and `llm_state_store_available` go; nil uses the
    /// factory bootstrapped in `MetricsSystem`.
    public var metricsFactory: (any MetricsFactory)?

    /// Creates options.
    public init(
        failureMode: StoreFailureMode = .local, timeout: Duration = .seconds(1),
        retryInterval: Duration = .seconds(1), cooldownRefresh: Duration = .milliseconds(250),
        logger: Logger = Logger(label: "swift-llm.state"), metricsFactory: (any MetricsFactory)? = nil,
        maxLeaseRequests: Int = 64, leaseDuration: Duration = .seconds(1)
    ) {
        self.maxLeaseRequests = maxLeaseRequests
        self.leaseDuration = leaseDuration
        self.metricsFactory = metricsFactory
        self.failureMode = failureMode
        self.timeout = timeout
        self.retryInterval = retryInterval
        self.cooldownRefresh = cooldownRefresh
        self.logger = logger
    }
}
