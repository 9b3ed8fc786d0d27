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
}
