public import Foundation

/// A document to show a model: a PDF (a remote URL, bytes in memory, or a local file read when
/// sent) or plain text.
///
/// ```swift
/// let report = DocumentInput.file("/tmp/q3.pdf", title: "Q3 report")
/// let notes = DocumentInput.text("Meeting notes: ...", title: "Notes")
/// ```
public struct DocumentInput: Sendable, Hashable {
    /// Where the document comes from.
    public enum Source: Sendable, Hashable {
        /// An `https://` URL the service fetches itself.
        case url(URL)
        /// PDF bytes in memory.
        case bytes(Data)
        /// A local PDF file, read and checked only when the request is built.
        case file(path: String)
        /// Plain text.
        case text(String)
    }

    /// The default largest document read from bytes or a file: 32 MB.
    public static let defaultMaxBytes = 32 * 1024 * 1024

    /// Where the document comes from.
    public var source: Source
    /// A title the model sees with the document.
    public var title: String?

    /// Creates a document input.
    public init(source: Source, title: String? = nil) {
        self.source = source
        self.title = title
    }

    /// A PDF at a remote URL.
    public static func url(_ url: URL, title: String? = nil) -> DocumentInput {
        DocumentInput(source: .url(url), title: title)
    }

    /// PDF bytes in memory.
    public static func bytes(_ data: Data, title: String? = nil) -> DocumentInput {
        DocumentInput(source: .bytes(data), title: title)
    }

    /// A local PDF file, read when the request is sent.
    public static func file(_ path: String, title: String? = nil) -> DocumentInput {
        DocumentInput(source: .file(path: path), title: title)
    }

    /// Plain text.
    public static func text(_ text: String, title: String? = nil) -> DocumentInput {
        DocumentInput(source: .text(text), title: title)
    }

    /// The PDF bytes of a `bytes` or `file` source, checked by their magic bytes (`%PDF-`) and size.
    /// - Throws: ``MediaError`` saying what is wrong with the document.
    public func loadPDF(maxBytes: Int = DocumentInput.defaultMaxBytes) throws(MediaError) -> Data {
        let data: Data
        switch source {
        case .bytes(let bytes): data = bytes
        case .file(let path): data = try ImageInput.readFile(path, maxBytes: maxBytes)
        case .url(let url): throw .invalidURL(url.absoluteString)
        case .text: throw .unsupportedMediaType(detected: .plainText, expected: [.pdf])
        }
        guard !data.isEmpty else { throw .empty }
        guard data.count <= maxBytes else { throw .tooLarge(bytes: data.count, limit: maxBytes) }
        let sniffed = MIMESniffer.sniff(data)
        guard sniffed == .pdf else { throw .unsupportedMediaType(detected: sniffed, expected: [.pdf]) }
        return data
    }
}
