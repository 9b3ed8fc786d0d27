import AsyncHTTPClient
import Foundation
import LLMCore
import Logging
import Metrics
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOSSL
import Tracing

/// What a failed attempt means: anything an attempt threw, as a typed ``LLMCore/LLMError``.
extension Connector {
    /// Whether the server said it never processed the attempt: an HTTP/2 stream refused
    /// (`REFUSED_STREAM`), which is also how a stream past a `GOAWAY`'s last stream id ends.
    /// Such a request is safe to send again at once, whatever it was.
    static func wasNotProcessed(_ error: any Error) -> Bool {
        (error as? NIOHTTP2Errors.StreamClosed)?.errorCode == .refusedStream
    }

    /// Maps anything an attempt threw to an ``LLMError``.
    func classify(_ error: any Error, endpoint: Endpoint, request: ConnectorRequest, context: RequestContext)
        -> LLMError
    {
        var result: LLMError
        if let error = error as? LLMError {
            result = error
        } else if error is CancellationError || Task.isCancelled {
            result = .cancelled(requestId: context.requestId)
        } else if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .tlsHandshakeTimeout:
                result = LLMError(code: .timeout, message: "connecting to \(endpoint.name) timed out")
            case .readTimeout:
                result = LLMError(
                    code: .timeout, message: "\(endpoint.name) sent nothing for \(configuration.timeouts.idle)")
            case .deadlineExceeded:
                result = LLMError(code: .timeout, message: "\(endpoint.name) did not start answering in time")
            case .cancelled:
                result = .cancelled(requestId: context.requestId)
            case .proxyAuthenticationRequired:
                result = LLMError(
                    code: .invalidConfiguration,
                    message: "the proxy refused the connection to \(endpoint.name) (HTTP 407)",
                    hint: "check the user and password in the proxy URL (HTTPS_PROXY)")
            case .invalidURL, .emptyHost, .emptyScheme:
                result = LLMError(
                    code: .invalidConfiguration, message: "the URL of \(endpoint.name) is not one HTTP can use",
                    hint: "check the endpoint's base URL")
            default:
                // By AsyncHTTPClient's value-free name of the case (its full description quotes the
                // offending values — a header's, which may be a key — and is never repeated).
                switch error.shortDescription {
                case "Invalid header field names", "Invalid header field values":
                    result = LLMError(
                        code: .invalidConfiguration, message: "a request header for \(endpoint.name) is not valid HTTP",
                        hint: "check the keys, tokens and extra headers for control characters")
                case "Unsupported scheme":
                    result = LLMError(
                        code: .invalidConfiguration,
                        message: "the URL of \(endpoint.name) has a scheme HTTP cannot use",
                        hint: "use an https:// (or, on loopback, http://) URL")
                default:
                    result = LLMError(code: .connectionFailed, message: "\(endpoint.name): \(error.shortDescription)")
                }
            }
        } else if let closed = error as? NIOHTTP2Errors.StreamClosed {
            result =
                closed.errorCode == .refusedStream
                ? LLMError(
                    code: .connectionFailed,
                    message: "\(endpoint.name) did not process the request (HTTP/2 REFUSED_STREAM or GOAWAY)",
                    providerCode: "REFUSED_STREAM")
                : LLMError(
                    code: .connectionFailed, message: "\(endpoint.name) reset the HTTP/2 stream (\(closed.errorCode))",
                    providerCode: "\(closed.errorCode)")
        } else if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            result = LLMError(
                code: .tlsFailure, message: "the TLS handshake with \(endpoint.name) failed: \(error)",
                hint:
                    "check that the server's certificate is trusted (trust a private CA with TLSSettings.additionalTrustRoots, SSL_CERT_FILE or --ca-file) and matches its host"
            )
        } else {
            result = LLMError(code: .connectionFailed, message: "\(endpoint.name): \(error)")
        }
        if result.endpoint == nil { result.endpoint = request.redactedURL(at: endpoint) }
        if result.requestId == nil { result.requestId = context.requestId }
        return endpoint.apiKey.map { result.redacting([$0]) } ?? result
    }
}
