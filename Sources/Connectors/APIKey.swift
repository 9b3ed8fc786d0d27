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
    /// line breaks, JSON-escaped, percent-encoded, and escaped as Swift prints strings. Spellings
    /// shorter than 4 characters are left out (masking them would hide ordinary text).
    public var spellings: [String] {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        let forms = [
            value, trimmed, String(JSONValue.string(value).jsonString.dropFirst().dropLast()),
            value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value,
            String(String(reflecting: value).dropFirst().dropLast()),
        ]
        return Array(Set(forms.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
    }

    /// `APIKey(redacted)`.
    public var description: String { "APIKey(redacted)" }
    /// `APIKey(redacted)`.
    public var debugDescription: String { description }
    /// A mirror without the secret, so `dump` and reflection cannot print it.
    public var customMirror: Mirror { Mirror(self, children: []) }
}
