/// What a shared store does while its database is slow or down.
public enum StoreFailureMode: String, Sendable, Hashable, CaseIterable {
    /// Falls back to this process's own buckets, pauses and cooldowns (the default): requests go
    /// on, each replica limited by itself until the database answers again.
    case local
    /// Admits every request (no limit) until the database answers again.
    case open
    /// Admits nothing until the database answers again: requests wait, within their deadline.
    case closed
}
