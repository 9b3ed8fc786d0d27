public import Foundation
import LLMCore

/// A lineage's versions as a tree: who continues whom, and a Mermaid drawing of it.
public struct ThreadTree: Sendable, Hashable {
    /// One version in the tree.
    public struct Node: Sendable, Hashable {
        /// The version's id.
        public var id: UUID
        /// Its parent's id (nil for the first version).
        public var parentId: UUID?
        /// What made it.
        public var change: ThreadChange
        /// When it was made.
        public var createdAt: Date
        /// How many messages its history holds.
        public var messageCount: Int
        /// What it added, in a few words (`user: Tell me a joke`).
        public var summary: String
    }

    /// Every version, oldest first.
    public let nodes: [Node]

    /// The tree of `versions` (one lineage's).
    public init(_ versions: [ChatThread]) {
        nodes = versions.map { version in
            Node(
                id: version.id, parentId: version.parentId, change: version.change, createdAt: version.createdAt,
                messageCount: version.messages.count, summary: Self.summary(of: version))
        }
    }

    /// The versions that continue `id`, oldest first.
    public func children(of id: UUID) -> [Node] {
        nodes.filter { $0.parentId == id }
    }

    /// The versions no other continues: the latest of each branch.
    public var leaves: [Node] {
        let parents = Set(nodes.compactMap(\.parentId))
        return nodes.filter { !parents.contains($0.id) }
    }

    /// Seed 001's lineage graph: a node per version (short id and what it added), an edge per
    /// parent labelled with the change.
    ///
    /// ```
    /// graph TD
    ///   v1b4e28ba["ChatThread\n1b4e28ba\ncreated"]
    ///   v7c9f3a10["ChatThread\n7c9f3a10\nuser: Tell me a joke"]
    ///   v1b4e28ba -->|"user message"| v7c9f3a10
    /// ```
    public func mermaid() -> String {
        let short = shortIds()
        var lines = ["graph TD"]
        for node in nodes {
            let name = short[node.id] ?? ThreadRecord.key(node.id)
            lines.append("  v\(name)[\"ChatThread\\n\(name)\\n\(Self.escaped(node.summary))\"]")
        }
        for node in nodes {
            guard let parent = node.parentId, let from = short[parent], let to = short[node.id] else { continue }
            lines.append("  v\(from) -->|\"\(Self.escaped(node.change.label))\"| v\(to)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The shortest prefix of the ids (at least 8 characters) that tells them apart.
    private func shortIds() -> [UUID: String] {
        let keys = nodes.map { ThreadRecord.key($0.id).replacingOccurrences(of: "-", with: "") }
        var length = 8
        while length < 32, Set(keys.map { $0.prefix(length) }).count < keys.count { length += 1 }
        return Dictionary(zip(nodes.map(\.id), keys.map { String($0.prefix(length)) }), uniquingKeysWith: { a, _ in a })
    }

    /// What a version added, in a few words.
    static func summary(of version: ChatThread) -> String {
        switch version.change {
        case .created:
            return version.systemPrompt.map { "created: " + clipped($0) } ?? "created"
        case .configured:
            return "configured" + (version.configuration.model.map { ": " + $0 } ?? "")
        case .message, .answer, .edited:
            guard let last = version.messages.last, version.messageVersions.last == version.id else {
                return version.change.label
            }
            let text = last.text.isEmpty ? last.toolCalls.map(\.name).joined(separator: ", ") : last.text
            let prefix = if case .edited(let index) = version.change { "edited \(index): " } else { "" }
            return prefix + "\(last.role.rawValue): " + clipped(text)
        }
    }

    private static func clipped(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= 32 ? flat : String(flat.prefix(31)) + "…"
    }

    /// Mermaid label text: quotes, bars and angle brackets as entity codes, so a message can
    /// neither end a label nor add HTML to a rendered graph.
    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "|", with: "#124;")
            .replacingOccurrences(of: "<", with: "#lt;").replacingOccurrences(of: ">", with: "#gt;")
    }
}
