import Foundation
import LLMSimulator
import SwiftLLM
import Testing

/// The failure classes not covered elsewhere, each ending in its documented outcome (DESIGN.md).
@Suite(.serialized) struct FailureClassTests {
    static func model(_ pair: SimulatorPair) throws -> any LLM {
        try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: pair.connector)
    }

    @Test(arguments: [(403, LLMErrorCode.permissionDenied), (404, .notFound), (400, .invalidRequest)])
    func clientErrorsAreNeitherRetriedNorFailedOver(status: Int, code: LLMErrorCode) async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.status(status))
            let error = await captureError { _ = try await Self.model(pair).getAnswer("x") }
            #expect(error?.code == code)
            #expect(error?.httpStatus == status)
            #expect(pair.primary.requests.count == 1)
            #expect(pair.backup.requests.isEmpty)
        }
    }

    @Test func aBodyThatIsNotJSONIsADecodingErrorAndNotRetried() async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.malformedJSON)
            let error = await captureError { _ = try await Self.model(pair).getAnswer("x") }
            #expect(error?.code == .decoding)
            #expect(
                error?.message.hasPrefix("the response is not a chat completion: {\"id\": \"chatcmpl-broken\"") == true)
            #expect(pair.primary.requests.count == 1)
        }
    }

    @Test func retryAfterAsAnHTTPDateIsHonoured() async throws {
        try await SimulatorPair.with { pair in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            let date = formatter.string(from: Date().addingTimeInterval(2))
            pair.primary.enqueue(.status(429, retryAfter: date))
            let response = try await Self.model(pair).getAnswer("x")
            #expect(response.attempts == 2)
            // The date has one-second resolution, so it is 1 to 2 seconds ahead: the retry (and so
            // the answer) came no earlier than it, however long the first request took to arrive.
            let retryDate = try #require(formatter.date(from: date))
            #expect(Date() >= retryDate)
        }
    }

    @Test func aRetryBudgetOfZeroStillTriesEveryEndpointOnce() async throws {
        try await SimulatorPair.with(retry: RetryPolicy(maxRetries: 0)) { pair in
            pair.primary.enqueue(.status(503))
            pair.backup.enqueue(.status(503))
            let error = await captureError { _ = try await Self.model(pair).getAnswer("x") }
            #expect(error?.code == .serviceUnavailable)
            #expect(error?.attemptErrors.count == 2)
        }
    }

    @Test func aDroppedConnectionBeforeTheAnswerFailsOver() async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.dropConnection)
            let response = try await Self.model(pair).getAnswer("x")
            #expect(response.content == "backup says: x")
        }
    }
}
