import NIOConcurrencyHelpers

/// Answers in this process's memory, bounded by bytes: the least recently used go first when a
/// new one would pass ``maxBytes``, and an expired one is dropped when read.
///
/// ```swift
/// let cache = ResponseCache(store: InMemoryResponseCacheStore(maxBytes: 64 << 20))
/// ```
public final class InMemoryResponseCacheStore: ResponseCacheStore {
    /// The most bytes the stored values (with their keys) take.
    public let maxBytes: Int
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state = NIOLockedValueBox(State())

    private struct Entry {
        var value: [UInt8]
        var expires: ContinuousClock.Instant
        /// Its place in the recency order: higher is more recent.
        var used: UInt64
        var bytes: Int
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// The keys by recency (`used`), oldest first.
        var order: [UInt64: String] = [:]
        var oldest: UInt64 = 0
        var clock: UInt64 = 0
        var bytes = 0

        mutating func remove(_ key: String) {
            guard let entry = entries.removeValue(forKey: key) else { return }
            order[entry.used] = nil
            bytes -= entry.bytes
        }

        mutating func touch(_ key: String) {
            guard var entry = entries[key] else { return }
            order[entry.used] = nil
            clock += 1
            entry.used = clock
            order[clock] = key
            entries[key] = entry
        }

        /// Drops the least recently used until `needed` more bytes fit under `limit`.
        mutating func evict(toFit needed: Int, under limit: Int) {
            while bytes + needed > limit, !entries.isEmpty {
                while order[oldest] == nil, oldest < clock { oldest += 1 }
                guard let key = order[oldest] else { return }
                remove(key)
            }
        }
    }

    /// A store of at most `maxBytes` (64 MiB by default; at least 1). `now` is the clock that ages
    /// entries (tests inject their own).
    public init(
        maxBytes: Int = 64 << 20, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.maxBytes = max(1, maxBytes)
        self.now = now
    }

    /// How many values are stored (expired ones not yet read included).
    public var count: Int { state.withLockedValue { $0.entries.count } }

    /// The bytes the stored values and keys take.
    public var bytes: Int { state.withLockedValue { $0.bytes } }

    /// The value under `key` unless it expired (an expired one is dropped); it becomes the most
    /// recently used.
    public func value(for key: String) async throws -> [UInt8]? {
        let now = now()
        return state.withLockedValue { state in
            guard let entry = state.entries[key] else { return nil }
            guard entry.expires > now else {
                state.remove(key)
                return nil
            }
            state.touch(key)
            return entry.value
        }
    }

    /// Stores `value` under `key` for `ttl`, dropping the least recently used values until it fits;
    /// a value larger than ``maxBytes`` is not kept.
    public func store(_ value: [UInt8], for key: String, ttl: Duration) async throws {
        let bytes = value.count + key.utf8.count
        let expires = now() + ttl
        state.withLockedValue { state in
            state.remove(key)
            // A value larger than the whole store is not kept (nor does it empty the store).
            guard bytes <= maxBytes else { return }
            state.evict(toFit: bytes, under: maxBytes)
            state.clock += 1
            state.entries[key] = Entry(value: value, expires: expires, used: state.clock, bytes: bytes)
            state.order[state.clock] = key
            state.bytes += bytes
        }
    }

    /// Removes the value under `key`.
    public func removeValue(for key: String) async throws {
        state.withLockedValue { $0.remove(key) }
    }
}
