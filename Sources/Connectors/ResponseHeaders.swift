import NIOHTTP1

/// The response headers the connector reads, found in one pass (names compared without case and
/// without allocating), instead of one scan of every header per name.
struct ResponseHeaders {
    var apimRequestId: String?
    var requestId: String?
    var contentType: String?
    var rateLimit = RateLimitInfo()

    init(_ headers: HTTPHeaders) {
        for (name, value) in headers {
            let utf8 = name.utf8
            switch utf8.count {
            case 12 where Self.equal(utf8, "content-type"): contentType = contentType ?? value
            case 12 where Self.equal(utf8, "x-request-id"): requestId = requestId ?? value
            case 15 where Self.equal(utf8, "apim-request-id"): apimRequestId = apimRequestId ?? value
            case 26 where Self.equal(utf8, "x-ratelimit-limit-requests"):
                rateLimit.limitRequests = rateLimit.limitRequests ?? Int(value)
            case 24 where Self.equal(utf8, "x-ratelimit-limit-tokens"):
                rateLimit.limitTokens = rateLimit.limitTokens ?? Int(value)
            case 30 where Self.equal(utf8, "x-ratelimit-remaining-requests"):
                rateLimit.remainingRequests = rateLimit.remainingRequests ?? Int(value)
            case 28 where Self.equal(utf8, "x-ratelimit-remaining-tokens"):
                rateLimit.remainingTokens = rateLimit.remainingTokens ?? Int(value)
            default: continue
            }
        }
    }

    /// ASCII case-insensitive equality with a lowercase name.
    private static func equal(_ name: String.UTF8View, _ lowercase: StaticString) -> Bool {
        var offset = 0
        for byte in name {
            let folded = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
            guard folded == lowercase.utf8Start[offset] else { return false }
            offset += 1
        }
        return offset == lowercase.utf8CodeUnitCount
    }
}
