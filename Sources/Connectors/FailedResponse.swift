public import Foundation
public import LLMCore
import NIOHTTP1

/// A response with a non-2xx status (or a 2xx one of a content type the request cannot read), for
/// ``EndpointAPI/failure(_:)`` to classify.
public struct FailedResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The body, at most 64 KB of it.
    public var body: Data
    /// The delay the service asked for (`retry-after-ms`, else `retry-after` as seconds or an
    /// HTTP date), already parsed and clamped.
    public var retryAfter: Duration?
    /// The endpoint's URL without its query.
    public var endpoint: String
    /// The provider's request id, when its headers carried one.
    public var requestId: String?
    let headers: HTTPHeaders

    /// Creates a failed response (for tests of an API's classification).
    public init(
        status: Int, body: Data, retryAfter: Duration? = nil, endpoint: String = "", requestId: String? = nil,
        headers: [(String, String)] = []
    ) {
        self.init(
            status: status, body: body, retryAfter: retryAfter, endpoint: endpoint, requestId: requestId,
            headers: HTTPHeaders(headers))
    }

    init(
        status: Int, body: Data, retryAfter: Duration?, endpoint: String, requestId: String?, headers: HTTPHeaders
    ) {
        self.status = status
        self.body = body
        self.retryAfter = retryAfter
        self.endpoint = endpoint
        self.requestId = requestId
        self.headers = headers
    }

    /// The first value of a response header (names compare without case).
    public func header(_ name: String) -> String? {
        headers.first(name: name)
    }

    /// The longest body kept on an error.
    public static let maxBodyKept = 2_048

    /// The error this status stands for in plain HTTP terms, with what the provider said:
    /// 400/413/415/422 `invalidRequest`, 401 `authentication`, 403 `permissionDenied`, 404
    /// `notFound`, 408 `timeout`, 429 `rateLimited`, 500 and other 5xx `server`, 502/503/504
    /// `serviceUnavailable`, a redirect `invalidConfiguration`. An API passes `code` (and `hint`)
    /// where its body says more.
    public func error(
        code: LLMErrorCode? = nil, hint: String? = nil, providerCode: String? = nil, providerMessage: String? = nil,
        parameter: String? = nil
    ) -> LLMError {
        let (statusCode, statusHint) = Self.meaning(of: status, retryAfter: retryAfter)
        let message = providerMessage.map { "HTTP \(status): \($0)" } ?? "HTTP \(status) from the service"
        return LLMError(
            code: code ?? statusCode, message: message, hint: hint ?? (code == nil ? statusHint : nil),
            parameter: parameter, httpStatus: status, providerCode: providerCode, providerMessage: providerMessage,
            body: body.isEmpty ? nil : String(decoding: body.prefix(Self.maxBodyKept), as: UTF8.self),
            endpoint: endpoint, requestId: requestId, retryAfter: retryAfter)
    }

    /// The code and hint of a status in plain HTTP terms.
    /// The error code an HTTP status stands for when the body says nothing more (for stream
    /// error events that carry a status).
    public static func code(forStatus status: Int) -> LLMErrorCode {
        meaning(of: status, retryAfter: nil).0
    }

    static func meaning(of status: Int, retryAfter: Duration?) -> (LLMErrorCode, String?) {
        switch status {
        case 400, 413, 415, 422: (.invalidRequest, nil)
        case 401: (.authentication, "check the api key (or token) for this endpoint")
        case 402: (.quotaExceeded, "the account's billing or quota needs attention")
        case 403:
            (.permissionDenied, "the credentials lack access to this resource, or a network rule blocks the caller")
        case 404: (.notFound, "check the endpoint URL, the deployment or model name, and the API version")
        case 408: (.timeout, nil)
        case 429:
            (.rateLimited, retryAfter.map { "retry after \(Self.seconds($0)) s" } ?? "slow down or raise the quota")
        case 502, 503, 504: (.serviceUnavailable, nil)
        case 300..<400:
            (
                .invalidConfiguration,
                "the endpoint redirects; configure the final URL (redirects are not followed so keys stay put)"
            )
        case 500..<600: (.server, nil)
        default: (.invalidRequest, nil)
        }
    }

    /// Seconds with three significant digits.
    static func seconds(_ duration: Duration) -> String {
        String(format: "%.3g", duration.seconds)
    }
}
