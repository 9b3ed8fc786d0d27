import Foundation

/// Keeps thread records in this process (tests, short-lived tools).
public actor InMemoryThreadStore: ThreadStore {
    private var byId: [String: ThreadRecord] = [:]

    /// Creates an empty store.
    public init() {}

    /// Stores the records whose ids are new.
    public func insert(_ records: [ThreadRecord]) {
        for record in records where byId[record.id] == nil { byId[record.id] = record }
    }

    /// The lineage's records, by time, then id.
    public func records(lineage: String) -> [ThreadRecord] {
        byId.values.filter { $0.lineageId == lineage }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    /// The records of the lineage that holds `id`.
    public func records(lineageOf id: String) -> [ThreadRecord] {
        byId[id].map { records(lineage: $0.lineageId) } ?? []
    }

    /// Whether `id` is stored.
    public func contains(_ id: String) -> Bool { byId[id] != nil }

    /// Removes the lineage's records.
    public func deleteLineage(_ lineage: String) {
        byId = byId.filter { $0.value.lineageId != lineage }
    }
}
