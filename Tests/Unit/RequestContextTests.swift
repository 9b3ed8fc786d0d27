import LLMCore
import Logging
import Testing

@Suite struct RequestContextTests {
    @Test func theLoggerCarriesTheRequestIdAndFollowsIt() {
        var base = Logger(label: "test")
        base.logLevel = .info
        let context = RequestContext(requestId: "req-1", logger: base)
        #expect(context.logger[metadataKey: "llm.request_id"] == "req-1")
        #expect(context.logger.logLevel == .info)
        #expect(context.logs(.info) && context.logs(.error) && !context.logs(.debug))

        let copy = context.withRequestId("req-2")
        #expect(copy.logger[metadataKey: "llm.request_id"] == "req-2")
        #expect(context.logger[metadataKey: "llm.request_id"] == "req-1")

        var replaced = context
        var other = Logger(label: "other")
        other.logLevel = .trace
        replaced.logger = other
        #expect(replaced.logger.label == "other")
        #expect(replaced.logger[metadataKey: "llm.request_id"] == "req-1")
        #expect(replaced.logs(.trace))
    }

}
