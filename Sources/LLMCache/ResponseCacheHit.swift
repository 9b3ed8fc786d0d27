public import Foundation
public import LLMCore

/// How a cached answer was served, in ``LLMCore/LLMResponse/extras`` (and on the first chunk of a
/// replayed stream): when it was stored and what it saved.
///
/// ```swift
/// if let hit = answer.cacheHit { print("from the cache, saved $\(hit.savedUSD ?? 0)") }
/// ```
public struct ResponseCacheHit: ProviderExtra {
    /// When the answer was stored.
    public var storedAt: Date
    /// The tokens the upstream call used, not spent again.
    public var savedUsage: Usage?
    /// The upstream call's cost in US dollars, not spent again (when its usage and prices are known).
    public var savedUSD: Double?
    /// Whether the answer came from an identical request in flight at the same time (single
    /// flight) rather than from the store.
    public var shared: Bool

    /// Creates a hit.
    public init(storedAt: Date, savedUsage: Usage? = nil, savedUSD: Double? = nil, shared: Bool = false) {
        self.storedAt = storedAt
        self.savedUsage = savedUsage
        self.savedUSD = savedUSD
        self.shared = shared
    }
}

extension LLMResponse {
    /// How the answer came from a ``ResponseCache``; nil when the model answered it.
    public var cacheHit: ResponseCacheHit? { extras[ResponseCacheHit.self] }
}

extension LLMStreamChunk {
    /// On the first chunk of a stream replayed from a ``ResponseCache``: how; nil otherwise.
    public var cacheHit: ResponseCacheHit? { extras[ResponseCacheHit.self] }
}
