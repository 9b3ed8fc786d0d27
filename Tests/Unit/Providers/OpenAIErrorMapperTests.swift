import Foundation
import LLMCore
import Testing

@testable import LLMProviders

@Suite struct OpenAIErrorMapperTests {
    static func body(_ code: String?, _ message: String = "m") -> Data {
        let codeJSON = code.map { "\"\($0)\"" } ?? "null"
        return Data(
            "{\"error\": {\"message\": \"\(message)\", \"type\": \"t\", \"code\": \(codeJSON), \"param\": null}}".utf8)
    }

    static let table: [(Int, Data, LLMErrorCode)] = [
        (400, body(nil), .invalidRequest),
        (400, body("context_length_exceeded"), .contextLengthExceeded),
        (400, body("content_filter"), .contentFiltered),
        (401, body("invalid_api_key"), .authentication),
        (403, body(nil), .permissionDenied),
        (404, body("DeploymentNotFound"), .modelNotAvailable),
        (404, body("model_not_found"), .modelNotAvailable),
        (404, Data(), .notFound),
        (408, Data(), .timeout),
        (422, body(nil), .invalidRequest),
        (429, body("rate_limit_exceeded"), .rateLimited),
        (429, body("insufficient_quota"), .quotaExceeded),
        (500, body("server_error"), .server),
        (502, Data("<html>bad gateway</html>".utf8), .serviceUnavailable),
        (503, body(nil), .serviceUnavailable),
        (504, Data(), .serviceUnavailable),
        (507, Data(), .server),
        (307, Data(), .invalidConfiguration),
    ]

    @Test(arguments: table.indices)
    func statusAndBodyMapToACode(index: Int) {
        let (status, body, code) = Self.table[index]
        let error = OpenAIErrorMapper.error(status: status, body: body, endpoint: "https://x/y", requestId: "r")
        #expect(error.code == code, "HTTP \(status)")
        #expect(error.httpStatus == status)
        #expect(error.endpoint == "https://x/y")
        #expect(error.requestId == "r")
    }

    @Test func azureContentFilterBodyNamesTheCategories() {
        let body = Data(
            """
            {"error": {"message": "The response was filtered", "type": null, "param": "prompt", "code": "content_filter",
              "status": 400, "innererror": {"code": "ResponsibleAIPolicyViolation",
              "content_filter_result": {"hate": {"filtered": false, "severity": "safe"},
                                        "violence": {"filtered": true, "severity": "high"},
                                        "jailbreak": {"filtered": true, "detected": true}}}}}
            """.utf8)
        let error = OpenAIErrorMapper.error(status: 400, body: body)
        #expect(error.code == .contentFiltered)
        #expect(error.providerCode == "content_filter")
        #expect(error.hint?.contains("jailbreak, violence") == true)
        #expect(!error.isRetryable && !error.triggersFailover)
    }

    @Test func innerErrorCodeAloneMeansContentFilter() {
        let body = Data(#"{"error": {"message": "x", "innererror": {"code": "ResponsibleAIPolicyViolation"}}}"#.utf8)
        #expect(OpenAIErrorMapper.error(status: 400, body: body).code == .contentFiltered)
    }

    @Test func providerMessageAndRetryAfterAreKept() {
        let error = OpenAIErrorMapper.error(
            status: 429, body: Self.body("429", "Requests exceed the limit"), retryAfter: .seconds(2))
        #expect(error.providerMessage == "Requests exceed the limit")
        #expect(error.message == "HTTP 429: Requests exceed the limit")
        #expect(error.retryAfter == .seconds(2))
        #expect(error.hint == "retry after 2 s")
    }
}
