public import Connectors
public import LLMCore

/// What a ``LLMRouter`` routes over and how: the deployments, the chain of groups to fall back
/// through, the selection strategy, and the health and budget rules.
public struct RouterConfiguration: Sendable {
    /// The deployments, in priority order (``RoutingStrategy/ordered`` tries them so).
    public var deployments: [RouterDeployment]
    /// The groups to try in order; empty: every group, in the order the deployments name them.
    public var fallbacks: [String]
    /// Groups tried when the conversation is too long for the deployments tried (larger-window
    /// models); empty: a too-long conversation fails at once.
    public var contextWindowFallbacks: [String]
    /// Groups tried when a content filter refused the request; empty: it fails at once.
    public var contentFilterFallbacks: [String]
    /// How the deployments of a group are ordered for each request.
    public var strategy: RoutingStrategy
    /// Consecutive failover-class failures after which a deployment cools down (LiteLLM's
    /// `allowed_fails`); at least 1.
    public var allowedFails: Int
    /// How long a cooled-down deployment is skipped (LiteLLM's `cooldown_time`).
    public var cooldown: Duration
    /// The weight of each new latency in the moving averages (0...1).
    public var latencySmoothing: Double
    /// Under ``RoutingStrategy/lowestLatency``, every this many decisions the least recently
    /// measured deployment goes first (a re-probe); 0 never.
    public var probeEvery: Int
    /// The deadline of a routed request whose context sets none: one deadline for every
    /// deployment it tries.
    public var timeout: Duration
    /// The most deployments one request may try (its budget); nil: all of them.
    public var maxDeployments: Int?
    /// The seed of ``RoutingStrategy/weightedRandom`` (runs repeat with one).
    public var seed: UInt64?
    /// Where deployment cooldowns are shared with other replicas (a SQL rate-limit store, say);
    /// nil keeps them in this router only.
    public var cooldownStore: (any CooldownStore)?
    /// How long a graceful shutdown (``LLMRouter/run()``) waits for the routed requests and
    /// streams in flight.
    public var shutdownGracePeriod: Duration

    /// Creates a configuration.
    public init(
        deployments: [RouterDeployment], fallbacks: [String] = [], contextWindowFallbacks: [String] = [],
        contentFilterFallbacks: [String] = [], strategy: RoutingStrategy = .ordered, allowedFails: Int = 3,
        cooldown: Duration = .seconds(60), latencySmoothing: Double = 0.3, probeEvery: Int = 20,
        timeout: Duration = .seconds(120), maxDeployments: Int? = nil, seed: UInt64? = nil,
        cooldownStore: (any CooldownStore)? = nil, shutdownGracePeriod: Duration = .seconds(30)
    ) {
        self.deployments = deployments
        self.fallbacks = fallbacks
        self.contextWindowFallbacks = contextWindowFallbacks
        self.contentFilterFallbacks = contentFilterFallbacks
        self.strategy = strategy
        self.allowedFails = allowedFails
        self.cooldown = cooldown
        self.latencySmoothing = latencySmoothing
        self.probeEvery = probeEvery
        self.timeout = timeout
        self.maxDeployments = maxDeployments
        self.seed = seed
        self.cooldownStore = cooldownStore
        self.shutdownGracePeriod = shutdownGracePeriod
    }

    /// The chain of groups a request walks: ``fallbacks``, else every group in order.
    var chain: [String] {
        guard fallbacks.isEmpty else { return fallbacks }
        var seen: Set<String> = []
        return deployments.map(\.group).filter { seen.insert($0).inserted }
    }

    /// Checks the configuration: deployments with unique, non-empty names; every group named in a
    /// chain served by a deployment; positive limits.
    /// - Throws: ``LLMError`` (`invalidConfiguration`) naming what is wrong.
    public func validate() throws(LLMError) {
        guard !deployments.isEmpty else {
            throw LLMError.router("a router needs at least one deployment", parameter: "deployments")
        }
        var names: Set<String> = []
        for deployment in deployments {
            guard !deployment.name.isEmpty, names.insert(deployment.name).inserted else {
                throw LLMError.router(
                    "deployment names must be unique and not empty ('\(deployment.name)')", parameter: "deployments")
            }
            guard deployment.weight.isFinite, deployment.weight >= 0 else {
                throw LLMError.router(
                    "deployment '\(deployment.name)' has weight \(deployment.weight); use 0 or more",
                    parameter: "weight")
            }
        }
        let groups = Set(deployments.map(\.group))
        for (parameter, chain) in [
            ("fallbacks", fallbacks), ("contextWindowFallbacks", contextWindowFallbacks),
            ("contentFilterFallbacks", contentFilterFallbacks),
        ] {
            for group in chain where !groups.contains(group) {
                throw LLMError.router(
                    "\(parameter) names the group '\(group)', which no deployment serves; groups: \(groups.sorted().joined(separator: ", "))",
                    parameter: parameter)
            }
        }
        guard allowedFails >= 1, cooldown >= .zero, timeout > .zero, (0...1).contains(latencySmoothing),
            probeEvery >= 0, (maxDeployments ?? 1) >= 1
        else {
            throw LLMError.router(
                "allowedFails and maxDeployments must be at least 1, cooldown not negative, timeout positive, latencySmoothing within 0...1",
                parameter: "router")
        }
    }
}

extension LLMError {
    /// An `invalidConfiguration` error of a router.
    static func router(_ message: String, parameter: String) -> LLMError {
        LLMError(
            code: .invalidConfiguration, message: message, hint: "fix the router configuration", parameter: parameter)
    }
}
