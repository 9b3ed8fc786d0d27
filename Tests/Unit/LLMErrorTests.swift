import LLMCore
import LLMMedia
import Testing

@Suite struct LLMErrorTests {
    static let codes: [(LLMErrorCode, String, retryable: Bool, failover: Bool)] = [
        (.noEndpointsAvailable, "noEndpointsAvailable", true, false),
        (.connectionFailed, "connectionFailed", true, true),
        (.tlsFailure, "tlsFailure", false, false),
        (.timeout, "timeout", true, true),
        (.modelNotAvailable, "modelNotAvailable", false, false),
        (.rateLimited, "rateLimited", true, false),
        (.invalidPrompt, "invalidPrompt", false, false),
        (.invalidRequest, "invalidRequest", false, false),
        (.authentication, "authentication", false, false),
        (.permissionDenied, "permissionDenied", false, false),
        (.notFound, "notFound", false, false),
        (.contentFiltered, "contentFiltered", false, false),
        (.contextLengthExceeded, "contextLengthExceeded", false, false),
        (.serviceUnavailable, "serviceUnavailable", true, true),
        (.server, "server", true, false),
        (.decoding, "decoding", false, false),
        (.unsupportedOperation, "unsupportedOperation", false, false),
        (.cancelled, "cancelled", false, false),
        (.invalidConfiguration, "invalidConfiguration", false, false),
        (.streamInterrupted, "streamInterrupted", false, false),
    ]

    @Test(arguments: codes.indices)
    func eachCodeHasAStableNameAndPolicy(index: Int) {
        let (code, name, retryable, failover) = Self.codes[index]
        #expect(code.rawValue == name)
        let error = LLMError(code: code, message: "m")
        #expect(error.isRetryable == retryable, "\(name) retryable")
        #expect(error.triggersFailover == failover, "\(name) failover")
    }

    @Test func http408TimeoutRetriesInPlaceInsteadOfFailingOver() {
        let error = LLMError(code: .timeout, message: "request timeout", httpStatus: 408)
        #expect(error.isRetryable)
        #expect(!error.triggersFailover)
    }

    @Test func descriptionCarriesCodeStatusEndpointAndHint() {
        let error = LLMError(
            code: .rateLimited, message: "too many requests", hint: "slow down", httpStatus: 429,
            endpoint: "https://east.openai.azure.com/openai/deployments/d/chat/completions")
        #expect(
            error.description
                == "rateLimited: too many requests [HTTP 429] at https://east.openai.azure.com/openai/deployments/d/chat/completions; slow down"
        )
    }

    @Test func wrappingKeepsLLMErrorsAndMapsOthers() {
        let original = LLMError(code: .timeout, message: "t")
        #expect(LLMError(wrapping: original) == original)
        #expect(LLMError(wrapping: CancellationError()).code == .cancelled)
        let media = LLMError(wrapping: MediaError.empty, parameter: "messages[0].content[1]")
        #expect(media.code == .invalidRequest)
        #expect(media.parameter == "messages[0].content[1]")
        #expect(media.message == "messages[0].content[1]: the media is empty (0 bytes)")
        struct Other: Error {}
        #expect(LLMError(wrapping: Other()).code == .server)
    }

    @Test func customCodesCanBeAdded() {
        let custom = LLMErrorCode(rawValue: "quotaExhausted")
        #expect(custom != .rateLimited)
        #expect(LLMError(code: custom, message: "m").isRetryable == false)
    }
}
