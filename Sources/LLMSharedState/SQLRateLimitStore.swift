public import Connectors
import NIOConcurrencyHelpers

/// A ``Connectors/RateLimitStore`` whose buckets, 429 pauses and cooldowns live in a SQL database
/// that several processes share (DESIGN.md, "Shared state"). Each decision is one statement the
/// database runs atomically (``SQLRateLimitStatements``), on the database's clock, so replicas
/// together admit no more than the limit allows. Cooldowns are read as a snapshot at most
/// ``SharedStateOptions/cooldownRefresh`` old, so the hot path costs one round trip (the
/// reservation).
///
/// When the database is slow or down the store answers from ``SharedStateOptions/failureMode``
/// (by default this process's own limits), logs one warning per outage, counts the failures in
/// `llm_state_store_failures_total` and sets `llm_state_store_available` to 0, and asks the
/// database again every ``SharedStateOptions/retryInterval`` until it answers.
///
/// `PostgresRateLimitStore` (`LLMPostgres`) and `SQLiteRateLimitStore` (`LLMSQLite`) are this
/// store over their drivers.
public final class SQLRateLimitStore: RateLimitStore {
    /// The database it runs on.
    public let driver: any SQLStateDriver
    /// Its timeouts and failure mode.
    public let options: SharedStateOptions
    /// The store's name in logs and metrics (`postgres`, `sqlite`).
    public let name: String
    /// The tables the store uses (``migrate()`` creates them).
    public static let tables = SQLRateLimitStatements.tables

    let statements: SQLRateLimitStatements
    /// What answers while the database cannot (in ``StoreFailureMode/local``), and keeps this
    /// process's pauses and cooldowns meanwhile.
    let local = InMemoryRateLimitStore()
    private let cooldownSnapshot = NIOLockedValueBox(CooldownSnapshot())
    /// This process's lease on each leased key's buckets, the limits it was taken under, and the
    /// requests waiting for its renewal.
    private let leases = NIOLockedValueBox<[String: LeaseEntry]>([:])

    struct LeaseEntry {
        var lease = QuotaLease()
        var limits: RateLimits
        /// Resumed when the renewal in flight ends: nil to try the lease again, or the decision
        /// they share (the wait when the bucket was empty).
        var waiters: [CheckedContinuation<RateLimitDecision?, Never>] = []
    }
    /// The database, its availability and the fallback's warning.
    private let database: SQLStoreGuard

    /// The snapshot of the shared cooldowns (read at most every `cooldownRefresh`).
    struct CooldownSnapshot {
        /// When each key's cooldown ends.
        var until: [String: ContinuousClock.Instant] = [:]
        var readAt: ContinuousClock.Instant?
        var refreshing = false
    }

    /// Creates a store over `driver`; call ``migrate()`` once to create its tables.
    public init(driver: any SQLStateDriver, name: String, options: SharedStateOptions = SharedStateOptions()) {
        self.driver = driver
        self.name = name
        self.options = options
        statements = SQLRateLimitStatements(driver.dialect)
        database = SQLStoreGuard(
            driver: driver, name: name, options: options, migrations: statements.migrations,
            subject: "shared state store", fallback: Self.fallback(options.failureMode))
    }

    /// Creates the tables if they do not exist (safe to call from every replica at start). A store
    /// whose database did not answer then makes them before its first statement that reaches it.
    /// - Throws: the driver's error, or a timeout when the database does not answer within ten
    ///   times the store's timeout (at least 5 s).
    public func migrate() async throws {
        try await database.migrate(within: max(options.timeout * 10, .seconds(5)))
    }

    /// Gives every lease's remainder back, then closes the database connections.
    public func shutdown() async throws {
        let (remainders, waiters) = leases.withLockedValue { leases in
            defer { leases = [:] }
            let remainders = leases.map { key, entry in
                var lease = entry.lease
                return (key, entry.limits, lease.takeRemainder())
            }
            return (remainders, leases.values.flatMap(\.waiters))
        }
        for waiter in waiters { waiter.resume(returning: nil) }
        for (key, limits, remainder) in remainders where remainder.requests > 0 || remainder.tokens != 0 {
            _ = await run(
                statements.giveBack,
                Self.limitBinds(key, limits) + [.real(remainder.requests), .real(remainder.tokens)])
        }
        try await driver.shutdown()
    }

    /// Whether the database answered the last statement.
    public var isAvailable: Bool { database.isAvailable }

    /// Shared with every process that uses the database.
    public var isShared: Bool { true }

    // MARK: - Buckets

    /// Admits when both shared buckets have room; otherwise the wait until they will. Limits large
    /// enough to lease (``QuotaLease``) admit from this process's lease, renewing it in one
    /// statement when it runs out or expires; smaller ones are one statement per admission.
    public func reserve(key: String, tokens: Int, limits: RateLimits) async -> RateLimitDecision {
        if let tpm = limits.tokensPerMinute, tokens > tpm { return .tooLarge(limit: tpm) }
        if let size = QuotaLease.Size.of(limits, maxRequests: options.maxLeaseRequests) {
            return await leased(key: key, tokens: tokens, limits: limits, size: size)
        }
        let binds = Self.limitBinds(key, limits) + [.real(Double(tokens))]
        if let row = await run(statements.reserve, binds).flatMap(\.first), row.count == 2,
            let admitted = row[0].double, let wait = row[1].double
        {
            return admitted >= 1 ? .admitted : .wait(Self.milliseconds(wait))
        }
        return await fallback(key: key, tokens: tokens, limits: limits)
    }

    /// An admission from the lease of `key`, renewing it (one renewal at a time; the others wait
    /// for it and try again) when it cannot admit.
    private func leased(key: String, tokens: Int, limits: RateLimits, size: QuotaLease.Size) async
        -> RateLimitDecision
    {
        while true {
            let now = ContinuousClock.now
            let step = leases.withLockedValue { leases in
                var entry = leases[key] ?? LeaseEntry(limits: limits)
                defer { leases[key] = entry }
                entry.limits = limits
                return entry.lease.admit(tokens: tokens, limits: limits, size: size, now: now)
            }
            switch step {
            case .admitted:
                return .admitted
            case .admittedAndTopUp(let renewal):
                _ = await renew(key: key, renewal, tokens: 0, limits: limits)
                return .admitted
            case .waitForRenewal:
                let shared: RateLimitDecision? = await withCheckedContinuation { continuation in
                    let parked = leases.withLockedValue { leases in
                        guard leases[key]?.lease.renewing == true else { return false }
                        leases[key]?.waiters.append(continuation)
                        return true
                    }
                    if !parked { continuation.resume(returning: nil) }
                }
                if let shared { return shared }
            case .renew(let renewal):
                return await renew(key: key, renewal, tokens: tokens, limits: limits)
            }
        }
    }

    /// Sends `renewal` and wakes the requests that waited for it.
    private func renew(key: String, _ renewal: QuotaLease.Renewal, tokens: Int, limits: RateLimits) async
        -> RateLimitDecision
    {
        let binds =
            Self.limitBinds(key, limits)
            + [renewal.giveRequests, renewal.giveTokens, renewal.tokens, renewal.extraRequests, renewal.extraTokens]
            .map { SQLValue.real($0) }
        let row = await run(statements.lease, binds).flatMap(\.first)
        let answered = ContinuousClock.now
        // The requests granted, the wait when none, and the tokens granted; nil when the database
        // did not answer.
        var grant: (requests: Double, wait: Double, tokens: Double)?
        if let row, row.count == 3, let requests = row[0].double, let wait = row[1].double,
            let tokens = row[2].double
        {
            grant = (requests, wait, tokens)
        }
        let decision = grant.map { $0.requests >= 1 ? RateLimitDecision.admitted : .wait(Self.milliseconds($0.wait)) }
        // An empty bucket: the waiters hear the same wait (a top-up's try the lease again, which
        // may still admit); otherwise they try the renewed lease.
        let shared = decision != .admitted && !renewal.topUp ? decision : nil
        let waiters = leases.withLockedValue { leases in
            if let grant, grant.requests >= 1 {
                leases[key]?.lease.granted(
                    renewal, requests: grant.requests, tokens: grant.tokens, now: answered,
                    duration: options.leaseDuration)
            } else {
                leases[key]?.lease.refused()
            }
            defer { leases[key]?.waiters = [] }
            return leases[key]?.waiters ?? []
        }
        for waiter in waiters { waiter.resume(returning: shared) }
        if let decision { return decision }
        // A top-up's request was admitted from the lease already.
        if renewal.topUp { return .admitted }
        return await fallback(key: key, tokens: tokens, limits: limits)
    }

    /// The failure mode's answer while the database cannot give one.
    private func fallback(key: String, tokens: Int, limits: RateLimits) async -> RateLimitDecision {
        switch options.failureMode {
        case .local: return await local.reserve(key: key, tokens: tokens, limits: limits)
        case .open: return .admitted
        case .closed: return .wait(options.retryInterval)
        }
    }

    /// Gives back (or takes) the difference between the reserved and the used tokens: into this
    /// process's lease for a leased key (it goes back with the lease's remainder), else at once.
    public func settle(key: String, reserved: Int, actual: Int, limits: RateLimits) async {
        if QuotaLease.Size.of(limits, maxRequests: options.maxLeaseRequests) != nil,
            leases.withLockedValue({ leases in
                guard leases[key] != nil else { return false }
                leases[key]?.lease.settle(reserved: reserved, actual: actual)
                return true
            })
        {
            return
        }
        let binds = Self.limitBinds(key, limits) + [.real(Double(reserved - actual))]
        if await run(statements.settle, binds) == nil, options.failureMode == .local {
            await local.settle(key: key, reserved: reserved, actual: actual, limits: limits)
        }
    }

    /// Pauses `key` for every replica (and this process, whatever the database does); this
    /// process's lease on it is dropped, so nothing more is admitted from it.
    public func pause(key: String, for duration: Duration) async {
        leases.withLockedValue { $0[key]?.lease.drop() }
        await local.pause(key: key, for: duration)
        _ = await run(statements.pause, [.text(key), .real(Self.milliseconds(duration))])
    }

    /// What the shared buckets of `key` hold now.
    public func remaining(key: String, limits: RateLimits) async -> RateLimitInfo? {
        guard let rows = await run(statements.remaining, Self.limitBinds(key, limits)) else {
            return await local.remaining(key: key, limits: limits)
        }
        // A key never reserved has full buckets.
        let row = rows.first
        let requests = row?.first?.double ?? Double(limits.requestsPerMinute ?? 0)
        let tokens = row?.dropFirst().first?.double ?? Double(limits.tokensPerMinute ?? 0)
        return RateLimitInfo(
            remainingRequests: limits.requestsPerMinute.map { _ in Int(max(0, min(requests, 1e15))) },
            remainingTokens: limits.tokensPerMinute.map { _ in Int(max(0, min(tokens, 1e15))) },
            limitRequests: limits.requestsPerMinute, limitTokens: limits.tokensPerMinute)
    }

    // MARK: - Cooldowns

    /// Cools `key` down for every replica (and at once in this process).
    public func coolDown(key: String, for duration: Duration) async {
        await local.coolDown(key: key, for: duration)
        let until = ContinuousClock.now + duration
        cooldownSnapshot.withLockedValue { $0.until[key] = max($0.until[key] ?? until, until) }
        _ = await run(statements.coolDown, [.text(key), .real(Self.milliseconds(duration))])
    }

    /// The running cooldowns among `keys`, from a snapshot of the shared table at most
    /// ``SharedStateOptions/cooldownRefresh`` old (while the database is down, this process's).
    public func cooldowns(keys: [String]) async -> [String: Duration] {
        let now = ContinuousClock.now
        let stale = cooldownSnapshot.withLockedValue { snapshot in
            let old = snapshot.readAt.map { now - $0 >= options.cooldownRefresh } ?? true
            // One refresh at a time; the others read the snapshot meanwhile.
            guard old, !snapshot.refreshing else { return false }
            snapshot.refreshing = true
            return true
        }
        if stale {
            let rows = await run(statements.running, [])
            let read = ContinuousClock.now
            cooldownSnapshot.withLockedValue { snapshot in
                snapshot.refreshing = false
                guard let rows else { return }
                snapshot.until = [:]
                for row in rows {
                    guard row.count == 2, let key = row[0].text, let left = row[1].double, left > 0 else { continue }
                    snapshot.until[key] = read + Self.milliseconds(left)
                }
                snapshot.readAt = read
            }
            if rows == nil { return await local.cooldowns(keys: keys) }
        }
        let snapshot = cooldownSnapshot.withLockedValue { $0.until }
        let read = ContinuousClock.now
        var running: [String: Duration] = [:]
        for key in keys {
            if let until = snapshot[key], until > read { running[key] = until - read }
        }
        return running
    }

    /// Ends the cooldown of `key` for every replica.
    public func endCooldown(key: String) async {
        await local.endCooldown(key: key)
        cooldownSnapshot.withLockedValue { $0.until[key] = nil }
        _ = await run(statements.endCooldown, [.text(key)])
    }

    // MARK: - The database

    /// Runs one statement within the timeout; nil when the database is down (see ``SQLStoreGuard``).
    private func run(_ sql: String, _ binds: [SQLValue]) async -> [[SQLValue]]? {
        await database.run(sql, binds)
    }

    private static func fallback(_ mode: StoreFailureMode) -> String {
        switch mode {
        case .local: "falling back to this process's own limits"
        case .open: "admitting every request"
        case .closed: "admitting nothing"
        }
    }

    private static func limitBinds(_ key: String, _ limits: RateLimits) -> [SQLValue] {
        [.text(key), .real(limits.requestsPerMinute.map(Double.init)), .real(limits.tokensPerMinute.map(Double.init))]
    }

    /// Milliseconds as a duration: rounded up, at least 1 ms, at most a day (whatever a row holds).
    static func milliseconds(_ value: Double) -> Duration {
        guard value.isFinite else { return .milliseconds(1) }
        return .milliseconds(Int64(min(max(value.rounded(.up), 1), 86_400_000)))
    }

    /// A duration in milliseconds.
    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
    }
}
