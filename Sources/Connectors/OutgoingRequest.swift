import AsyncHTTPClient
public import Foundation
public import LLMCore
import NIOHTTP1

/// One attempt's HTTP request as an ``EndpointAPI`` sees it while authorizing it: the method, the
/// URL, the body (to sign), and the headers, which it may add to.
public struct OutgoingRequest: Sendable {
    /// The HTTP method.
    public let method: String
    /// The full URL, query included.
    public let url: String
    /// The body bytes, if any.
    public let body: Data?
    /// The request's id (``LLMCore/RequestContext/requestId``), for APIs that take a client
    /// request id header.
    public let requestId: String
    var headers: HTTPHeaders

    init(method: String, url: String, body: Data?, requestId: String, headers: HTTPHeaders) {
        self.method = method
        self.url = url
        self.body = body
        self.requestId = requestId
        self.headers = headers
    }

    /// A request as the connector would hand it to an API, for tests of an API's authorization.
    package init(
        method: String, url: String, body: Data?, requestId: String = "", headerFields: [(String, String)] = []
    ) {
        self.init(method: method, url: url, body: body, requestId: requestId, headers: HTTPHeaders(headerFields))
    }

    /// The headers so far, in order.
    public var headerFields: [(name: String, value: String)] {
        headers.map { ($0.name, $0.value) }
    }

    /// The first value of a header (names compare without case).
    public func header(_ name: String) -> String? {
        headers.first(name: name)
    }

    /// Sets a header, replacing any value it had.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) when the value holds a control
    ///   character (a key read with a trailing `\r` or newline, say). The value is never quoted.
    public mutating func setHeader(_ name: String, _ value: String) throws(LLMError) {
        guard Self.isValidValue(value) else {
            throw LLMError(
                code: .invalidConfiguration,
                message: "the \(name) header value contains a control character (such as a trailing newline or \\r)",
                hint: "check the key or token for stray whitespace, for example from a file edited on Windows",
                parameter: name)
        }
        headers.replaceOrAdd(name: name, value: value)
    }

    /// Whether a header value is free of control characters (RFC 9110 field values: visible
    /// characters, spaces and tabs).
    public static func isValidValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }
    }
}
