public import LLMCore

extension ModelCatalog {
    /// The profile of a typed catalog name (every member of ``CatalogModel`` has one; any other
    /// id gets its API's defaults, as ``metadata(for:provider:style:)`` gives).
    public static func metadata(_ model: CatalogModel) -> ModelMetadata {
        metadata(named: model.rawValue) ?? metadata(for: model.rawValue)
    }

    /// The profile of `name` under any of its spellings (``metadata(named:)``).
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`, parameter `model`) naming the
    ///   nearest names the catalog knows, for a name it has no profile of. (An id the catalog does
    ///   not know still works through ``metadata(for:provider:style:)``.)
    public static func require(named name: String) throws(LLMError) -> ModelMetadata {
        if let found = metadata(named: name) { return found }
        let nearest = nearestNames(to: name)
        throw LLMError(
            code: .invalidConfiguration, message: "the catalog has no model named '\(name)'",
            hint: "did you mean \(nearest.map { "'\($0)'" }.joined(separator: ", "))? (`llm models` lists them; "
                + "any other id works through ModelCatalog.metadata(for:provider:))",
            parameter: "model")
    }

    /// The catalog's names closest to `name` by edit distance (case-insensitive), nearest first.
    static func nearestNames(to name: String, count: Int = 3) -> [String] {
        let wanted = Array(name.lowercased().utf8)
        var scored: [(name: String, distance: Int)] = []
        for known in all.map(\.name) {
            scored.append((known, editDistance(wanted, Array(known.lowercased().utf8))))
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
        return scored.prefix(count).map(\.name)
    }

    /// The Levenshtein distance of two byte strings.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
