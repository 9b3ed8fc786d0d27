public import Foundation

/// One API call for the connector: the operation path, the body, and how to read the answer.
public struct ConnectorRequest: Sendable {
    /// The HTTP method.
    public var method: String
    /// The operation path relative to the endpoint, for example `chat/completions`.
    public var path: String
    /// The request body.
    public var body: Data?
    /// The body's content type.
    public var contentType: String
    /// Further headers (never auth: the connector adds that per endpoint).
    public var headers: [(String, String)]
    /// For streams: whether a `data: [DONE]` event must end the stream (a stream that ends without
    /// it is an error rather than a silently short answer).
    public var requiresStreamTerminator: Bool
    /// For streams: extracts the answer text an event carries, so that an interrupted stream's error
    /// carries the text already delivered (``LLMCore/LLMError/partialContent``).
    public var streamText: (@Sendable (ServerSentEvent) -> String?)?
    /// Builds the full URL per endpoint instead of ``Endpoint/url(for:)`` (for APIs outside the
    /// deployment path, such as Azure's `/openai/v1/video/...` jobs).
    public var url: (@Sendable (Endpoint) -> String)?
    /// Tokens to reserve against an endpoint's tokens-per-minute limit before sending (the prompt
    /// estimate plus the requested output); settle with ``Connector/settle(_:usedTokens:)``.
    public var tokenEstimate: Int

    /// Creates a request.
    public init(
        method: String = "POST", path: String, body: Data? = nil, contentType: String = "application/json",
        headers: [(String, String)] = [], requiresStreamTerminator: Bool = true,
        streamText: (@Sendable (ServerSentEvent) -> String?)? = nil, tokenEstimate: Int = 0,
        url: (@Sendable (Endpoint) -> String)? = nil
    ) {
        self.method = method
        self.path = path
        self.body = body
        self.contentType = contentType
        self.headers = headers
        self.requiresStreamTerminator = requiresStreamTerminator
        self.streamText = streamText
        self.tokenEstimate = tokenEstimate
        self.url = url
    }

    /// The URL of this request at `endpoint`.
    public func url(at endpoint: Endpoint) -> String {
        url?(endpoint) ?? endpoint.url(for: path)
    }

    /// The URL at `endpoint` without its query, for logs and errors.
    public func redactedURL(at endpoint: Endpoint) -> String {
        let full = url(at: endpoint)
        guard let query = full.utf8.firstIndex(of: UInt8(ascii: "?")) else { return full }
        return String(full[..<query])
    }
}
