import Connectors
import Foundation
import LLMCore

/// Turns an HTTP error status and an OpenAI or Azure error body into an ``LLMCore/LLMError`` with a
/// stable code: content filters, context length, missing deployments and exhausted quotas get
/// their own codes; everything else takes its status's meaning (``Connectors/FailedResponse/error(code:hint:providerCode:providerMessage:parameter:)``).
enum OpenAIErrorMapper {
    /// Maps a non-2xx response.
    static func error(_ response: FailedResponse) -> LLMError {
        let parsed = OpenAIErrorBody(response.body)
        let providerCode = parsed.code
        var code: LLMErrorCode?
        var hint: String?
        switch response.status {
        case 400 where parsed.isContentFilter:
            code = .contentFiltered
            hint =
                "the prompt was blocked by the content filter (\(parsed.filteredCategories.joined(separator: ", "))); rephrase it"
        case 400 where parsed.isContextLengthExceeded:
            code = .contextLengthExceeded
            hint = "shorten the conversation or lower maxTokens"
        case 404 where ["DeploymentNotFound", "model_not_found"].contains(providerCode ?? ""):
            code = .modelNotAvailable
            hint = "check the deployment or model name on this endpoint"
        case 429 where providerCode == "insufficient_quota":
            code = .quotaExceeded
            hint = "the account's quota or billing limit is reached; check the plan and billing details"
        default:
            break
        }
        var error = response.error(
            code: code, hint: hint, providerCode: providerCode, providerMessage: parsed.message, parameter: parsed.param
        )
        if code == .contentFiltered { error.parameter = "messages" }
        return error
    }

    /// Maps a non-2xx response given as its parts (for tests and tools).
    static func error(
        status: Int, body: Data, retryAfter: Duration? = nil, endpoint: String? = nil, requestId: String? = nil
    ) -> LLMError {
        var error = self.error(
            FailedResponse(
                status: status, body: body, retryAfter: retryAfter, endpoint: endpoint ?? "", requestId: requestId))
        if endpoint == nil { error.endpoint = nil }
        return error
    }
}

/// The error object of an OpenAI or Azure error body:
/// `{"error": {"message", "type", "code", "param", "innererror": {"code", "content_filter_result"}}}`.
struct OpenAIErrorBody {
    var message: String?
    var code: String?
    /// `type` (`invalid_request_error`; llama.cpp's `exceed_context_size_error`).
    var type: String?
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
        type = error["type"]?.stringValue
        code = error["code"]?.stringValue ?? type
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

    /// OpenAI's `context_length_exceeded` (or its message), llama.cpp's `exceed_context_size_error`.
    var isContextLengthExceeded: Bool {
        code == "context_length_exceeded" || type == "exceed_context_size_error"
            || (message ?? "").contains("maximum context length")
    }

    var isContentFilter: Bool {
        code == "content_filter" || innerCode == "ResponsibleAIPolicyViolation" || !filteredCategories.isEmpty
    }
}
