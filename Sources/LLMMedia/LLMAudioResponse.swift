public import Foundation

/// Generated audio, whole.
public struct LLMAudioResponse: Sendable, Hashable {
    /// The encoded audio.
    public var data: Data
    /// Its MIME type (sniffed from the bytes when the service did not say).
    public var mimeType: MIMEType
    /// The model that spoke it.
    public var model: String
    /// The service's request id.
    public var requestId: String?

    /// Creates an audio response.
    public init(data: Data, mimeType: MIMEType, model: String, requestId: String? = nil) {
        self.data = data
        self.mimeType = mimeType
        self.model = model
        self.requestId = requestId
    }
}

/// A piece of streamed audio, in arrival order.
public struct LLMAudioChunk: Sendable, Hashable {
    /// The bytes of this piece; concatenated in order they form the audio file.
    public var data: Data
    /// The MIME type of the whole stream.
    public var mimeType: MIMEType
    /// Whether this is the last piece.
    public var isFinal: Bool

    /// Creates an audio chunk.
    public init(data: Data, mimeType: MIMEType, isFinal: Bool) {
        self.data = data
        self.mimeType = mimeType
        self.isFinal = isFinal
    }
}
