/// A MIME type such as `image/png`, compared case-insensitively.
public struct MIMEType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The lower-cased type string, for example `image/png`.
    public let rawValue: String

    /// Creates a MIME type from a string; it is lower-cased and parameters (`;charset=...`) are kept.
    public init(rawValue: String) {
        self.rawValue = rawValue.lowercased()
    }

    /// Creates a MIME type from a string literal.
    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    /// The type without parameters, for example `image/png` for `image/png; foo=bar`.
    public var essence: String {
        String(rawValue.split(separator: ";", maxSplits: 1).first ?? "")
            .trimmingCharacters(in: .whitespaces)
    }

    /// The media kind this type belongs to, from its top-level type.
    public var mediaType: MediaType? {
        if essence.hasPrefix("image/") { return .image }
        if essence.hasPrefix("audio/") { return .audio }
        if essence.hasPrefix("video/") { return .video }
        if essence == "application/pdf" { return .document }
        if essence.hasPrefix("text/") || essence == "application/json" { return .text }
        return nil
    }

    /// The usual file extension for this type, without a dot.
    public var fileExtension: String? {
        switch essence {
        case "image/png": "png"
        case "image/jpeg": "jpg"
        case "image/gif": "gif"
        case "image/webp": "webp"
        case "audio/wav": "wav"
        case "audio/mpeg": "mp3"
        case "audio/flac": "flac"
        case "audio/aac": "aac"
        case "audio/ogg": "ogg"
        case "audio/pcm": "pcm"
        case "video/mp4": "mp4"
        case "video/quicktime": "mov"
        case "video/webm": "webm"
        case "application/pdf": "pdf"
        default: nil
        }
    }

    /// The raw string.
    public var description: String { rawValue }

    /// `image/png`
    public static let png: MIMEType = "image/png"
    /// `image/jpeg`
    public static let jpeg: MIMEType = "image/jpeg"
    /// `image/gif`
    public static let gif: MIMEType = "image/gif"
    /// `image/webp`
    public static let webp: MIMEType = "image/webp"
    /// `audio/wav`
    public static let wav: MIMEType = "audio/wav"
    /// `audio/mpeg` (MP3)
    public static let mp3: MIMEType = "audio/mpeg"
    /// `audio/flac`
    public static let flac: MIMEType = "audio/flac"
    /// `audio/aac`
    public static let aac: MIMEType = "audio/aac"
    /// `audio/ogg` (Opus in Ogg)
    public static let ogg: MIMEType = "audio/ogg"
    /// `audio/pcm` (raw 16-bit little-endian samples)
    public static let pcm: MIMEType = "audio/pcm"
    /// `video/mp4`
    public static let mp4: MIMEType = "video/mp4"
    /// `video/quicktime` (MOV)
    public static let quickTime: MIMEType = "video/quicktime"
    /// `video/webm`
    public static let webm: MIMEType = "video/webm"
    /// `application/pdf`
    public static let pdf: MIMEType = "application/pdf"
    /// `text/plain`
    public static let plainText: MIMEType = "text/plain"
    /// `application/octet-stream`, for bytes of unknown type.
    public static let octetStream: MIMEType = "application/octet-stream"

    /// The image types chat models accept as vision input.
    public static let visionInputTypes: Set<MIMEType> = [.png, .jpeg, .gif, .webp]
}
