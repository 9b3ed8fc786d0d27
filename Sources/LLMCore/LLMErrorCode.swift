/// A stable, machine-readable error category. New codes may be added without breaking callers,
/// so switch with a `default`.
public struct LLMErrorCode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The code as printed in logs, metrics and the CLI (`error[rateLimited]: ...`).
    public let rawValue: String

    /// Creates a code; prefer the static members.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The raw string.
    public var description: String { rawValue }

    /// No endpoint could take the request (all cooling down or none configured).
    public static let noEndpointsAvailable = LLMErrorCode(rawValue: "noEndpointsAvailable")
    /// The TCP/TLS connection could not be made or broke.
    public static let connectionFailed = LLMErrorCode(rawValue: "connectionFailed")
    /// The TLS handshake failed: the server's certificate is not trusted or does not match its
    /// host, or the server refused the client's; never retried (a retry meets the same certificate).
    public static let tlsFailure = LLMErrorCode(rawValue: "tlsFailure")
    /// An attempt or the whole request ran out of time (also HTTP 408).
    public static let timeout = LLMErrorCode(rawValue: "timeout")
    /// The model or deployment does not exist on the endpoint.
    public static let modelNotAvailable = LLMErrorCode(rawValue: "modelNotAvailable")
    /// Too many requests or tokens (HTTP 429); see ``LLMError/retryAfter``.
    public static let rateLimited = LLMErrorCode(rawValue: "rateLimited")
    /// A spend, billing or usage limit that will not clear soon; never retried.
    public static let quotaExceeded = LLMErrorCode(rawValue: "quotaExceeded")
    /// The prompt itself is unusable (empty, not text, ...).
    public static let invalidPrompt = LLMErrorCode(rawValue: "invalidPrompt")
    /// A parameter or message is invalid (HTTP 400 or local validation).
    public static let invalidRequest = LLMErrorCode(rawValue: "invalidRequest")
    /// The key or token was rejected (HTTP 401).
    public static let authentication = LLMErrorCode(rawValue: "authentication")
    /// The credentials lack permission (HTTP 403).
    public static let permissionDenied = LLMErrorCode(rawValue: "permissionDenied")
    /// The URL or resource does not exist (HTTP 404).
    public static let notFound = LLMErrorCode(rawValue: "notFound")
    /// The prompt or the answer was blocked by a content filter.
    public static let contentFiltered = LLMErrorCode(rawValue: "contentFiltered")
    /// The prompt plus the requested output exceeds the model's context window.
    public static let contextLengthExceeded = LLMErrorCode(rawValue: "contextLengthExceeded")
    /// The endpoint is overloaded or down (HTTP 502, 503, 504).
    public static let serviceUnavailable = LLMErrorCode(rawValue: "serviceUnavailable")
    /// The service failed internally (HTTP 500 and other 5xx).
    public static let server = LLMErrorCode(rawValue: "server")
    /// A response could not be parsed.
    public static let decoding = LLMErrorCode(rawValue: "decoding")
    /// The model cannot do what was asked (for example images from a text model).
    public static let unsupportedOperation = LLMErrorCode(rawValue: "unsupportedOperation")
    /// The caller cancelled the request.
    public static let cancelled = LLMErrorCode(rawValue: "cancelled")
    /// The library was configured wrongly (a missing key, an unknown model family, a bad URL).
    public static let invalidConfiguration = LLMErrorCode(rawValue: "invalidConfiguration")
    /// The model's answers did not match the requested schema, also after the retries; see
    /// ``LLMError/rawOutput`` and ``LLMError/validationFailures``.
    public static let invalidOutput = LLMErrorCode(rawValue: "invalidOutput")
    /// A stream broke after some of the answer had been delivered; see ``LLMError/partialContent``.
    public static let streamInterrupted = LLMErrorCode(rawValue: "streamInterrupted")
}
