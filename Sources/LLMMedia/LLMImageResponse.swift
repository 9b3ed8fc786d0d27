public import Foundation

/// The result of an image generation request.
public struct LLMImageResponse: Sendable, Hashable {
    /// The generated images, in order.
    public var images: [GeneratedImage]
    /// The model that drew them.
    public var model: String
    /// When the service created them.
    public var created: Date?
    /// Content-filter verdicts by category (`violence`: `safe`), when the service reports them.
    public var contentFilterResults: [String: String]
    /// The service's request id, for support tickets.
    public var requestId: String?

    /// Creates an image response.
    public init(
        images: [GeneratedImage], model: String, created: Date? = nil,
        contentFilterResults: [String: String] = [:], requestId: String? = nil
    ) {
        self.images = images
        self.model = model
        self.created = created
        self.contentFilterResults = contentFilterResults
        self.requestId = requestId
    }
}

/// A piece of a streamed image generation: a partial image, then the final one.
public struct LLMImageChunk: Sendable, Hashable {
    /// Which image of the request this belongs to.
    public var imageIndex: Int
    /// The partial image's ordinal (0, 1, ...), nil for the final image.
    public var partialIndex: Int?
    /// The image so far (partial) or the finished image.
    public var image: GeneratedImage
    /// Whether this is the finished image.
    public var isFinal: Bool

    /// Creates an image chunk.
    public init(imageIndex: Int = 0, partialIndex: Int? = nil, image: GeneratedImage, isFinal: Bool) {
        self.imageIndex = imageIndex
        self.partialIndex = partialIndex
        self.image = image
        self.isFinal = isFinal
    }
}
