import LLMCore

/// The walk of one routed request as a value: which group's candidates it needs, which deployment
/// to try next, and what a failure leads to. The router feeds it the strategy's order and the
/// clock's time and carries out what it returns; the plan itself never waits, calls, or emits
/// (so its rules are tested with made-up instants and no sockets).
///
/// The rules: the groups of the chain in order, each group's deployments in the order given,
/// none tried twice; at most `budget` deployments; nothing starts at or after the deadline; what
/// a failure means is ``LLMErrorCode/handling``'s `fallback` (a context-window or content-filter
/// failure replaces the rest of the chain by its own fallback groups, once).
struct RoutePlan {
    /// What to do next.
    enum Step: Equatable {
        /// Try `deployment` of `group`; `number` counts the deployments tried, from 1.
        case attempt(deployment: String, group: String, number: Int)
        /// The group has no deployment left: ask again with the next group's candidates.
        case nextGroup
        /// The request failed with this error (the budget is spent or the deadline passed).
        case fail(LLMError)
    }

    /// What follows a failed deployment.
    enum AfterFailure: Equatable {
        /// The caller's error, or nowhere left for it to go: end the request with it.
        case surface(LLMError)
        /// Move on; `countsTowardCooldown` says whether the failure counts toward the deployment's
        /// cooldown (a too-long conversation or a filtered prompt says nothing about its health).
        case fallBack(countsTowardCooldown: Bool)
    }

    /// The chain of groups (a failure's own fallback groups replace its tail).
    private(set) var chain: [String]
    /// The instant after which no deployment starts.
    let deadline: ContinuousClock.Instant
    /// The most deployments to try; nil: all.
    let budget: Int?
    /// The groups for a conversation too long for a deployment.
    let contextWindowFallbacks: [String]
    /// The groups for a prompt a deployment's content filter refused.
    let contentFilterFallbacks: [String]
    /// Every failure so far, in order.
    private(set) var failures: [(deployment: String, error: LLMError)] = []
    /// Every deployment the strategy skipped, once each, with why.
    private(set) var skipped: [(name: String, reason: RouterState.Skip)] = []
    private var tried: Set<String> = []
    private var position = 0
    private var extended: Set<LLMErrorCode.Handling.Fallback> = []

    /// A plan over `chain`.
    init(
        chain: [String], deadline: ContinuousClock.Instant, budget: Int?, contextWindowFallbacks: [String] = [],
        contentFilterFallbacks: [String] = []
    ) {
        self.chain = chain
        self.deadline = deadline
        self.budget = budget
        self.contextWindowFallbacks = contextWindowFallbacks
        self.contentFilterFallbacks = contentFilterFallbacks
    }

    /// The group whose candidates ``next(ordered:skipped:now:)`` needs, or nil when the chain is walked.
    var group: String? { position < chain.count ? chain[position] : nil }

    /// The next step, given the current group's deployments in the strategy's order and those it
    /// skipped, at `now`.
    mutating func next(
        ordered: [String], skipped newlySkipped: [(name: String, reason: RouterState.Skip)] = [],
        now: ContinuousClock.Instant
    ) -> Step {
        for skip in newlySkipped where !skipped.contains(where: { $0.name == skip.name }) { skipped.append(skip) }
        guard let group, let name = ordered.first(where: { !tried.contains($0) }) else {
            position += 1
            return .nextGroup
        }
        if let budget, tried.count >= budget {
            return .fail(Self.exhausted(failures, skipped: skipped, budget: budget))
        }
        guard now < deadline else {
            return .fail(
                LLMError(
                    code: .timeout, message: "the routed request ran out of time after \(tried.count) deployment(s)",
                    hint: "raise the deadline or the router's timeout", attemptErrors: failures.map(\.error)))
        }
        tried.insert(name)
        return .attempt(deployment: name, group: group, number: tried.count)
    }

    /// Records that `deployment` failed with `error` and says what follows.
    mutating func failed(_ deployment: String, error: LLMError) -> AfterFailure {
        let fallback = error.code.handling.fallback
        switch fallback {
        case .none:
            return .surface(error)
        case .nextDeployment:
            failures.append((deployment, error))
            return .fallBack(countsTowardCooldown: true)
        case .contextWindowChain, .contentFilterChain:
            failures.append((deployment, error))
            let extra = fallback == .contextWindowChain ? contextWindowFallbacks : contentFilterFallbacks
            guard !extra.isEmpty else { return .surface(error) }
            if extended.insert(fallback).inserted, position < chain.count {
                // Only the chain for this failure is left to try.
                chain = Array(chain[...position]) + extra
            }
            position += 1
            return .fallBack(countsTowardCooldown: false)
        }
    }

    /// The error when the walk ended with no answer.
    var exhausted: LLMError { Self.exhausted(failures, skipped: skipped) }

    /// What the answer's route says: the deployment, its group and provider, and the failures before it.
    func route(deployment: String, group: String, provider: LLMProvider) -> RouteInfo {
        RouteInfo(
            deployment: deployment, group: group, provider: provider, fallbacks: failures.count, failures: failures)
    }

    /// The error when no deployment answered: every failure (deployment: code and message) and
    /// every deployment skipped, the last failure's code (or `noEndpointsAvailable` when none was
    /// tried).
    static func exhausted(
        _ failures: [(deployment: String, error: LLMError)], skipped: [(name: String, reason: RouterState.Skip)],
        budget: Int? = nil
    ) -> LLMError {
        var parts = failures.map { "\($0.deployment): \($0.error.code) (\($0.error.message))" }
        parts += skipped.map { "\($0.name): skipped (\(describe($0.reason)))" }
        let head =
            budget.map { "the router's budget of \($0) deployment(s) is spent" }
            ?? (failures.isEmpty ? "no deployment could take the request" : "every deployment tried failed")
        let attemptErrors = failures.map { failure -> LLMError in
            var error = failure.error
            error.endpoint = error.endpoint ?? failure.deployment
            return error
        }
        return LLMError(
            code: failures.last?.error.code ?? .noEndpointsAvailable,
            message: "\(head): " + (parts.isEmpty ? "none configured for the route" : parts.joined(separator: "; ")),
            hint: "see attemptErrors for each deployment's answer", attemptErrors: attemptErrors)
    }

    private static func describe(_ reason: RouterState.Skip) -> String {
        switch reason {
        case .coolingDown: "cooling down"
        case .region: "another region"
        case .tags: "missing tags"
        case .slow(let latency): "average latency \(latency) over the ceiling"
        }
    }
}
