public import Foundation

/// One generated image: its bytes, or a URL that expires.
public struct GeneratedImage: Sendable, Hashable {
    /// The decoded bytes, when the result was base64.
    public var data: Data?
    /// The MIME type of ``data`` (sniffed), or the expected type of the URL.
    public var mimeType: MIMEType?
    /// A temporary URL, when the result was a URL.
    public var url: URL?
    /// When ``url`` stops working, if known (Azure and OpenAI keep them about an hour).
    public var expiresAt: Date?
    /// The prompt as the service rewrote it before drawing (DALL-E 3).
    public var revisedPrompt: String?

    /// Creates a generated image.
    public init(
        data: Data? = nil, mimeType: MIMEType? = nil, url: URL? = nil, expiresAt: Date? = nil,
        revisedPrompt: String? = nil
    ) {
        self.data = data
        self.mimeType = mimeType
        self.url = url
        self.expiresAt = expiresAt
        self.revisedPrompt = revisedPrompt
    }
}
