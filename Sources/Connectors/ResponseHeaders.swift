import NIOHTTP1

/// The response headers the connector reads, found in one pass (names compared without case and
/// without allocating) under the names the endpoint's API gives (``ResponseHeaderNames``).
struct ResponseHeaders {
    var requestId: String?
    var contentType: String?
    var rateLimit = RateLimitInfo()

    init(_ headers: HTTPHeaders, names: ResponseHeaderNames) {
        var requestIdRank = Int.max
        for (name, value) in headers {
            let utf8 = name.utf8
            if Self.equal(utf8, "content-type") {
                contentType = contentType ?? value
                continue
            }
            for (rank, candidate) in names.requestId.enumerated() where rank < requestIdRank {
                if Self.equal(utf8, candidate) {
                    requestId = value
                    requestIdRank = rank
                }
            }
            if Self.equal(utf8, names.limitRequests) {
                rateLimit.limitRequests = rateLimit.limitRequests ?? Self.count(value)
            } else if Self.equal(utf8, names.remainingRequests) {
                rateLimit.remainingRequests = rateLimit.remainingRequests ?? Self.count(value)
            } else if Self.equal(utf8, names.limitTokens) {
                rateLimit.limitTokens = rateLimit.limitTokens ?? Self.count(value)
            } else if Self.equal(utf8, names.remainingTokens) {
                rateLimit.remainingTokens = rateLimit.remainingTokens ?? Self.count(value)
            }
        }
    }

    /// A count header's value: a whole number of zero or more, else nothing.
    private static func count(_ value: String) -> Int? {
        Int(value).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// ASCII case-insensitive equality with a lower-case name.
    private static func equal(_ name: String.UTF8View, _ lowercase: String?) -> Bool {
        guard let lowercase else { return false }
        let expected = lowercase.utf8
        guard name.count == expected.count else { return false }
        for (byte, wanted) in zip(name, expected) {
            let folded = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
            guard folded == wanted else { return false }
        }
        return true
    }
}
