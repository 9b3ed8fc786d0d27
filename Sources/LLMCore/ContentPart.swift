public import LLMMedia

/// One part of a message's content: text, an image, or audio.
public enum ContentPart: Sendable, Hashable {
    /// Text.
    case text(String)
    /// An image (vision input).
    case image(ImageInput)
    /// Audio input.
    case audio(AudioInput)

    /// The text, when this is a text part.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The media kind of this part.
    public var mediaType: MediaType {
        switch self {
        case .text: .text
        case .image: .image
        case .audio: .audio
        }
    }
}
