import LLMMedia

/// The one error type of swift-llm: a stable ``code`` plus everything known about the failure.
///
/// Never contains an API key: messages are built by the library, and provider bodies are the
/// service's own words.
public struct LLMError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a stable category.
    public var code: LLMErrorCode
    /// What went wrong, in a sentence.
    public var message: String
    /// How to fix it, when the library knows.
    public var hint: String?
    /// The parameter at fault, for validation errors (`temperature`, `messages[2].content`, ...).
    public var parameter: String?
    /// The HTTP status the service answered, if any.
    public var httpStatus: Int?
    /// The service's own error code or type, verbatim.
    public var providerCode: String?
    /// The service's own error message.
    public var providerMessage: String?
    /// The raw error body, truncated, for diagnosis.
    public var body: String?
    /// The endpoint that answered (scheme, host and path; never a query or key).
    public var endpoint: String?
    /// The provider's request id (from its response headers) or the caller's.
    public var requestId: String?
    /// How long the service asked the caller to wait, for rate limits.
    public var retryAfter: Duration?
    /// Text already delivered before a stream broke.
    public var partialContent: String?
    /// When every endpoint failed: what each one answered, in attempt order.
    public var attemptErrors: [LLMError]
    /// For `contentFiltered`: the provider's ratings by category (Gemini's safety ratings, Azure's
    /// filter results), so the caller can say what was blocked.
    public var contentFilterResults: ContentFilterResults = [:]
    /// For `invalidOutput`: the model's last answer, verbatim (the JSON text that failed).
    public var rawOutput: String?
    /// For `invalidOutput`: how that answer failed the schema, one item per failure.
    public var validationFailures: [String] = []

    /// Creates an error.
    public init(
        code: LLMErrorCode, message: String, hint: String? = nil, parameter: String? = nil, httpStatus: Int? = nil,
        providerCode: String? = nil, providerMessage: String? = nil, body: String? = nil, endpoint: String? = nil,
        requestId: String? = nil, retryAfter: Duration? = nil, partialContent: String? = nil,
        attemptErrors: [LLMError] = []
    ) {
        self.code = code
        self.message = message
        self.hint = hint
        self.parameter = parameter
        self.httpStatus = httpStatus
        self.providerCode = providerCode
        self.providerMessage = providerMessage
        self.body = body
        self.endpoint = endpoint
        self.requestId = requestId
        self.retryAfter = retryAfter
        self.partialContent = partialContent
        self.attemptErrors = attemptErrors
    }

    /// Whether trying again (after a backoff) may succeed: rate limits, timeouts, server and
    /// connection failures (``LLMErrorCode/handling``). Validation, auth, content filter and
    /// cancellation never are.
    public var isRetryable: Bool { code.handling.retry }

    /// Whether the connector should move on to the next endpoint at once: the endpoint itself is
    /// unhealthy (502/503/504, timeouts, connection failures; ``LLMErrorCode/handling``). A 429,
    /// 408 or 500 is retried in place.
    public var triggersFailover: Bool { code.handling.failover && httpStatus != 408 }

    /// `code: message (hint)` plus the HTTP status and endpoint when known.
    public var description: String {
        var text = "\(code): \(message)"
        if let httpStatus { text += " [HTTP \(httpStatus)]" }
        if let endpoint { text += " at \(endpoint)" }
        if let hint { text += "; \(hint)" }
        return text
    }
}

extension LLMError {
    /// An `invalidRequest` error for a parameter outside its allowed range.
    public static func outOfRange(_ parameter: String, value: String, allowed: String) -> LLMError {
        LLMError(
            code: .invalidRequest, message: "\(parameter) = \(value) is out of range; allowed: \(allowed)",
            hint: "set \(parameter) within \(allowed) or leave it unset", parameter: parameter)
    }

    /// An `invalidRequest` error about one parameter or message.
    public static func invalid(_ parameter: String, _ message: String, hint: String? = nil) -> LLMError {
        LLMError(code: .invalidRequest, message: message, hint: hint, parameter: parameter)
    }

    /// A `cancelled` error.
    public static func cancelled(requestId: String? = nil) -> LLMError {
        LLMError(code: .cancelled, message: "the request was cancelled", requestId: requestId)
    }

    /// Wraps any error as an `LLMError`: an `LLMError` is returned as is, a ``MediaError`` becomes
    /// `invalidRequest`, cancellation `cancelled`, anything else `server` with its description.
    public init(wrapping error: any Error, parameter: String? = nil) {
        if let error = error as? LLMError {
            self = error
        } else if let error = error as? MediaError {
            self.init(
                code: .invalidRequest, message: "\(parameter ?? "media"): \(error.description)", parameter: parameter)
        } else if error is CancellationError {
            self = .cancelled()
        } else {
            self.init(code: .server, message: "unexpected error: \(String(describing: error))")
        }
    }
}
