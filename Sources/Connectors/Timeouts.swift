/// The connector's time limits.
public struct Timeouts: Sendable, Hashable {
    /// Establishing a TCP (and TLS) connection; never waited for past the request's deadline.
    public var connect: Duration
    /// One attempt: connecting, TLS and the head and, for a whole (non-streamed) response, its
    /// body too; a stream's head must arrive within it. An attempt that runs out fails over.
    public var attempt: Duration
    /// The longest silence while reading a body, including between stream events (comments and
    /// pings count as reading, but never extend a request past its deadline).
    public var idle: Duration
    /// Everything together: every attempt, failover and backoff. A `RequestContext` deadline
    /// overrides it per request.
    public var total: Duration

    /// Creates limits; the defaults are 10 s connect, 60 s per attempt, 60 s idle and 10 min total.
    public init(
        connect: Duration = .seconds(10), attempt: Duration = .seconds(60), idle: Duration = .seconds(60),
        total: Duration = .seconds(600)
    ) {
        self.connect = connect
        self.attempt = attempt
        self.idle = idle
        self.total = total
    }
}
