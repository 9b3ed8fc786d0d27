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

    /// `APIKey(redacted)`.
    public var description: String { "APIKey(redacted)" }
    /// `APIKey(redacted)`.
    public var debugDescription: String { description }
    /// A mirror without the secret, so `dump` and reflection cannot print it.
    public var customMirror: Mirror { Mirror(self, children: []) }
}
