/// A request to generate images from a prompt (DALL-E 3, gpt-image-1, ...).
///
/// Fields left nil use the model's default; each model class validates what it accepts.
public struct ImageGenerationRequest: Sendable, Hashable {
    /// How a generated image is returned.
    public enum ResponseFormat: String, Sendable, Hashable, CaseIterable {
        /// A temporary URL (DALL-E only); it expires.
        case url
        /// Base64-encoded bytes, decoded into ``GeneratedImage/data``.
        case base64
    }

    /// What to draw.
    public var prompt: String
    /// Image size as `WIDTHxHEIGHT`, for example `1024x1024`.
    public var size: String?
    /// Quality, for example `standard`/`hd` (DALL-E 3) or `low`/`medium`/`high` (gpt-image-1).
    public var quality: String?
    /// Style, `vivid` or `natural` (DALL-E 3).
    public var style: String?
    /// Number of images.
    public var n: Int?
    /// URL or base64 result.
    public var responseFormat: ResponseFormat?
    /// Output encoding, for example `png`, `jpeg`, `webp` (gpt-image-1).
    public var outputFormat: String?
    /// Partial images to stream before the final one (gpt-image-1 streaming), 0...3.
    public var partialImages: Int?
    /// An end-user id for abuse monitoring.
    public var user: String?

    /// Creates an image generation request.
    public init(
        prompt: String, size: String? = nil, quality: String? = nil, style: String? = nil, n: Int? = nil,
        responseFormat: ResponseFormat? = nil, outputFormat: String? = nil, partialImages: Int? = nil,
        user: String? = nil
    ) {
        self.prompt = prompt
        self.size = size
        self.quality = quality
        self.style = style
        self.n = n
        self.responseFormat = responseFormat
        self.outputFormat = outputFormat
        self.partialImages = partialImages
        self.user = user
    }
}
