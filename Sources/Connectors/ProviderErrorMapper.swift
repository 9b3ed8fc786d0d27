public import Foundation
public import LLMCore

/// Turns an HTTP error status and the provider's error body (OpenAI and Azure shapes) into an
/// ``LLMError`` with a stable code.
public enum ProviderErrorMapper {
    /// The longest body kept on an error.
    static let maxBodyKept = 2_048

    /// Maps a non-2xx response.
    /// - Parameters:
    ///   - status: the HTTP status.
    ///   - body: the response body (the error JSON, if any).
    ///   - retryAfter: the delay the service advertised, if any.
    ///   - endpoint: the URL without query, for the error.
    ///   - requestId: the provider's request id.
    public static func error(
        status: Int, body: Data, retryAfter: Duration? = nil, endpoint: String? = nil, requestId: String? = nil
    ) -> LLMError {
        let parsed = ProviderErrorBody(body)
        let providerCode = parsed.code
        let code: LLMErrorCode
        var hint: String?
        switch status {
        case 400 where parsed.isContentFilter:
            code = .contentFiltered
            hint =
                "the prompt was blocked by the content filter (\(parsed.filteredCategories.joined(separator: ", "))); rephrase it"
        case 400
        where providerCode == "context_length_exceeded" || (parsed.message ?? "").contains("maximum context length"):
            code = .contextLengthExceeded
            hint = "shorten the conversation or lower maxTokens"
        case 400, 413, 415, 422:
            code = .invalidRequest
        case 401:
            code = .authentication
            hint = "check the api key (or token) for this endpoint"
        case 403:
            code = .permissionDenied
            hint = "the credentials lack access to this resource, or a network rule blocks the caller"
        case 404 where ["DeploymentNotFound", "model_not_found"].contains(providerCode ?? ""):
            code = .modelNotAvailable
            hint = "check the deployment or model name on this endpoint"
        case 404:
            code = .notFound
            hint = "check the endpoint URL, deployment name and api-version"
        case 408:
            code = .timeout
        case 429:
            code = .rateLimited
            hint = retryAfter.map { "retry after \(Self.seconds($0)) s" } ?? "slow down or raise the quota"
        case 500:
            code = .server
        case 502, 503, 504:
            code = .serviceUnavailable
        case 300..<400:
            code = .invalidConfiguration
            hint = "the endpoint redirects; configure the final URL (redirects are not followed so keys stay put)"
        case 500..<600:
            code = .server
        default:
            code = .invalidRequest
        }
        let message = parsed.message.map { "HTTP \(status): \($0)" } ?? "HTTP \(status) from the service"
        var error = LLMError(
            code: code, message: message, hint: hint, parameter: parsed.param, httpStatus: status,
            providerCode: providerCode, providerMessage: parsed.message,
            body: body.isEmpty ? nil : String(decoding: body.prefix(maxBodyKept), as: UTF8.self), endpoint: endpoint,
            requestId: requestId, retryAfter: retryAfter)
        if code == .contentFiltered { error.parameter = "messages" }
        return error
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.3g", value)
    }
}

/// The error object of an OpenAI or Azure error body:
/// `{"error": {"message", "type", "code", "param", "innererror": {"code", "content_filter_result"}}}`.
struct ProviderErrorBody {
    var message: String?
    var code: String?
    var param: String?
    var innerCode: String?
    var filteredCategories: [String] = []

    init(_ body: Data) {
        guard let json = try? JSONValue(parsing: body) else { return }
        // OpenAI and Azure wrap the error in "error"; some compatible servers send it bare.
        let error: JSONValue
        if let wrapped = json["error"], wrapped.objectValue != nil {
            error = wrapped
        } else if json["message"] != nil {
            error = json
        } else {
            if let text = json["error"]?.stringValue { message = text }
            return
        }
        message = error["message"]?.stringValue
        code = error["code"]?.stringValue ?? error["type"]?.stringValue
        if case .int(let number) = error["code"] { code = String(number) }
        param = error["param"]?.stringValue
        let inner = error["innererror"] ?? error["inner_error"]
        innerCode = inner?["code"]?.stringValue
        if let results = inner?["content_filter_result"]?.objectValue ?? inner?["content_filter_results"]?.objectValue {
            filteredCategories = results.filter {
                $0.value["filtered"] == .bool(true) || $0.value["detected"] == .bool(true)
            }
            .keys.sorted()
        }
    }

    var isContentFilter: Bool {
        code == "content_filter" || innerCode == "ResponsibleAIPolicyViolation" || !filteredCategories.isEmpty
    }
}
