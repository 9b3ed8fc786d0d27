import Foundation

/// The spellings of one model id: a provider's dated snapshots and version suffixes, Bedrock's
/// inference profiles and ARNs, reduced to one key so that a catalog profile is found under any of
/// them.
enum ModelID {
    /// Bedrock's geographic inference-profile prefixes.
    static let geographicPrefixes = ["us.", "eu.", "apac.", "global.", "us-gov.", "jp.", "au.", "ca."]

    /// The keys to look `id` up by, most specific first: its key with the geographic prefix, then
    /// without it.
    static func keys(_ id: String) -> [String] {
        let key = key(id)
        guard let prefix = geographicPrefixes.first(where: key.hasPrefix) else { return [key] }
        return [key, String(key.dropFirst(prefix.count))]
    }

    /// `id` lower-cased, without an ARN's resource path (`arn:aws:bedrock:REGION:ACCOUNT:
    /// inference-profile/ID` becomes `ID`), and without trailing dates and versions
    /// (`-20251001`, `-2025-04-14`, `-v1:0`, `-latest`, `-preview`, `-09-2025`).
    static func key(_ id: String) -> String {
        var text = id.lowercased()
        if text.hasPrefix("arn:"), let slash = text.lastIndex(of: "/") {
            text = String(text[text.index(after: slash)...])
        }
        while let stripped = strippingSuffix(text) { text = stripped }
        return text
    }

    /// `text` without one trailing date or version, or nil when it ends in none.
    private static func strippingSuffix(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count > 1, let last = parts.last else { return nil }
        let digits = last.allSatisfy(\.isASCIIDigit)
        // -20251001 (a model's own revisions, -001 and -002, are not one model: kept)
        if digits && last.count == 8 { return drop(parts, 1) }
        // -2025-04-14 (and -09-2025, -06-17: a month and a year or day after a preview)
        if digits, parts.count > 2, parts[parts.count - 2].allSatisfy(\.isASCIIDigit) {
            let middle = parts[parts.count - 2]
            if last.count == 2 && middle.count == 2, parts.count > 3, parts[parts.count - 3].count == 4,
                parts[parts.count - 3].allSatisfy(\.isASCIIDigit)
            {
                return drop(parts, 3)
            }
            if middle.count == 2 && (last.count == 4 || last.count == 2) { return drop(parts, 2) }
        }
        // -v1:0, -v2
        if last.first == "v", last.count > 1,
            last.dropFirst().allSatisfy({ $0.isASCIIDigit || $0 == ":" }), last.dropFirst().first?.isASCIIDigit == true
        {
            return drop(parts, 1)
        }
        if last == "latest" || last == "preview" { return drop(parts, 1) }
        return nil
    }

    private static func drop(_ parts: [Substring], _ count: Int) -> String {
        parts.dropLast(count).joined(separator: "-")
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
