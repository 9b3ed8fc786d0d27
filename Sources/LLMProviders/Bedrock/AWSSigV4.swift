import Crypto
public import Foundation
import LLMSupport

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for one service in one region, as a pure function
/// of the request, the credentials and the time: the canonical request (the URI path encoded
/// again, as SigV4 requires for every service but S3; the query sorted; the signed headers
/// lower-cased, trimmed and sorted), the string to sign over the credential scope
/// (`DATE/REGION/SERVICE/aws4_request`), the signing key derived by HMAC-SHA256 from the secret,
/// and the `Authorization` header.
public struct AWSSigV4: Sendable {
    /// The region signed for (`us-east-1`).
    public var region: String
    /// The service's signing name (`bedrock` for bedrock-runtime).
    public var service: String

    /// Creates a signer.
    public init(region: String, service: String) {
        self.region = region
        self.service = service
    }

    /// What signing adds to a request.
    public struct Signature: Sendable, Hashable {
        /// The headers to set: `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token` (with a
        /// session token) and `authorization`.
        public var headers: [(String, String)] {
            var headers = [("x-amz-date", amzDate)]
            if signsPayloadHash { headers.append(("x-amz-content-sha256", payloadHash)) }
            if let token = securityToken { headers.append(("x-amz-security-token", token)) }
            headers.append(("authorization", authorization))
            return headers
        }
        /// `YYYYMMDD'T'HHMMSS'Z'`.
        public var amzDate: String
        /// The body's SHA-256, lower-case hex.
        public var payloadHash: String
        /// Whether `x-amz-content-sha256` was signed (and is to be sent).
        public var signsPayloadHash: Bool
        /// The session token, sent and signed when the credentials have one.
        public var securityToken: String?
        /// `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
        public var authorization: String
        /// The canonical request that was signed (for diagnosis; it holds no secret).
        public var canonicalRequest: String

        /// Signatures are equal when their `Authorization` headers are.
        public static func == (lhs: Signature, rhs: Signature) -> Bool { lhs.authorization == rhs.authorization }
        /// Hashes the `Authorization` header.
        public func hash(into hasher: inout Hasher) { hasher.combine(authorization) }
    }

    /// Signs `method url` with `body` and the extra `headers` to sign (besides `host`,
    /// `x-amz-date`, `x-amz-content-sha256` unless `signsPayloadHash` is false, and, with a session
    /// token, `x-amz-security-token`) at `date`.
    public func sign(
        method: String, url: URL, headers: [(String, String)] = [], body: Data, credentials: AWSCredentials,
        date: Date, signsPayloadHash: Bool = true
    ) -> Signature {
        let amzDate = Self.timestamp(date)
        let day = String(amzDate.prefix(8))
        let payloadHash = lowercaseHex(SHA256.hash(data: body))
        var signed: [(String, String)] = headers.map { ($0.0.lowercased(), Self.trimmed($0.1)) }
        signed.append(("host", Self.host(of: url)))
        signed.append(("x-amz-date", amzDate))
        if signsPayloadHash { signed.append(("x-amz-content-sha256", payloadHash)) }
        let token = credentials.sessionToken?.reveal()
        if let token { signed.append(("x-amz-security-token", token)) }
        // Headers with the same name are joined by commas, in order.
        var joined: [String: String] = [:]
        for (name, value) in signed { joined[name] = joined[name].map { "\($0),\(value)" } ?? value }
        let names = joined.keys.sorted()
        let signedHeaders = names.joined(separator: ";")
        let canonicalHeaders = names.map { "\($0):\(joined[$0]!)\n" }.joined()
        let canonicalRequest = [
            method.uppercased(), Self.canonicalPath(url), Self.canonicalQuery(url), canonicalHeaders, signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256", amzDate, scope, lowercaseHex(SHA256.hash(data: Data(canonicalRequest.utf8))),
        ].joined(separator: "\n")
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey.reveal())".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let signature = lowercaseHex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        return Signature(
            amzDate: amzDate, payloadHash: payloadHash, signsPayloadHash: signsPayloadHash, securityToken: token,
            authorization:
                "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)",
            canonicalRequest: canonicalRequest)
    }

    /// `YYYYMMDD'T'HHMMSS'Z'` in UTC.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return
            "\(parts.year ?? 1970)\(two(parts.month))\(two(parts.day))T\(two(parts.hour))\(two(parts.minute))\(two(parts.second))Z"
    }

    /// The host as signed: with the port when it is not the scheme's default.
    static func host(of url: URL) -> String {
        let host = url.host ?? ""
        guard let port = url.port else { return host }
        let defaultPort = url.scheme?.lowercased() == "http" ? 80 : 443
        return port == defaultPort ? host : "\(host):\(port)"
    }

    /// The URI path as sent (already percent-encoded), encoded once more; `/` when empty.
    static func canonicalPath(_ url: URL) -> String {
        let path = url.path(percentEncoded: true)
        return path.isEmpty ? "/" : uriEncode(path, keepSlash: true)
    }

    /// The query's parameters, each name and value URI-encoded, sorted by name then value.
    static func canonicalQuery(_ url: URL) -> String {
        guard let query = url.query(percentEncoded: true), !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: false).map { item -> (String, String) in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String { String(text).removingPercentEncoding ?? String(text) }
            return (
                uriEncode(decoded(parts[0]), keepSlash: false),
                uriEncode(parts.count > 1 ? decoded(parts[1]) : "", keepSlash: false)
            )
        }
        return pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    private static let upperHex = Array("0123456789ABCDEF".utf8)

    /// RFC 3986 encoding: everything but `A-Z a-z 0-9 - _ . ~` (and `/` when kept) as `%XX`.
    static func uriEncode(_ text: String, keepSlash: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x5F, 0x2E, 0x7E: out.unicodeScalars.append(.init(byte))
            case 0x2F where keepSlash: out.append("/")
            default:
                out.unicodeScalars.append(.init(0x25))
                out.unicodeScalars.append(.init(upperHex[Int(byte >> 4)]))
                out.unicodeScalars.append(.init(upperHex[Int(byte & 0x0F)]))
            }
        }
        return out
    }

    /// A header value as signed: trimmed, inner runs of spaces made one.
    static func trimmed(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }
}
