public import Foundation
public import LLMCore

/// One stored version, as every ``ThreadStore`` keeps it: what the version added to its parent,
/// not the whole history. A version costs its own new messages' JSON plus about 250 bytes of ids,
/// time and change; the system prompt and configuration are stored only by the version that set
/// them (nil: the parent's).
public struct ThreadRecord: Sendable, Hashable {
    /// The version's id (lower-case UUID).
    public var id: String
    /// The lineage's id.
    public var lineageId: String
    /// The parent's id, nil for the first version.
    public var parentId: String?
    /// Seconds since 1970.
    public var createdAt: Double
    /// The change, as canonical JSON.
    public var change: String
    /// How many of the parent's messages the version keeps (the rest of its history is `added`).
    public var base: Int
    /// The messages the version added, as a canonical JSON array.
    public var added: String
    /// `{"system": …}` when the version set the system prompt (nil: the parent's).
    public var systemPrompt: String?
    /// The configuration as canonical JSON when the version set it (nil: the parent's).
    public var configuration: String?

    /// Creates a record.
    public init(
        id: String, lineageId: String, parentId: String?, createdAt: Double, change: String, base: Int, added: String,
        systemPrompt: String?, configuration: String?
    ) {
        self.id = id
        self.lineageId = lineageId
        self.parentId = parentId
        self.createdAt = createdAt
        self.change = change
        self.base = base
        self.added = added
        self.systemPrompt = systemPrompt
        self.configuration = configuration
    }

    /// The record of a version.
    public init(_ thread: ChatThread) {
        let base = thread.messageVersions.firstIndex(of: thread.id) ?? thread.messages.count
        let settings = thread.inheritsSettings && thread.parentId != nil
        self.init(
            id: Self.key(thread.id), lineageId: Self.key(thread.lineageId), parentId: thread.parentId.map(Self.key),
            createdAt: thread.createdAt.timeIntervalSince1970, change: ThreadCodec.encode(thread.change).jsonString,
            base: base, added: JSONValue.array(thread.messages[base...].map(ThreadCodec.encode)).jsonString,
            systemPrompt: settings
                ? nil : JSONValue.object(["system": thread.systemPrompt.map(JSONValue.string) ?? .null]).jsonString,
            configuration: settings ? nil : ThreadCodec.encode(thread.configuration).jsonString)
    }

    /// A UUID as stored: lower case.
    public static func key(_ id: UUID) -> String { id.uuidString.lowercased() }

    /// The versions of one lineage's records (in the records' order), each rebuilt from its
    /// ancestors.
    /// - Throws: `decoding` when a record is damaged or its parent is missing.
    public static func threads(from records: [ThreadRecord]) throws(LLMError) -> [ChatThread] {
        let byId = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var built: [String: ChatThread] = [:]
        for record in records {
            // The chain of records up to one already built (or the root), then built downwards.
            var chain: [ThreadRecord] = []
            var next: ThreadRecord? = record
            while let current = next, built[current.id] == nil {
                chain.append(current)
                guard chain.count <= records.count else { throw ThreadCodec.corrupt("the versions form a cycle") }
                guard let parent = current.parentId else { break }
                guard let parentRecord = byId[parent] else {
                    throw ThreadCodec.corrupt("the parent \(parent) of version \(current.id) is not stored")
                }
                next = parentRecord
            }
            for current in chain.reversed() {
                built[current.id] = try thread(current, parent: current.parentId.flatMap { built[$0] })
            }
        }
        return records.compactMap { built[$0.id] }
    }

    private static func thread(_ record: ThreadRecord, parent: ChatThread?) throws(LLMError) -> ChatThread {
        guard let id = UUID(uuidString: record.id), let lineage = UUID(uuidString: record.lineageId) else {
            throw ThreadCodec.corrupt("a version id is not a UUID")
        }
        let added: [ChatMessage]
        do {
            guard let array = try JSONValue(parsing: record.added).arrayValue else {
                throw ThreadCodec.corrupt("version \(record.id)'s messages are not a list")
            }
            added = try array.map { value throws(LLMError) in try ThreadCodec.message(value) }
        } catch let error as LLMError {
            throw error
        } catch {
            throw ThreadCodec.corrupt("version \(record.id)'s messages are not JSON")
        }
        let inherited = parent?.messages ?? []
        guard record.base >= 0, record.base <= inherited.count else {
            throw ThreadCodec.corrupt(
                "version \(record.id) keeps \(record.base) of its parent's \(inherited.count) messages")
        }
        // A damaged setting is an error, never silently the parent's.
        func setting(_ text: String?, _ name: String) throws(LLMError) -> JSONValue? {
            guard let text else { return nil }
            guard let value = try? JSONValue(parsing: text) else {
                throw ThreadCodec.corrupt("version \(record.id)'s \(name) is not JSON")
            }
            return value
        }
        let system =
            if let value = try setting(record.systemPrompt, "system prompt") {
                value["system"]?.stringValue
            } else {
                parent?.systemPrompt
            }
        let configuration =
            if let value = try setting(record.configuration, "configuration") {
                ThreadCodec.configuration(value)
            } else {
                parent?.configuration ?? ThreadConfiguration()
            }
        guard let change = try? JSONValue(parsing: record.change) else {
            throw ThreadCodec.corrupt("version \(record.id)'s change is not JSON")
        }
        return ChatThread(
            id: id, lineageId: lineage, parentId: record.parentId.flatMap(UUID.init(uuidString:)),
            createdAt: Date(timeIntervalSince1970: record.createdAt), change: try ThreadCodec.change(change),
            systemPrompt: system, messages: Array(inherited[..<record.base]) + added,
            messageVersions: Array((parent?.messageVersions ?? [])[..<record.base])
                + Array(repeating: id, count: added.count),
            configuration: configuration, inheritsSettings: record.systemPrompt == nil && record.configuration == nil)
    }
}
