import Foundation
import LLMCore

/// A secret (API key or token) that never prints: `description`, `debugDescription` and dumps show
/// `APIKey(redacted)`. Read it with ``reveal()`` only where it goes into a header.
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable, ExpressibleByStringLiteral
{
    private let value: String

    /// Wraps a secret.
    public init(_ value: String) {
        self.value = value
    }

    /// Wraps a secret literal (for tests and examples; load real keys from the environment).
    public init(stringLiteral value: String) {
        self.value = value
    }

    /// The secret itself.
    public func reveal() -> String { value }

    /// Whether the secret is empty.
    public var isEmpty: Bool { value.isEmpty }

    /// The ways a message may quote the secret, longest first: as it is, trimmed of whitespace and
    /// line breaks, JSON-escaped, percent-encoded (RFC 3986's unreserved characters kept, as Python's
    /// `quote` and Go's `QueryEscape` write it; JavaScript's `encodeURIComponent`, which also keeps
    /// `!*'()`; every non-alphanumeric encoded; each with upper- and lower-case hex), base64
    /// (standard and URL-safe, padded or not), and escaped as Swift prints strings. Spellings
    /// shorter than 4 characters are left out (masking them would hide ordinary text).
    public var spellings: [String] {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        var forms = [
            value, trimmed, String(JSONValue.string(value).jsonString.dropFirst().dropLast()),
            String(String(reflecting: value).dropFirst().dropLast()),
        ]
        for allowed in [Self.unreserved, Self.javaScriptUnreserved, CharacterSet.alphanumerics] {
            guard let encoded = value.addingPercentEncoding(withAllowedCharacters: allowed) else { continue }
            forms += [encoded, Self.lowercasingHex(encoded)]
        }
        let base64 = Data(value.utf8).base64EncodedString()
        let urlSafe = base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        for form in [base64, urlSafe] {
            var unpadded = form
            while unpadded.hasSuffix("=") { unpadded.removeLast() }
            forms += [form, unpadded]
        }
        return Array(Set(forms.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
    }

    /// RFC 3986's unreserved characters: letters, digits, `-._~`.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    /// What JavaScript's `encodeURIComponent` leaves as it is: the unreserved characters and `!*'()`.
    private static let javaScriptUnreserved = unreserved.union(CharacterSet(charactersIn: "!*'()"))

    /// `text` with the hex digits of its `%XX` escapes in lower case.
    private static func lowercasingHex(_ text: String) -> String {
        var result = ""
        var remaining = 0
        for character in text {
            if character == "%" {
                remaining = 2
                result.append(character)
            } else if remaining > 0 {
                remaining -= 1
                result += character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// `APIKey(redacted)`.
    public var description: String { "APIKey(redacted)" }
    /// `APIKey(redacted)`.
    public var debugDescription: String { description }
    /// A mirror without the secret, so `dump` and reflection cannot print it.
    public var customMirror: Mirror { Mirror(self, children: []) }
}
