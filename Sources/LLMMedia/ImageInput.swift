public import Foundation

/// An image to show a vision model: a remote URL, bytes in memory, or a local file read when sent.
///
/// ```swift
/// let a = ImageInput.url(URL(string: "https://example.com/cat.png")!)
/// let b = ImageInput.file("/tmp/chart.png", detail: .high)
/// let c = ImageInput.bytes(pngData)          // MIME type sniffed from the bytes
/// let d = ImageInput("https://example.com/x.jpg")  // URL or path, decided by the string
/// ```
public struct ImageInput: Sendable, Hashable {
    /// Where the image comes from.
    public enum Source: Sendable, Hashable {
        /// An `http(s)://` or `data:` URL, passed to the model as is.
        case url(URL)
        /// Bytes in memory; `mimeType` nil means it is sniffed from the bytes.
        case bytes(Data, mimeType: MIMEType?)
        /// A local file path, read and sniffed only when the request is built.
        case file(path: String)
    }

    /// The default largest image accepted from bytes or a file: 20 MB, OpenAI's and Azure's limit.
    public static let defaultMaxBytes = 20 * 1024 * 1024

    /// Where the image comes from.
    public var source: Source
    /// How closely the model looks; nil leaves it to the API default (`auto`).
    public var detail: ImageDetail?

    /// Creates an image input from a source.
    public init(source: Source, detail: ImageDetail? = nil) {
        self.source = source
        self.detail = detail
    }

    /// Creates an image input from a string: `http://`, `https://` and `data:` strings are URLs,
    /// anything else is a local file path (`~` is expanded).
    public init(_ urlOrPath: String, detail: ImageDetail? = nil) {
        let lower = urlOrPath.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("data:"),
            let url = URL(string: urlOrPath)
        {
            self.init(source: .url(url), detail: detail)
        } else {
            self.init(source: .file(path: (urlOrPath as NSString).expandingTildeInPath), detail: detail)
        }
    }

    /// An image at a remote URL.
    public static func url(_ url: URL, detail: ImageDetail? = nil) -> ImageInput {
        ImageInput(source: .url(url), detail: detail)
    }

    /// An image held in memory; the MIME type is sniffed from the bytes when not given.
    public static func bytes(_ data: Data, mimeType: MIMEType? = nil, detail: ImageDetail? = nil) -> ImageInput {
        ImageInput(source: .bytes(data, mimeType: mimeType), detail: detail)
    }

    /// An image in a local file, read when the request is sent.
    public static func file(_ path: String, detail: ImageDetail? = nil) -> ImageInput {
        ImageInput(source: .file(path: path), detail: detail)
    }

    /// The URL string to send: the remote URL as is, or a base64 `data:` URL for bytes and files.
    ///
    /// Bytes and files must be PNG, JPEG, GIF or WebP by their magic bytes (a file's name is not
    /// trusted) and at most `maxBytes`.
    /// - Throws: ``MediaError`` saying what is wrong with the image.
    public func resolvedURLString(maxBytes: Int = ImageInput.defaultMaxBytes) throws(MediaError) -> String {
        switch source {
        case .url(let url):
            let scheme = url.scheme?.lowercased()
            guard scheme == "http" || scheme == "https" || scheme == "data" else {
                throw .invalidURL(url.absoluteString)
            }
            if scheme == "data" {
                let parsed = try DataURL(parsing: url.absoluteString)
                _ = try Self.checkedImage(parsed.data, declared: parsed.mimeType, maxBytes: maxBytes)
            }
            return url.absoluteString
        case .bytes, .file:
            return try loadImage(maxBytes: maxBytes).description
        }
    }

    /// Reads the image bytes of a `bytes` or `file` source and checks their type and size.
    /// A `url` source has no local bytes unless it is a `data:` URL.
    /// - Throws: ``MediaError`` saying what is wrong with the image.
    public func loadImage(maxBytes: Int = ImageInput.defaultMaxBytes) throws(MediaError) -> DataURL {
        switch source {
        case .url(let url):
            guard url.scheme?.lowercased() == "data" else { throw .invalidURL(url.absoluteString) }
            let parsed = try DataURL(parsing: url.absoluteString)
            return try Self.checkedImage(parsed.data, declared: parsed.mimeType, maxBytes: maxBytes)
        case .bytes(let data, let mimeType):
            return try Self.checkedImage(data, declared: mimeType, maxBytes: maxBytes)
        case .file(let path):
            let data = try Self.readFile(path, maxBytes: maxBytes)
            return try Self.checkedImage(data, declared: nil, maxBytes: maxBytes)
        }
    }

    /// Reads a file, refusing one over `maxBytes` before reading it whole.
    static func readFile(_ path: String, maxBytes: Int) throws(MediaError) -> Data {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw .fileNotReadable(path: path, reason: "no such file or not accessible")
        }
        if (attributes[.type] as? FileAttributeType) == .typeDirectory {
            throw .fileNotReadable(path: path, reason: "it is a directory")
        }
        if let size = (attributes[.size] as? NSNumber)?.intValue, size > maxBytes {
            throw .tooLarge(bytes: size, limit: maxBytes)
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .fileNotReadable(path: path, reason: "read failed")
        }
    }

    /// Checks that bytes are a non-empty vision image under the limit; the sniffed type wins over a
    /// declared one.
    static func checkedImage(_ data: Data, declared: MIMEType?, maxBytes: Int) throws(MediaError) -> DataURL {
        guard !data.isEmpty else { throw .empty }
        guard data.count <= maxBytes else { throw .tooLarge(bytes: data.count, limit: maxBytes) }
        let sniffed = MIMESniffer.sniff(data)
        guard let sniffed, MIMEType.visionInputTypes.contains(sniffed) else {
            throw .unsupportedMediaType(
                detected: sniffed ?? declared.flatMap { $0.mediaType == .image ? nil : $0 },
                expected: [.png, .jpeg, .gif, .webp])
        }
        return DataURL(mimeType: sniffed, data: data)
    }
}
