public import Foundation

/// Audio given to a model as input (a chat message part or a transcription upload).
public struct AudioInput: Sendable, Hashable {
    /// The encoded audio.
    public var data: Data
    /// The audio format; sniffed from the bytes when created with ``init(data:)``.
    public var mimeType: MIMEType

    /// Creates audio input with a known type.
    public init(data: Data, mimeType: MIMEType) {
        self.data = data
        self.mimeType = mimeType
    }

    /// Creates audio input, sniffing the type from the bytes.
    /// - Throws: ``MediaError`` when the bytes are empty or not a known audio format.
    public init(data: Data) throws(MediaError) {
        guard !data.isEmpty else { throw .empty }
        guard let type = MIMESniffer.sniff(data), type.mediaType == .audio else {
            throw .unsupportedMediaType(detected: MIMESniffer.sniff(data), expected: [.wav, .mp3, .flac, .ogg])
        }
        self.init(data: data, mimeType: type)
    }

    /// Reads audio from a local file, sniffing its type from the bytes.
    /// - Throws: ``MediaError`` when the file cannot be read, is too large or is not audio.
    public init(contentsOfFile path: String, maxBytes: Int = 25 * 1024 * 1024) throws(MediaError) {
        try self.init(data: ImageInput.readFile(path, maxBytes: maxBytes))
    }

    /// The short format name of the audio (`wav`, `mp3`, ...), its usual file extension.
    public var format: String {
        mimeType.fileExtension ?? "wav"
    }
}
