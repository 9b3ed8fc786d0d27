public import LLMThreads

/// A thread store that is a ``SQLThreadStore`` over one database's driver (`PostgresThreadStore`,
/// `SQLiteThreadStore`): every operation is the SQL store's.
public protocol SQLBackedThreadStore: ThreadStore, SQLBackedStore where Backing == SQLThreadStore {
    /// The SQL store it runs on.
    var store: SQLThreadStore { get }
}

extension SQLBackedThreadStore {
    /// See ``SQLThreadStore/insert(_:)``.
    public func insert(_ records: [ThreadRecord]) async throws { try await store.insert(records) }

    /// See ``SQLThreadStore/records(lineage:)``.
    public func records(lineage: String) async throws -> [ThreadRecord] { try await store.records(lineage: lineage) }

    /// See ``SQLThreadStore/records(lineageOf:)``.
    public func records(lineageOf id: String) async throws -> [ThreadRecord] {
        try await store.records(lineageOf: id)
    }

    /// See ``SQLThreadStore/contains(_:)``.
    public func contains(_ id: String) async throws -> Bool { try await store.contains(id) }

    /// See ``SQLThreadStore/deleteLineage(_:)``.
    public func deleteLineage(_ lineage: String) async throws { try await store.deleteLineage(lineage) }
}
