public import Foundation

/// One API call for the connector: the operation path, the body, and how to read the answer.
public struct ConnectorRequest: Sendable {
    /// The HTTP method.
    public var method: String
    /// The operation path relative to the endpoint, for example `chat/completions`.
    public var path: String
    /// The request body, the same at every endpoint (see ``endpointBody`` for one per endpoint).
    public var body: Data?
    /// Builds the body for an endpoint, when it differs between endpoints (the model a backup
    /// names); takes precedence over ``body``.
    public var endpointBody: (@Sendable (Endpoint) -> Data)?
    /// The body's content type.
    public var contentType: String
    /// Further headers (never auth: the endpoint's style adds that per attempt).
    public var headers: [(String, String)]
    /// For streams: how the events end, fail and begin (see ``StreamFraming``).
    public var framing: any StreamFraming
    /// Builds the full URL per endpoint instead of ``Endpoint/url(for:)`` (for APIs outside the
    /// deployment path, such as Azure's `/openai/v1/video/...` jobs).
    public var url: (@Sendable (Endpoint) -> String)?
    /// Tokens to reserve against an endpoint's tokens-per-minute limit before sending (the prompt
    /// estimate plus the requested output); settle with ``Connector/settle(_:usedTokens:)``.
    public var tokenEstimate: Int
    /// The name of the one endpoint to send to (``ResponseInfo/endpointName`` of an earlier
    /// response), for resources that live where they were made: a video job is polled and
    /// downloaded on the endpoint that created it. Failover-class failures then back off and retry
    /// there instead of failing over; nil sends anywhere, with failover.
    public var pinnedEndpoint: String?

    /// Creates a request.
    public init(
        method: String = "POST", path: String, body: Data? = nil, contentType: String = "application/json",
        headers: [(String, String)] = [], framing: any StreamFraming = EndOfBodyFraming(),
        tokenEstimate: Int = 0,
        url: (@Sendable (Endpoint) -> String)? = nil, endpointBody: (@Sendable (Endpoint) -> Data)? = nil,
        pinnedEndpoint: String? = nil
    ) {
        self.pinnedEndpoint = pinnedEndpoint
        self.method = method
        self.path = path
        self.body = body
        self.contentType = contentType
        self.headers = headers
        self.framing = framing
        self.tokenEstimate = tokenEstimate
        self.url = url
        self.endpointBody = endpointBody
    }

    /// The body to send to `endpoint`.
    public func body(for endpoint: Endpoint) -> Data? {
        endpointBody?(endpoint) ?? body
    }

    /// The URL at `endpoint` without its query or userinfo, for logs and errors.
    public func redactedURL(at endpoint: Endpoint) -> String {
        guard let url else { return endpoint.redactedURL(for: path) }
        let full = Endpoint.withoutUserInfo(url(endpoint))
        guard let query = full.utf8.firstIndex(of: UInt8(ascii: "?")) else { return full }
        return String(full[..<query])
    }
}

extension ConnectorRequest {
    /// A request whose body is built for each endpoint (a backup may name the model differently), at
    /// `path` — or at `endpointPath` under each endpoint when the path names the model
    /// (`models/gemini-2.5-flash:generateContent`), or at `url` for operations outside the
    /// endpoint's usual prefix. The lifecycle adds the framing and the token estimate.
    package static func perEndpoint(
        path: String, endpointPath: (@Sendable (Endpoint) -> String)? = nil,
        url: (@Sendable (Endpoint) -> String)? = nil,
        headers: [(String, String)] = [], body: @escaping @Sendable (Endpoint) -> Data
    ) -> ConnectorRequest {
        var endpointURL = url
        if endpointURL == nil, let endpointPath {
            endpointURL = { @Sendable endpoint in endpoint.url(for: endpointPath(endpoint)) }
        }
        return ConnectorRequest(path: path, headers: headers, url: endpointURL, endpointBody: body)
    }
}
