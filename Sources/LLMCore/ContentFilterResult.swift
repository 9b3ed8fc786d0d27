/// A content filter's or safety classifier's verdict on one category (hate, sexual, violence,
/// self-harm, jailbreak, ...), in neutral terms: payload parsers map the provider's severities or
/// probabilities to `safe`, `low`, `medium` and `high`.
public struct ContentFilterResult: Sendable, Hashable {
    /// Whether this category caused content to be filtered.
    public var filtered: Bool
    /// The severity (`safe`, `low`, `medium`, `high`) for graded categories.
    public var severity: String?
    /// Whether it was detected, for detection categories (jailbreak, protected material).
    public var detected: Bool?

    /// Creates a category verdict.
    public init(filtered: Bool, severity: String? = nil, detected: Bool? = nil) {
        self.filtered = filtered
        self.severity = severity
        self.detected = detected
    }
}

/// Content filter verdicts by category name, for a prompt or an answer.
public typealias ContentFilterResults = [String: ContentFilterResult]

extension Dictionary where Key == String, Value == ContentFilterResult {
    /// The categories that caused filtering, sorted.
    public var filteredCategories: [String] {
        filter(\.value.filtered).keys.sorted()
    }
}
