import Connectors
import LLMCore

/// Turns an Anthropic error (an HTTP status with
/// `{"type": "error", "error": {"type", "message", "details"}, "request_id"}`, or an `error`
/// event in a stream) into an ``LLMCore/LLMError``.
///
/// `overloaded_error` (529) fails over like a 503; `rate_limit_error` (429) is retried in place
/// after its retry-after, unless it is a spend limit (`enforced_spend_limit_reached`), which is
/// `quotaExceeded` and surfaced, as is `billing_error`; `api_error` (500) is retried; a prompt
/// that is too long is `contextLengthExceeded`; the rest surface with the provider's message.
enum AnthropicErrorMapper {
    /// Maps a non-2xx response.
    static func error(_ response: FailedResponse) -> LLMError {
        let body = try? AnthropicErrorBodyWire.parse(response.body)
        let wire = body?.error
        var failed = response
        if failed.requestId == nil { failed.requestId = body?.requestId }
        let (code, hint) = refined(type: wire?.type, message: wire?.message, detail: wire?.errorCode)
        return failed.error(code: code, hint: hint, providerCode: wire?.type, providerMessage: wire?.message)
    }

    /// Maps an `error` event of a stream (the response itself was a 200).
    static func error(event wire: AnthropicErrorWire?) -> LLMError {
        let type = wire?.type
        let (refinedCode, hint) = refined(type: type, message: wire?.message, detail: wire?.errorCode)
        let code: LLMErrorCode
        if let refinedCode {
            code = refinedCode
        } else {
            switch type {
            case "overloaded_error": code = .serviceUnavailable
            case "rate_limit_error": code = .rateLimited
            case "api_error": code = .server
            case "authentication_error": code = .authentication
            case "permission_error": code = .permissionDenied
            case "not_found_error": code = .notFound
            case "invalid_request_error", "request_too_large": code = .invalidRequest
            case "timeout_error": code = .timeout
            default: code = .server
            }
        }
        return LLMError(
            code: code, message: "the service reported an error: \(wire?.message ?? type ?? "no message")",
            hint: hint, providerCode: type, providerMessage: wire?.message)
    }

    /// The code (and hint) where the error type or message says more than the HTTP status.
    private static func refined(type: String?, message: String?, detail: String?) -> (LLMErrorCode?, String?) {
        let lower = (message ?? "").lowercased()
        if detail == "enforced_spend_limit_reached" || type == "billing_error"
            || (type == "rate_limit_error" && (lower.contains("spend limit") || lower.contains("usage limit")))
        {
            return (
                .quotaExceeded,
                "the organization's spend or usage limit is reached; retrying will not help until it is raised or resets"
            )
        }
        switch type {
        case "overloaded_error":
            return (
                .serviceUnavailable, "the API is overloaded for everyone; a backup endpoint or a later retry will do"
            )
        case "invalid_request_error" where lower.contains("prompt is too long"):
            return (.contextLengthExceeded, "shorten the conversation or lower maxTokens")
        case "request_too_large":
            return (
                .invalidRequest, "the request is over the API's size limit (32 MB); send smaller images or documents"
            )
        default:
            return (nil, nil)
        }
    }
}
