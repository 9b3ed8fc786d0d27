/// A kind of media a model can take as input or produce as output.
public enum MediaType: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Plain or structured text.
    case text
    /// Still images (PNG, JPEG, GIF, WebP).
    case image
    /// Audio (WAV, MP3, ...).
    case audio
    /// Video (MP4, MOV, WebM).
    case video
    /// Documents (PDF, plain text) read by the model.
    case document

    /// Orders media types in declaration order (text, image, audio, video, document), so lists read stably.
    public static func < (lhs: MediaType, rhs: MediaType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
