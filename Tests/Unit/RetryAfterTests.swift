import Foundation
import Testing

@testable import Connectors

@Suite struct RetryAfterTests {
    @Test func retryAfterForms() {
        #expect(RetryAfter.parse(retryAfterMs: "1500", retryAfter: "9") == .milliseconds(1500))
        #expect(RetryAfter.parse(retryAfterMs: nil, retryAfter: "3") == .seconds(3))
        #expect(RetryAfter.parse(retryAfterMs: nil, retryAfter: "0.25") == .milliseconds(250))
        #expect(RetryAfter.parse(retryAfterMs: "junk", retryAfter: nil) == nil)
        let now = Date(timeIntervalSince1970: 784_111_767)  // Sun, 06 Nov 1994 08:49:27 GMT
        #expect(
            RetryAfter.parse(retryAfterMs: nil, retryAfter: "Sun, 06 Nov 1994 08:49:37 GMT", now: now) == .seconds(10))
        #expect(RetryAfter.parse(retryAfterMs: nil, retryAfter: "Sun, 06 Nov 1994 08:49:00 GMT", now: now) == .zero)
        #expect(RetryAfter.parse(retryAfterMs: nil, retryAfter: "someday") == nil)
    }

    /// Whatever a server writes, the wait is a day at most, never a trap; what is not a wait
    /// (negative, not finite, not a number) is ignored.
    @Test(
        arguments: [
            ("1e300", nil, .seconds(86_400)), ("9223372036854775807", nil, .seconds(86_400)),
            (nil, "1e30", .seconds(86_400)), ("inf", nil, nil), ("nan", nil, nil), ("-5", nil, nil), (nil, "-1", nil),
            (nil, "infinity", nil), (nil, "Fri, 31 Dec 9999 23:59:59 GMT", .seconds(86_400)),
        ] as [(String?, String?, Duration?)])
    func absurdValuesAreClampedOrIgnored(ms: String?, seconds: String?, expected: Duration?) {
        #expect(RetryAfter.parse(retryAfterMs: ms, retryAfter: seconds) == expected)
    }
}
