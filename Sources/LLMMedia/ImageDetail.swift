/// How closely a vision model looks at an image (OpenAI's `detail`): fewer tokens at `low`.
public enum ImageDetail: String, Sendable, Hashable, Codable, CaseIterable {
    /// A 512x512 overview; a fixed, small token cost.
    case low
    /// Full resolution tiles; more tokens.
    case high
    /// The model chooses (the API default).
    case auto
}
