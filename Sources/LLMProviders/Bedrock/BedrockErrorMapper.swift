import Connectors
import Foundation
import LLMCore

/// Turns a Bedrock error — an HTTP status with `x-amzn-errortype` and a `{"message": ...}` body, or
/// an exception frame of an event stream — into an ``LLMCore/LLMError``, by the error type first
/// (Bedrock sends `ModelNotReadyException` as a 429, yet it is a failover):
///
/// `ThrottlingException` is `rateLimited` (retried in place with backoff);
/// `ServiceUnavailableException` and `ModelNotReadyException` are `serviceUnavailable` (fail over);
/// `InternalServerException` is `server`; `ModelTimeoutException` `timeout`;
/// `AccessDeniedException` `permissionDenied`; `UnrecognizedClientException`,
/// `InvalidSignatureException` and `ExpiredTokenException` `authentication`;
/// `ResourceNotFoundException` `notFound`; `ValidationException` `invalidRequest` (or
/// `contextLengthExceeded` when the input is too long); `ModelErrorException` and
/// `ModelStreamErrorException` `invalidRequest` with the model's message;
/// `ServiceQuotaExceededException` `quotaExceeded`. Unknown types fall back to the status.
enum BedrockErrorMapper {
    /// Maps a failed response.
    static func error(_ response: FailedResponse) -> LLMError {
        let body = try? JSONValue(parsing: response.body)
        let message = Self.message(in: body)
        let type = errorType(header: response.header("x-amzn-errortype"), body: body)
        let (code, hint) = meaning(of: type, message: message)
        if type == nil && (200..<300).contains(response.status) {
            // A 2xx answer that is not the expected stream, with no error type: say what came.
            return LLMError(
                code: .decoding,
                message:
                    "the stream answered \(response.header("content-type") ?? "no content type") instead of an event stream: \(WireExcerpt.of(response.body))",
                hint: "check that the endpoint is Bedrock Runtime", endpoint: response.endpoint,
                requestId: response.requestId)
        }
        return response.error(code: code, hint: hint, providerCode: type, providerMessage: message)
    }

    /// Maps an exception frame of a stream (`:exception-type` such as `throttlingException`, its
    /// payload `{"message": ...}`) or an error frame (`:error-code`, the message as its payload), by
    /// the same rules as the HTTP errors.
    static func error(exception type: String, payload: String) -> LLMError {
        let trimmed = payload.trimmingCharacters(in: .whitespacesAndNewlines)
        let message =
            Self.message(in: try? JSONValue(parsing: payload))
            ?? (trimmed.isEmpty || trimmed.hasPrefix("{") ? nil : WireExcerpt.of(Data(trimmed.utf8)))
        let name = type.prefix(1).uppercased() + type.dropFirst()
        let (code, hint) = meaning(of: name, message: message)
        return LLMError(
            code: code ?? .server, message: "the stream reported \(name): \(message ?? "no message")", hint: hint,
            providerCode: name, providerMessage: message)
    }

    /// The error type: `x-amzn-errortype` up to its first `:`, else the body's `__type` after `#`.
    static func errorType(header: String?, body: JSONValue?) -> String? {
        if let header, let type = header.split(separator: ":").first, !type.isEmpty { return String(type) }
        guard case .string(let raw)? = body?["__type"] else { return nil }
        return raw.split(separator: "#").last.map(String.init)
    }

    /// The body's `message` (or `Message`).
    static func message(in body: JSONValue?) -> String? {
        for key in ["message", "Message"] {
            if case .string(let text)? = body?[key] { return text }
        }
        return nil
    }

    /// The code and hint of an error type, nil for a type whose status says enough.
    static func meaning(of type: String?, message: String?) -> (LLMErrorCode?, String?) {
        let lower = (message ?? "").lowercased()
        switch type {
        case "ThrottlingException":
            return (.rateLimited, "Bedrock is throttling this account or model; slow down or raise the quota")
        case "ServiceUnavailableException": return (.serviceUnavailable, nil)
        case "ModelNotReadyException":
            return (
                .serviceUnavailable, "the model is not ready in this region; a backup region or a later retry will do"
            )
        case "InternalServerException": return (.server, nil)
        case "ModelTimeoutException": return (.timeout, "the model took too long; shorten the request or retry")
        case "AccessDeniedException":
            return (
                .permissionDenied,
                "the credentials lack bedrock:InvokeModel (or model access is not enabled for this model in this region)"
            )
        case "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException",
            "IncompleteSignatureException":
            return (.authentication, "check the AWS credentials (and the clock: signatures expire after 5 minutes)")
        case "ResourceNotFoundException":
            return (.notFound, "check the model id or inference profile, and that it is offered in this region")
        case "ValidationException"
        where lower.contains("too long") || lower.contains("context window") || lower.contains("too many input tokens"):
            return (.contextLengthExceeded, "shorten the conversation or lower maxTokens")
        case "ValidationException": return (.invalidRequest, nil)
        case "ModelErrorException", "ModelStreamErrorException":
            return (.invalidRequest, "the model failed on this request; change the input")
        case "ServiceQuotaExceededException":
            return (.quotaExceeded, "a Bedrock service quota is reached; request an increase")
        default: return (nil, nil)
        }
    }
}
