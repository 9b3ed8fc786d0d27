public import Foundation
import LLMCore

/// Where thread versions are kept: in memory, SQLite (`SQLiteThreadStore`, the embedded default) or
/// PostgreSQL (`PostgresThreadStore`, for many replicas).
///
/// A store keeps ``ThreadRecord``s (each version's additions, not its whole history) and never
/// changes or removes one but by ``deleteLineage(_:)``: saving is idempotent by id, and two writers
/// continuing the same parent at once both succeed as two branches. Every store returns the same
/// versions, byte for byte, through the shared operations of its extension.
public protocol ThreadStore: Sendable {
    /// Stores records whose ids are not stored yet (one that is, is left as it is).
    func insert(_ records: [ThreadRecord]) async throws
    /// Every record of a lineage, ordered by time, then id.
    func records(lineage: String) async throws -> [ThreadRecord]
    /// Every record of the lineage that holds version `id` (empty when it is not stored).
    func records(lineageOf id: String) async throws -> [ThreadRecord]
    /// Whether version `id` is stored.
    func contains(_ id: String) async throws -> Bool
    /// Removes every version of a lineage.
    func deleteLineage(_ lineage: String) async throws
}

extension ThreadStore {
    /// Saves versions, parents first (idempotent by id).
    /// - Throws: `invalidRequest` when a version's parent is neither stored nor among `versions`.
    public func save(_ versions: [ChatThread]) async throws {
        var known = Set(versions.map(\.id))
        for version in versions {
            guard let parent = version.parentId, !known.contains(parent) else { continue }
            guard try await contains(ThreadRecord.key(parent)) else {
                throw LLMError.invalid(
                    "versions", "version \(version.id) continues \(parent), which is not stored",
                    hint: "save the parent first (or with it)")
            }
            known.insert(parent)
        }
        // Parents before children, so a reader never sees a version whose parent is missing.
        var pending = versions
        var ordered: [ChatThread] = []
        while !pending.isEmpty {
            let waiting = Set(pending.map(\.id))
            let ready = pending.filter { $0.parentId.map { !waiting.contains($0) } ?? true }
            guard !ready.isEmpty else { throw LLMError.invalid("versions", "the versions form a cycle") }
            ordered += ready
            let readyIds = Set(ready.map(\.id))
            pending.removeAll { readyIds.contains($0.id) }
        }
        try await insert(ordered.map(ThreadRecord.init))
    }

    /// Saves one version.
    public func save(_ version: ChatThread) async throws {
        try await save([version])
    }

    /// The version `id`, or nil.
    public func version(_ id: UUID) async throws -> ChatThread? {
        let records = try await records(lineageOf: ThreadRecord.key(id))
        return try ThreadRecord.threads(from: records).first { $0.id == id }
    }

    /// Every version of a lineage, oldest first.
    public func versions(lineage: UUID) async throws -> [ChatThread] {
        try ThreadRecord.threads(from: try await records(lineage: ThreadRecord.key(lineage)))
    }

    /// The latest version of each branch (the versions no other continues), oldest first.
    public func branches(lineage: UUID) async throws -> [ChatThread] {
        let all = try await versions(lineage: lineage)
        let parents = Set(all.compactMap(\.parentId))
        return all.filter { !parents.contains($0.id) }
    }

    /// The newest version of the lineage's branches (what "continue this thread" continues).
    public func latest(lineage: UUID) async throws -> ChatThread? {
        try await branches(lineage: lineage).last
    }

    /// The version tree of a lineage.
    public func tree(lineage: UUID) async throws -> ThreadTree {
        ThreadTree(try await versions(lineage: lineage))
    }

    /// Removes every version of a lineage.
    public func deleteLineage(_ lineage: UUID) async throws {
        try await deleteLineage(ThreadRecord.key(lineage))
    }
}
