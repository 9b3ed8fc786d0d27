/// A problem with media input, found before anything is sent.
public enum MediaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A data URL could not be parsed; `reason` says which part was wrong.
    case invalidDataURL(reason: String)
    /// A local file could not be read.
    case fileNotReadable(path: String, reason: String)
    /// The bytes are not one of the accepted media types; `detected` is what they look like, if anything.
    case unsupportedMediaType(detected: MIMEType?, expected: [MIMEType])
    /// The media is larger than the limit.
    case tooLarge(bytes: Int, limit: Int)
    /// The media is empty.
    case empty
    /// A remote URL that cannot be used as media input.
    case invalidURL(String)

    /// A sentence saying what was wrong and how to fix it.
    public var description: String {
        switch self {
        case .invalidDataURL(let reason):
            return "invalid data URL: \(reason); expected data:<mime>;base64,<data>"
        case .fileNotReadable(let path, let reason):
            return "cannot read media file '\(path)': \(reason)"
        case .unsupportedMediaType(let detected, let expected):
            let found = detected.map { "looks like \($0)" } ?? "is not a recognised media format"
            return "the media \(found); expected one of \(expected.map(\.rawValue).joined(separator: ", "))"
        case .tooLarge(let bytes, let limit):
            return "the media is \(bytes) bytes, over the limit of \(limit) bytes; resize or compress it"
        case .empty:
            return "the media is empty (0 bytes)"
        case .invalidURL(let url):
            return "'\(url)' is not a usable media URL; use an http(s) or data: URL, or a file path"
        }
    }
}
