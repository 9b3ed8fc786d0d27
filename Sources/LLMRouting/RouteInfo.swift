public import LLMCore

/// Which deployment of a ``LLMRouter`` answered, and what happened before: on
/// ``LLMResponse/routing`` and on the first chunk of a routed stream.
public struct RouteInfo: ProviderExtra {
    /// The deployment that answered.
    public var deployment: String
    /// Its group.
    public var group: String
    /// Its model's provider.
    public var provider: LLMProvider
    /// How many deployments failed before it (0: the first one answered).
    public var fallbacks: Int
    /// The deployments tried before it, in order, each with what it answered.
    public var failures: [(deployment: String, error: LLMError)]

    /// Creates a route report.
    public init(
        deployment: String, group: String, provider: LLMProvider, fallbacks: Int,
        failures: [(deployment: String, error: LLMError)] = []
    ) {
        self.deployment = deployment
        self.group = group
        self.provider = provider
        self.fallbacks = fallbacks
        self.failures = failures
    }

    /// Equal when the same deployment answered after the same failures.
    public static func == (lhs: RouteInfo, rhs: RouteInfo) -> Bool {
        lhs.deployment == rhs.deployment && lhs.group == rhs.group && lhs.provider == rhs.provider
            && lhs.fallbacks == rhs.fallbacks && lhs.failures.map(\.deployment) == rhs.failures.map(\.deployment)
            && lhs.failures.map(\.error) == rhs.failures.map(\.error)
    }

    /// Hashes the deployment and the number of fallbacks.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(deployment)
        hasher.combine(fallbacks)
    }
}

extension LLMResponse {
    /// Which deployment answered, when a ``LLMRouter`` routed the request.
    public var routing: RouteInfo? { extras[RouteInfo.self] }
}

extension LLMStreamChunk {
    /// Which deployment streams the answer, on the first chunk of a routed stream.
    public var routing: RouteInfo? { extras[RouteInfo.self] }
}
