import Connectors
import LLMCore

/// What a router knows about its deployments and the decisions it makes from it: a pure value,
/// changed only by what happened (a success with its latency, a failure, a request started or
/// finished) at instants the caller passes in, so every decision is testable with an injected
/// clock and a seed.
struct RouterState: Sendable {
    /// One deployment's record.
    struct Record: Sendable, Hashable {
        /// Failover-class failures since its last success.
        var consecutiveFailures = 0
        /// Skipped until then.
        var cooldownUntil: ContinuousClock.Instant?
        /// Moving average of whole-answer latency.
        var latency: Duration?
        /// Moving average of time to first chunk.
        var firstChunk: Duration?
        /// The decision at which it was last measured.
        var measuredAt = -1
        /// Requests in flight.
        var inFlight = 0
    }

    /// Why a deployment was not a candidate.
    enum Skip: Sendable, Hashable {
        case coolingDown(until: ContinuousClock.Instant)
        case region
        case tags
        case slow(Duration)
    }

    private(set) var records: [String: Record] = [:]
    /// Decisions made so far (drives re-probing).
    private(set) var decisions = 0
    private var random: UInt64

    init(seed: UInt64) {
        random = seed
    }

    func record(_ name: String) -> Record { records[name] ?? Record() }

    /// The deployments of `candidates` (in priority order) that may take a request now, ordered by
    /// `strategy` (`stream` compares time to first chunk), and those skipped with the reason.
    mutating func order(
        _ candidates: [RouterDeployment], strategy: RoutingStrategy, requirements: RouteRequirements, stream: Bool,
        headroom: [String: RateLimitInfo], probeEvery: Int, now: ContinuousClock.Instant
    ) -> (ordered: [String], skipped: [(name: String, reason: Skip)]) {
        decisions += 1
        var eligible: [RouterDeployment] = []
        var skipped: [(String, Skip)] = []
        for deployment in candidates {
            let record = record(deployment.name)
            if let until = record.cooldownUntil, until > now {
                skipped.append((deployment.name, .coolingDown(until: until)))
            } else if let region = requirements.region, deployment.region != region {
                skipped.append((deployment.name, .region))
            } else if !requirements.tags.isSubset(of: deployment.tags) {
                skipped.append((deployment.name, .tags))
            } else if let ceiling = requirements.maxLatency, let seen = Self.latency(record, stream: stream),
                seen > ceiling
            {
                skipped.append((deployment.name, .slow(seen)))
            } else {
                eligible.append(deployment)
            }
        }
        let names: [String]
        switch strategy {
        case .ordered:
            names = eligible.map(\.name)
        case .weightedRandom:
            names = weightedShuffle(eligible)
        case .leastBusy:
            names = stableSorted(eligible) { record($0).inFlight }
        case .mostHeadroom:
            names = stableSorted(eligible) { -(headroom[$0]?.fraction ?? 1) }
        case .lowestLatency:
            // Unmeasured first (warm-up), then the fastest; every `probeEvery` decisions the least
            // recently measured goes first, so a deployment that got faster is seen again.
            let unmeasured = eligible.filter { Self.latency(record($0.name), stream: stream) == nil }.map(\.name)
            var measured = stableSorted(eligible.filter { Self.latency(record($0.name), stream: stream) != nil }) {
                Self.latency(record($0), stream: stream).map(Self.seconds) ?? 0
            }
            if probeEvery > 0, decisions % probeEvery == 0, measured.count > 1,
                let stalest = measured.min(by: { record($0).measuredAt < record($1).measuredAt })
            {
                measured.removeAll { $0 == stalest }
                measured.insert(stalest, at: 0)
            }
            names = unmeasured + measured
        }
        return (names, skipped)
    }

    /// The moving average a strategy compares: time to first chunk for streams, whole latency
    /// otherwise, each falling back to the other.
    static func latency(_ record: Record, stream: Bool) -> Duration? {
        stream ? record.firstChunk ?? record.latency : record.latency ?? record.firstChunk
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// A request to `name` started.
    mutating func started(_ name: String) {
        records[name, default: Record()].inFlight += 1
    }

    /// A request to `name` finished (however it ended).
    mutating func finished(_ name: String) {
        records[name, default: Record()].inFlight = max(0, record(name).inFlight - 1)
    }

    /// `name` answered: its failures are forgotten, its cooldown ends, and the latency (or time to
    /// first chunk) joins its moving average with weight `smoothing`.
    mutating func succeeded(_ name: String, latency: Duration, firstChunk: Bool, smoothing: Double) {
        var record = record(name)
        record.consecutiveFailures = 0
        record.cooldownUntil = nil
        func average(_ old: Duration?) -> Duration {
            guard let old else { return latency }
            return .seconds(Self.seconds(old) * (1 - smoothing) + Self.seconds(latency) * smoothing)
        }
        if firstChunk {
            record.firstChunk = average(record.firstChunk)
        } else {
            record.latency = average(record.latency)
        }
        record.measuredAt = decisions
        records[name] = record
    }

    /// `name` failed with a failover-class error at `now`; returns when it cools down until, if
    /// this failure made it (the `allowedFails`-th in a row).
    @discardableResult
    mutating func failed(_ name: String, now: ContinuousClock.Instant, allowedFails: Int, cooldown: Duration)
        -> ContinuousClock.Instant?
    {
        var record = record(name)
        record.consecutiveFailures += 1
        var until: ContinuousClock.Instant?
        if record.consecutiveFailures >= allowedFails {
            until = now + cooldown
            record.cooldownUntil = until
            record.consecutiveFailures = 0
        }
        records[name] = record
        return until
    }

    /// Another replica cooled `name` down until `until` (through a shared ``CooldownStore``); a
    /// later end wins.
    mutating func coolDown(_ name: String, until: ContinuousClock.Instant) {
        var record = record(name)
        record.cooldownUntil = max(record.cooldownUntil ?? until, until)
        records[name] = record
    }

    /// Sorted by `key` ascending, ties kept in priority order.
    private func stableSorted<Key: Comparable>(_ deployments: [RouterDeployment], by key: (String) -> Key) -> [String] {
        deployments.enumerated().sorted { lhs, rhs in
            let (left, right) = (key(lhs.element.name), key(rhs.element.name))
            return left == right ? lhs.offset < rhs.offset : left < right
        }.map(\.element.name)
    }

    /// A random order in which each deployment comes first with a chance proportional to its
    /// weight (weight 0 last, in priority order).
    private mutating func weightedShuffle(_ deployments: [RouterDeployment]) -> [String] {
        var pool = deployments.filter { $0.weight > 0 }
        var order: [String] = []
        while !pool.isEmpty {
            let total = pool.reduce(0) { $0 + $1.weight }
            var point = nextUnit() * total
            var chosen = pool.count - 1
            for (index, deployment) in pool.enumerated() {
                point -= deployment.weight
                if point < 0 {
                    chosen = index
                    break
                }
            }
            order.append(pool.remove(at: chosen).name)
        }
        return order + deployments.filter { $0.weight <= 0 }.map(\.name)
    }

    /// The next number in 0..<1 (SplitMix64).
    private mutating func nextUnit() -> Double {
        random &+= 0x9E37_79B9_7F4A_7C15
        var value = random
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        value ^= value >> 31
        return Double(value >> 11) / Double(1 << 53)
    }
}
