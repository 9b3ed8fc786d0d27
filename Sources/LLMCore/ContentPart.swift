public import LLMMedia

/// One part of a message's content: text, an image, audio, a document, or the model's reasoning.
public enum ContentPart: Sendable, Hashable {
    /// Text.
    case text(String)
    /// An image (vision input).
    case image(ImageInput)
    /// Audio input.
    case audio(AudioInput)
    /// A document (PDF or plain text) for the model to read.
    case document(DocumentInput)
    /// The model's reasoning, in an assistant message: kept so it can be sent back (see ``Reasoning``).
    case reasoning(Reasoning)

    /// The text, when this is a text part.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The reasoning, when this is a reasoning part.
    public var reasoning: Reasoning? {
        if case .reasoning(let reasoning) = self { return reasoning }
        return nil
    }

    /// The media kind of this part (reasoning is text).
    public var mediaType: MediaType {
        switch self {
        case .text, .reasoning: .text
        case .image: .image
        case .audio: .audio
        case .document: .document
        }
    }
}
