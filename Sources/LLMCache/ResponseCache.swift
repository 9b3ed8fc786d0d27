import Foundation
import LLMCore
import LLMSupport
public import Logging
public import Metrics
import NIOConcurrencyHelpers

/// A cache of complete answers, shared by every ``CachedLLM`` made with it: an exact match on the
/// request (``ResponseCacheKey``: the model and its API, the messages, the options that change
/// the output; never the key, the endpoint or the deadline), each answer kept for ``Configuration/ttl``.
///
/// Only complete, successful answers are stored: never an error, an interrupted stream or an
/// answer a content filter stopped. Identical requests in flight at once share one call to the
/// model (single flight). When the store fails (a database down), requests are answered online
/// and the cache logs one warning until the store answers again.
///
/// ```swift
/// let cache = ResponseCache(store: try await SQLiteResponseCacheStore(path: "cache.sqlite"))
/// let model = try LLMFactory.make(metadata: metadata, connector: connector).cached(cache)
/// let answer = try await model.getAnswer("Name three primes.")
/// if let hit = answer.cacheHit { print("cached; saved $\(hit.savedUSD ?? 0)") }
/// ```
///
/// Metrics: `llm_cache_requests_total` by `result` (`hit`, `shared`, `miss`, `bypass`),
/// `llm_cache_bytes_total` by `direction` (`read`, `written`) and `llm_cache_store_errors_total`,
/// each with the cache's ``Configuration/name`` as `cache`.
public final class ResponseCache: Sendable {
    /// How long answers live, how large they may be, and where the cache reports.
    public struct Configuration: Sendable {
        /// How long a stored answer is served (one hour by default).
        public var ttl: Duration
        /// The largest answer stored, in bytes of its stored form (1 MiB by default); larger ones are
        /// served but not kept.
        public var maxEntryBytes: Int
        /// Part of every key: caches with different namespaces never share answers (for models whose
        /// own default options differ, or to start afresh after a prompt change).
        public var namespace: String
        /// How long one store operation may take before the request goes on without it.
        public var storeTimeout: Duration
        /// The cache's name in metrics and logs.
        public var name: String
        /// Where the warning about a failing store (once per outage) goes.
        public var logger: Logger
        /// Where the metrics go; nil uses the factory bootstrapped in `MetricsSystem`.
        public var metricsFactory: (any MetricsFactory)?

        /// Creates a configuration.
        public init(
            ttl: Duration = .seconds(3600), maxEntryBytes: Int = 1 << 20, namespace: String = "",
            storeTimeout: Duration = .seconds(2), name: String = "default",
            logger: Logger = Logger(label: "swift-llm.cache"), metricsFactory: (any MetricsFactory)? = nil
        ) {
            self.ttl = ttl
            self.maxEntryBytes = maxEntryBytes
            self.namespace = namespace
            self.storeTimeout = storeTimeout
            self.name = name
            self.logger = logger
            self.metricsFactory = metricsFactory
        }
    }

    /// Where the answers are kept.
    public let store: any ResponseCacheStore
    /// The cache's settings.
    public let configuration: Configuration

    private let flights = NIOLockedValueBox<[String: CacheFlight]>([:])
    /// Whether the store failed last time (so the next failure is not logged again).
    private let storeDown = NIOLockedValueBox(false)
    private let requests: [String: Counter]
    private let bytesRead: Counter
    private let bytesWritten: Counter
    private let storeErrors: Counter

    /// A cache over `store`.
    public init(store: any ResponseCacheStore, configuration: Configuration = Configuration()) {
        self.store = store
        self.configuration = configuration
        let factory = configuration.metricsFactory ?? MetricsSystem.factory
        let cache = ("cache", configuration.name)
        requests = Dictionary(
            uniqueKeysWithValues: ["hit", "shared", "miss", "bypass"].map { result in
                (
                    result,
                    Counter(
                        label: "llm_cache_requests_total", dimensions: [cache, ("result", result)], factory: factory)
                )
            })
        bytesRead = Counter(
            label: "llm_cache_bytes_total", dimensions: [cache, ("direction", "read")], factory: factory)
        bytesWritten = Counter(
            label: "llm_cache_bytes_total", dimensions: [cache, ("direction", "written")], factory: factory)
        storeErrors = Counter(label: "llm_cache_store_errors_total", dimensions: [cache], factory: factory)
    }

    // MARK: - What CachedLLM uses

    /// What a request does after ``start(_:mode:context:)``.
    enum Start {
        /// Serve this answer: stored (a hit) or `shared` by the identical request in flight.
        case answer(CachedAnswer, shared: Bool)
        /// Ask the model, then ``finish(_:_:_:)`` the flight with what it answered.
        case lead(CacheFlight)
    }

    /// Where a request's answer comes from, counted (`hit`, `shared`, `miss`): a new leader in
    /// `use` mode reads the store (a hit ends its flight at once); a request that finds an
    /// identical one in flight waits for it, within its deadline and cancellation, and asks the
    /// model itself in a flight nobody joins when that one had nothing to share. A `refresh`
    /// request always asks the model itself (an identical request in flight may be answering from
    /// the store), in a flight nobody joins.
    func start(_ key: String, mode: CacheMode, context: RequestContext) async throws -> Start {
        if mode == .refresh { return lead(CacheFlight()) }
        let (flight, leads) = flights.withLockedValue { flights in
            if let flight = flights[key] { return (flight, false) }
            let flight = CacheFlight()
            flights[key] = flight
            return (flight, true)
        }
        if !leads {
            guard let answer = try await follow(flight, context: context) else { return lead(CacheFlight()) }
            count("shared")
            return .answer(answer, shared: true)
        }
        if let answer = await read(key) {
            land(key, flight, answer)
            count("hit")
            return .answer(answer, shared: false)
        }
        return lead(flight)
    }

    private func lead(_ flight: CacheFlight) -> Start {
        count("miss")
        return .lead(flight)
    }

    /// Waits for the identical request in flight, within the request's deadline; its answer, or
    /// nil when it had none to share.
    private func follow(_ flight: CacheFlight, context: RequestContext) async throws -> CachedAnswer? {
        let answer = await flight.wait(until: context.deadline)
        if answer == nil {
            if Task.isCancelled { throw LLMError.cancelled() }
            if let deadline = context.deadline, deadline <= .now {
                throw LLMError(
                    code: .timeout, message: "the deadline passed while an identical request was answered",
                    hint: "give the request a longer deadline", requestId: context.requestId)
            }
        }
        return answer
    }

    /// Ends a leader's flight: stores `answer` (when there is one to keep), then shares it with
    /// the waiters, so a request arriving after the flight finds it in the store.
    func finish(_ key: String, _ flight: CacheFlight, _ answer: CachedAnswer?) async {
        if let answer { await save(answer, for: key) }
        land(key, flight, answer)
    }

    /// How many requests wait for an identical one in flight (tests wait for it to grow).
    package var waiting: Int {
        flights.withLockedValue { $0.values.reduce(0) { $0 + $1.waiting } }
    }

    /// Ends the flight of `key`, sharing `answer` with its waiters.
    private func land(_ key: String, _ flight: CacheFlight, _ answer: CachedAnswer?) {
        flights.withLockedValue { flights in
            if flights[key] === flight { flights[key] = nil }
        }
        flight.finish(answer)
    }

    /// The storable form of `response`, or nil when it is not one to keep (stopped by a content
    /// filter, or without an end).
    func storable(_ response: LLMResponse) -> CachedAnswer? {
        guard let reason = response.finishReason, reason != .contentFilter,
            response.contentFilterResults.filteredCategories.isEmpty,
            response.promptFilterResults.filteredCategories.isEmpty
        else { return nil }
        return CachedAnswer(response)
    }

    /// Stores `answer` under `key` unless it is larger than ``Configuration/maxEntryBytes``.
    private func save(_ answer: CachedAnswer, for key: String) async {
        let bytes = answer.bytes
        guard bytes.count <= configuration.maxEntryBytes else { return }
        let (store, ttl) = (self.store, configuration.ttl)
        if await guarded({ try await store.store(bytes, for: key, ttl: ttl) }) != nil {
            bytesWritten.increment(by: Int64(bytes.count))
        }
    }

    /// Counts a request's result (`hit`, `shared`, `miss`, `bypass`).
    func count(_ result: String) {
        requests[result]?.increment()
    }

    /// The answer stored under `key`, if any (a damaged or foreign value is a miss).
    private func read(_ key: String) async -> CachedAnswer? {
        let store = self.store
        guard let bytes = await guarded({ try await store.value(for: key) }) ?? nil else { return nil }
        bytesRead.increment(by: Int64(bytes.count))
        return CachedAnswer(bytes: bytes)
    }

    /// Runs a store operation within the store timeout; nil when it failed (said once per outage).
    private func guarded<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async -> T? {
        do {
            let limit = configuration.storeTimeout
            let value = try await withTimeLimit(
                limit, timeout: { LLMError(code: .timeout, message: "the store did not answer within \(limit)") },
                operation)
            if storeDown.withLockedValue({ down in
                defer { down = false }
                return down
            }) {
                configuration.logger.info(
                    "response cache store answers again", metadata: ["llm.cache": "\(configuration.name)"])
            }
            return value
        } catch {
            storeErrors.increment()
            if storeDown.withLockedValue({ down in
                defer { down = true }
                return !down
            }) {
                configuration.logger.warning(
                    "response cache store unavailable; answering every request online",
                    metadata: [
                        "llm.cache": "\(configuration.name)",
                        "llm.error": "\(String(String(describing: error).prefix(300)))",
                    ])
            }
            return nil
        }
    }
}
