import Connectors
import Foundation
import LLMCore

/// Turns a Gemini (or Vertex AI) error — a `google.rpc.Status` body
/// `{"error": {"code", "message", "status", "details": [...]}}`, as a response or a stream event —
/// into an ``LLMCore/LLMError``.
///
/// `RESOURCE_EXHAUSTED` (429) is retried in place after the `RetryInfo` detail's `retryDelay`
/// (else the backoff), unless a `QuotaFailure` violation names a daily quota (`...PerDay...`),
/// which is `quotaExceeded` and surfaced; `UNAVAILABLE` (503) and `DEADLINE_EXCEEDED` (504) fail
/// over; `INTERNAL` (500) is retried; `INVALID_ARGUMENT` and `FAILED_PRECONDITION` (400; a prompt
/// over the window is `contextLengthExceeded`, an invalid key `authentication`),
/// `UNAUTHENTICATED` (401), `PERMISSION_DENIED` (403) and `NOT_FOUND` (404) surface at once with
/// the API's message.
enum GeminiErrorMapper {
    /// Maps a non-2xx response.
    static func error(_ response: FailedResponse) -> LLMError {
        let status = (try? GeminiErrorBodyWire.parse(response.body))?.error
        var failed = response
        if let delay = status?.retryDelay { failed.retryAfter = delay }
        let (code, hint) = refined(status, httpStatus: response.status)
        return failed.error(code: code, hint: hint, providerCode: status?.status, providerMessage: status?.message)
    }

    /// Maps an error event of a stream (the response itself was a 200).
    static func error(event status: GeminiStatusWire?) -> LLMError {
        let (refinedCode, hint) = refined(status, httpStatus: status?.code ?? 500)
        let code = refinedCode ?? FailedResponse.code(forStatus: status?.code ?? 500)
        return LLMError(
            code: code, message: "the service reported an error: \(status?.message ?? status?.status ?? "no message")",
            hint: hint, httpStatus: status?.code, providerCode: status?.status, providerMessage: status?.message,
            retryAfter: status?.retryDelay)
    }

    /// The code (and hint) where the status name or details say more than the HTTP status.
    private static func refined(_ status: GeminiStatusWire?, httpStatus: Int) -> (LLMErrorCode?, String?) {
        let message = (status?.message ?? "").lowercased()
        if status?.dailyQuota == true {
            return (
                .quotaExceeded,
                "a daily quota of this project is spent; retrying will not help before it resets (or raise the tier)"
            )
        }
        if status?.reasons.contains("API_KEY_INVALID") == true || message.contains("api key not valid") {
            return (.authentication, "check GEMINI_API_KEY (or the endpoint's key)")
        }
        switch status?.status {
        case "RESOURCE_EXHAUSTED":
            return (.rateLimited, "the per-minute quota is spent; the request waits the RetryInfo delay")
        case "UNAVAILABLE":
            return (.serviceUnavailable, "the model is overloaded or down; a backup endpoint or a later retry will do")
        case "DEADLINE_EXCEEDED":
            return (.serviceUnavailable, "the service timed out; a backup endpoint or a later retry will do")
        case "INTERNAL":
            return (.server, nil)
        case "INVALID_ARGUMENT"
        where message.contains("token") && (message.contains("exceed") || message.contains("too long")):
            return (.contextLengthExceeded, "shorten the conversation or lower maxTokens")
        case "INVALID_ARGUMENT", "FAILED_PRECONDITION":
            return (.invalidRequest, nil)
        case "UNAUTHENTICATED":
            return (.authentication, "check the key or the token provider")
        case "PERMISSION_DENIED":
            return (.permissionDenied, "the key or token lacks access to this model or project")
        case "NOT_FOUND":
            return (.notFound, "check the model name and the API version")
        default:
            return (nil, nil)
        }
    }
}
