public import Foundation

/// An RFC 2397 `data:` URL holding media bytes inline, as chat APIs accept images.
public struct DataURL: Sendable, Hashable, CustomStringConvertible {
    /// The media type.
    public var mimeType: MIMEType
    /// The decoded bytes.
    public var data: Data

    /// Creates a data URL from bytes and their type.
    public init(mimeType: MIMEType, data: Data) {
        self.mimeType = mimeType
        self.data = data
    }

    /// Parses `data:<mime>[;params][;base64],<payload>`. Base64 and percent-encoded payloads are accepted.
    /// - Throws: ``MediaError/invalidDataURL(reason:)`` naming the part that is wrong.
    public init(parsing string: String) throws(MediaError) {
        guard string.count >= 5, string.prefix(5).lowercased() == "data:" else {
            throw .invalidDataURL(reason: "it does not start with 'data:'")
        }
        guard let comma = string.firstIndex(of: ",") else {
            throw .invalidDataURL(reason: "there is no ',' before the payload")
        }
        let header = string[string.index(string.startIndex, offsetBy: 5)..<comma]
        let payload = string[string.index(after: comma)...]
        var parameters = header.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let isBase64 = parameters.last?.lowercased() == "base64"
        if isBase64 { parameters.removeLast() }
        let type = parameters.joined(separator: ";").isEmpty ? "text/plain" : parameters.joined(separator: ";")
        // `data:base64,...` has no type at all: it is text/plain, like `data:,...`.
        if let first = parameters.first, !first.isEmpty, !first.contains("/") {
            throw .invalidDataURL(reason: "'\(type)' is not a MIME type")
        }
        if isBase64 {
            let normalised = Self.normalisedBase64(payload)
            guard let decoded = Data(base64Encoded: normalised), decoded.base64EncodedString() == normalised else {
                throw .invalidDataURL(reason: "the payload is not valid base64")
            }
            self.data = decoded
        } else {
            guard let text = String(payload).removingPercentEncoding else {
                throw .invalidDataURL(reason: "the payload has invalid percent-encoding")
            }
            self.data = Data(text.utf8)
        }
        self.mimeType = MIMEType(rawValue: type)
    }

    /// The URL string, `data:<mime>;base64,<payload>`.
    public var description: String {
        "data:\(mimeType.rawValue);base64,\(data.base64EncodedString())"
    }

    /// Base64 without whitespace and with padding restored, to compare a payload with its re-encoding.
    private static func normalisedBase64(_ payload: Substring) -> String {
        var text = payload.filter { !$0.isWhitespace }
        while text.count % 4 != 0 { text.append("=") }
        return text
    }
}
