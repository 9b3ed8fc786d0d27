import Connectors
import Foundation
import LLMProviders
import NIOHTTP1

extension LLMSimulator {
    /// Answers Bedrock's Converse and ConverseStream (`POST /model/{modelId}/converse[-stream]`):
    /// SigV4 verified against ``SimulatorConfiguration/aws`` (or a Bedrock API key as a bearer
    /// token), the queued fault in Bedrock's shapes (`x-amzn-errortype` and `{"message": ...}`;
    /// exception frames inside a stream), answers as JSON or as `application/vnd.amazon.eventstream`
    /// frames, each written in two pieces; returns false to close the connection.
    func respondBedrock(_ exchange: SimulatorExchange) async throws -> Bool {
        let (route, uri, method, headers, body) = (
            exchange.route, exchange.uri, exchange.method, exchange.headers, exchange.body
        )
        let (requestNumber, writer) = (exchange.requestNumber, exchange.writer)
        guard case .converse(let model, let stream) = route.operation else { return false }
        let requestId = "sim-bedrock-\(requestNumber)"
        func fail(_ status: Int, _ type: String, _ message: String, extra: [(String, String)] = []) async throws -> Bool
        {
            try await writer.json(
                status, ChatResponder.json(["message": message]),
                extra: [
                    ("x-amzn-requestid", requestId),
                    ("x-amzn-errortype", "\(type):http://internal.amazon.com/coral/com.amazon.bedrock/"),
                ]
                    + extra, standardHeaders: false)
            return true
        }
        if let (type, message) = bedrockAuthFailure(method: method, uri: uri, headers: headers, body: body) {
            return try await fail(403, type, message)
        }
        let fault = nextFault()
        switch fault {
        case .status(let status, let retryAfterMs, let retryAfter)?:
            var extra: [(String, String)] = []
            if let retryAfterMs { extra.append(("retry-after-ms", String(retryAfterMs))) }
            if let retryAfter { extra.append(("retry-after", retryAfter)) }
            let (type, message) = BedrockResponder.error(forStatus: status)
            return try await fail(status, type, message, extra: extra)
        case .quotaExhausted?:
            return try await fail(
                400, "ServiceQuotaExceededException",
                "Your request exceeds the service quota for your account. You can view your quotas at Service Quotas.")
        default:
            if let keepOpen = try await transportFault(fault, writer: writer, standardHeaders: false) {
                return keepOpen
            }
        }
        guard method == .POST, let request = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            return try await fail(
                400, "ValidationException", "Malformed input request, please reformat your input and try again.")
        }
        var responder = BedrockResponder(name: configuration.name, model: model, request: request)
        if let rejection = responder.rejection() {
            return try await fail(rejection.status, rejection.type, rejection.message)
        }
        responder.script = nextScript()
        let cached: Bool? = responder.cachedPrefix.map { prefix in
            state.withLockedValue { !$0.cachedPrefixes.insert("bedrock:" + prefix).inserted }
        }
        guard stream else {
            if fault == .malformedJSON {
                try await writer.json(
                    200, Data(#"{"output": {"message": "#.utf8), extra: [("x-amzn-requestid", requestId)],
                    standardHeaders: false)
                return true
            }
            try await writer.json(
                200, responder.response(cached: cached, guardrail: fault == .contentFilter),
                extra: [("x-amzn-requestid", requestId)], standardHeaders: false)
            return true
        }
        var frames = responder.events(
            wordsPerChunk: configuration.wordsPerChunk, cached: cached,
            guardrail: fault == .contentFilter || fault == .contentFilterFinish,
            missingStop: fault == .missingTerminator
        ).map { type, payload in Self.frame(event: type, payload: payload) }
        // A service failure after this many events past messageStart (0: before any content).
        let errorAt: Int? =
            switch fault {
            case .errorInStream?: 2
            case .streamError(let after)?: 1 + after
            default: nil
            }
        if let errorAt {
            let at = min(errorAt, frames.count)
            frames =
                Array(frames[..<at]) + [
                    Self.frame(
                        exception: "serviceUnavailableException",
                        payload: ChatResponder.json(["message": "Bedrock is unable to process your request."]))
                ]
        }
        if fault == .malformedJSON {
            frames.insert(
                Self.frame(event: "contentBlockDelta", payload: Data("{not json".utf8)), at: min(1, frames.count))
        }
        try await writer.startStream(
            extra: [("x-amzn-requestid", requestId)], contentType: "application/vnd.amazon.eventstream")
        guard
            try await writeStream(
                count: frames.count, fault: fault,
                write: { index in
                    try await writer.bytes(frames[index], split: 7 + index % 13)
                })
        else { return false }
        try await writer.endStream()
        return true
    }

    /// An event frame: `:event-type`, `:content-type` and `:message-type` headers, the payload.
    static func frame(event type: String, payload: Data) -> [UInt8] {
        EventStreamMessage(
            headers: [
                (":event-type", .string(type)), (":content-type", .string("application/json")),
                (":message-type", .string("event")),
            ], payload: Array(payload)
        ).encoded()
    }

    /// An exception frame (`:exception-type`, `:message-type` `exception`).
    static func frame(exception type: String, payload: Data) -> [UInt8] {
        EventStreamMessage(
            headers: [
                (":exception-type", .string(type)), (":content-type", .string("application/json")),
                (":message-type", .string("exception")),
            ], payload: Array(payload)
        ).encoded()
    }

    /// Why Bedrock would refuse the request's credentials (the error type and message), or nil.
    /// With ``SimulatorConfiguration/aws``, a SigV4 signature is recomputed from the request as it
    /// arrived (method, path and query as sent, the signed headers' values, the body) and must
    /// match; its credential scope must name the configured region and `bedrock`, its date be
    /// within five minutes, and a configured session token be sent. A bearer token must be
    /// ``SimulatorConfiguration/apiKey``.
    func bedrockAuthFailure(method: HTTPMethod, uri: String, headers: [String: String], body: Data) -> (String, String)?
    {
        let invalidToken = ("UnrecognizedClientException", "The security token included in the request is invalid.")
        let authorization = headers["authorization"] ?? ""
        if authorization.hasPrefix("Bearer ") {
            let token = String(authorization.dropFirst("Bearer ".count))
            if let key = configuration.apiKey { return token == key ? nil : invalidToken }
            return configuration.aws == nil ? nil : invalidToken
        }
        guard let aws = configuration.aws else {
            return configuration.apiKey == nil
                ? nil : ("MissingAuthenticationTokenException", "Missing Authentication Token")
        }
        guard authorization.hasPrefix("AWS4-HMAC-SHA256 ") else {
            return ("MissingAuthenticationTokenException", "Missing Authentication Token")
        }
        var fields: [String: String] = [:]
        for part in authorization.dropFirst("AWS4-HMAC-SHA256 ".count).split(separator: ",") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
        }
        let scope = (fields["Credential"] ?? "").split(separator: "/").map(String.init)
        guard scope.count == 5, scope[0] == aws.credentials.accessKeyId else { return invalidToken }
        guard scope[2] == aws.region, scope[3] == "bedrock" else {
            return (
                "InvalidSignatureException",
                "Credential should be scoped to a valid region and service, not '\(scope[2])/\(scope[3])'."
            )
        }
        guard headers["x-amz-security-token"] == aws.credentials.sessionToken?.reveal() else { return invalidToken }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        guard let stamp = headers["x-amz-date"], let date = formatter.date(from: stamp) else {
            return (
                "IncompleteSignatureException",
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
            )
        }
        guard abs(date.timeIntervalSinceNow) <= 300 else {
            return (
                "InvalidSignatureException",
                "Signature expired: \(stamp) is more than 5 minutes from the server's time."
            )
        }
        let names = (fields["SignedHeaders"] ?? "").split(separator: ";").map(String.init)
        let implicit: Set<String> = ["host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token"]
        let extra = names.filter { !implicit.contains($0) }.map { ($0, headers[$0] ?? "") }
        guard names.contains("host"), let url = URL(string: "http://\(headers["host"] ?? "")\(uri)") else {
            return ("InvalidSignatureException", "The host header must be signed.")
        }
        let expected = AWSSigV4(region: aws.region, service: "bedrock").sign(
            method: method.rawValue, url: url, headers: extra, body: body, credentials: aws.credentials, date: date,
            signsPayloadHash: names.contains("x-amz-content-sha256"))
        guard expected.authorization == authorization else {
            return (
                "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
            )
        }
        return nil
    }
}
