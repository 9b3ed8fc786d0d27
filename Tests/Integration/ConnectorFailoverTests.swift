import Foundation
import LLMSimulator
import SwiftLLM
import Testing

@Suite(.serialized) struct ConnectorFailoverTests {
    @Test func answersFromThePrimaryWithAuthAndRequestIds() async throws {
        try await SimulatorPair.with { pair in
            let context = RequestContext(requestId: "req-abc")
            let response = try await pair.connector.send(SimulatorPair.chat("hi there"), context: context)
            #expect(SimulatorPair.content(response.body) == "primary says: hi there")
            #expect(response.info.attempts == 1)
            #expect(response.info.endpointName == "primary")
            #expect(response.info.endpoint.hasSuffix("/openai/deployments/gpt-4.1-mini/chat/completions"))
            #expect(!response.info.endpoint.contains("api-version"))
            #expect(response.info.requestId?.isEmpty == false)
            #expect(
                response.info.rateLimit
                    == RateLimitInfo(
                        remainingRequests: 999, remainingTokens: 99000, limitRequests: 1000, limitTokens: 100000))
            let recorded = try #require(pair.primary.requests.first)
            #expect(recorded.uri == "/openai/deployments/gpt-4.1-mini/chat/completions?api-version=2024-10-21")
            #expect(recorded.headers["api-key"] == SimulatorPair.key)
            #expect(recorded.headers["authorization"] == nil)
            #expect(recorded.headers["x-client-request-id"] == "req-abc")
        }
    }

    @Test func failsOverOn503AtOnceAndCoolsThePrimaryDown() async throws {
        // Any backoff would be an hour, longer than the 60 s deadline: the request could not end
        // with the backup's answer. That tells "no sleep" apart without reading a clock, so a
        // loaded (sanitized) run cannot fail it.
        let hourBackoff = RetryPolicy(baseBackoff: .seconds(3600), maxBackoff: .seconds(3600), jitter: false)
        try await SimulatorPair.with(retry: hourBackoff) { pair in
            pair.primary.enqueue(.status(503))
            let first = try await pair.connector.send(SimulatorPair.chat("one"), context: RequestContext())
            #expect(SimulatorPair.content(first.body) == "backup says: one")
            #expect(first.info.attempts == 2)
            #expect(first.info.endpointName == "backup")
            // The primary is cooling down: the next request goes straight to the backup.
            let second = try await pair.connector.send(SimulatorPair.chat("two"), context: RequestContext())
            #expect(second.info.attempts == 1)
            #expect(second.info.endpointName == "backup")
            #expect(pair.primary.requests.count == 1)
        }
    }

    @Test(arguments: [502, 504])
    func failsOverOnOtherGatewayErrors(status: Int) async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.status(status))
            let response = try await pair.connector.send(SimulatorPair.chat(), context: RequestContext())
            #expect(response.info.endpointName == "backup")
        }
    }

    @Test func failsOverWhenThePrimaryIsTooSlowToAnswer() async throws {
        try await SimulatorPair.with(
            timeouts: Timeouts(
                connect: .seconds(5), attempt: .seconds(5), idle: .seconds(10), total: .seconds(60))
        ) { pair in
            // The attempt timeout also bounds the backup's answer, so it is generous: a loaded
            // machine (the whole suite in parallel, or ThreadSanitizer) answers slowly.
            pair.primary.enqueue(.delayHeaders(.seconds(30)))
            let response = try await pair.connector.send(SimulatorPair.chat(), context: RequestContext())
            #expect(response.info.endpointName == "backup")
            #expect(response.info.attempts == 2)
        }
    }

    @Test func failsOverWhenThePrimaryRefusesConnections() async throws {
        let backup = LLMSimulator(configuration: SimulatorConfiguration(name: "backup"))
        try await backup.start()
        let port = try await closedPort()
        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(baseURL: URL(string: "http://127.0.0.1:\(port)")!, deployment: "d", apiKey: "k"),
                backups: [BackupEndpoint(baseURL: backup.baseURL)]))
        let response = try await connector.send(SimulatorPair.chat(), context: RequestContext())
        #expect(response.info.attempts == 2)
        #expect(SimulatorPair.content(response.body) == "backup says: hello")
        try await connector.shutdown()
        try await backup.shutdown()
    }

    @Test func authenticationErrorIsNeverFailedOver() async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.status(401))
            let error = await captureError {
                _ = try await pair.connector.send(SimulatorPair.chat(), context: RequestContext())
            }
            #expect(error?.code == .authentication)
            #expect(error?.httpStatus == 401)
            #expect(pair.backup.requests.isEmpty)
            #expect(pair.primary.requests.count == 1)
            #expect(error.map { "\($0)" }?.contains(SimulatorPair.key) == false)
        }
    }

    @Test func contentFilterIsNeitherRetriedNorFailedOver() async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.contentFilter)
            let error = await captureError {
                _ = try await pair.connector.send(SimulatorPair.chat(), context: RequestContext())
            }
            #expect(error?.code == .contentFiltered)
            #expect(pair.backup.requests.isEmpty)
            #expect(pair.primary.requests.count == 1)
        }
    }

    @Test func rateLimitIsRetriedInPlaceAfterTheAdvertisedDelay() async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.status(429, retryAfterMs: 400))
            let response = try await pair.connector.send(SimulatorPair.chat(), context: RequestContext())
            #expect(response.info.endpointName == "primary")
            #expect(response.info.attempts == 2)
            #expect(pair.backup.requests.isEmpty)
            let gap = pair.primary.requests[1].receivedAt - pair.primary.requests[0].receivedAt
            #expect(gap >= .milliseconds(400))
        }
    }

    @Test func retryAfterInSecondsIsHonoured() async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.status(429, retryAfter: "1"))
            let response = try await pair.connector.send(SimulatorPair.chat(), context: RequestContext())
            #expect(response.info.attempts == 2)
            let gap = pair.primary.requests[1].receivedAt - pair.primary.requests[0].receivedAt
            #expect(gap >= .seconds(1))
        }
    }

    @Test func retryAfterAboveTheCapSurfacesRateLimitedAtOnce() async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.status(429, retryAfter: "120"))
            let error = await captureError {
                _ = try await pair.connector.send(SimulatorPair.chat(), context: RequestContext())
            }
            #expect(error?.code == .rateLimited)
            #expect(error?.retryAfter == .seconds(120))
            #expect(pair.primary.requests.count == 1)
        }
    }

    @Test(arguments: [500, 408])
    func serverErrorsAreRetriedInPlace(status: Int) async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.status(status))
            let response = try await pair.connector.send(SimulatorPair.chat(), context: RequestContext())
            #expect(response.info.endpointName == "primary")
            #expect(response.info.attempts == 2)
            #expect(pair.backup.requests.isEmpty)
        }
    }

    @Test func aLoneEndpointRetriesA503WithBackoff() async throws {
        try await SimulatorPair.with(withBackup: false) { pair in
            pair.primary.enqueue(.status(503), .status(503))
            let response = try await pair.connector.send(SimulatorPair.chat(), context: RequestContext())
            #expect(response.info.attempts == 3)
            #expect(pair.primary.requests.count == 3)
        }
    }

    @Test func whenEveryEndpointFailsTheErrorSaysWhatEachAnswered() async throws {
        try await SimulatorPair.with(retry: RetryPolicy(maxRetries: 1, baseBackoff: .milliseconds(10))) { pair in
            pair.primary.enqueue(.status(503), .status(503))
            pair.backup.enqueue(.status(502), .status(502))
            let error = await captureError {
                _ = try await pair.connector.send(SimulatorPair.chat(), context: RequestContext())
            }
            #expect(error?.code == .serviceUnavailable)
            #expect(error?.attemptErrors.map(\.httpStatus) == [503, 502, 503, 502])
            #expect(error?.message.hasPrefix("all 4 attempts failed: 127.0.0.1 HTTP 503") == true)
        }
    }

    @Test func theTotalDeadlineHoldsWithASlowPrimaryAndASlowBackup() async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.delayHeaders(.seconds(10)))
            pair.backup.enqueue(.delayHeaders(.seconds(10)))
            let start = ContinuousClock.now
            let error = await captureError {
                _ = try await pair.connector.send(
                    SimulatorPair.chat(), context: RequestContext(timeout: .milliseconds(800)))
            }
            let elapsed = ContinuousClock.now - start
            #expect(error?.code == .timeout)
            #expect(elapsed < .seconds(8))  // not the 10 s either endpoint holds its answer
        }
    }

    @Test func tokenProviderIsAskedOnEachRequest() async throws {
        let calls = Counter()
        let provider: ConnectorConfiguration.TokenProvider = {
            _ = await calls.increment()
            return SimulatorPair.key
        }
        try await SimulatorPair.with(style: .openAI, tokenProvider: provider) { pair in
            _ = try await pair.connector.send(SimulatorPair.chat(), context: RequestContext())
            _ = try await pair.connector.send(SimulatorPair.chat(), context: RequestContext())
            #expect(await calls.increment() == 3)
            #expect(
                pair.primary.requests.map { $0.headers["authorization"] }
                    == Array(repeating: "Bearer \(SimulatorPair.key)", count: 2))
        }
    }

    @Test func openAIStyleUsesBearerAndTheV1Path() async throws {
        try await SimulatorPair.with(style: .openAI) { pair in
            let response = try await pair.connector.send(SimulatorPair.chat(), context: RequestContext())
            #expect(SimulatorPair.content(response.body) == "primary says: hello")
            let recorded = try #require(pair.primary.requests.first)
            #expect(recorded.uri == "/v1/chat/completions")
            #expect(recorded.headers["authorization"] == "Bearer \(SimulatorPair.key)")
            #expect(recorded.headers["api-key"] == nil)
        }
    }

    @Test func aRedirectIsNotFollowed() async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.redirect("http://evil.example/steal"))
            let error = await captureError {
                _ = try await pair.connector.send(SimulatorPair.chat(), context: RequestContext())
            }
            #expect(error?.code == .invalidConfiguration)
            #expect(error?.httpStatus == 307)
        }
    }

    @Test func aHugeBodyIsRejectedAtTheLimit() async throws {
        let simulator = LLMSimulator(configuration: SimulatorConfiguration(name: "big"))
        try await simulator.start()
        var configuration = ConnectorConfiguration(
            primary: Endpoint(baseURL: simulator.baseURL, deployment: "d", apiKey: "k"))
        configuration.maxResponseBytes = 64 * 1024
        let connector = try Connector(configuration: configuration)
        simulator.enqueue(.hugeBody(bytes: 1024 * 1024))
        let error = await captureError { _ = try await connector.send(SimulatorPair.chat(), context: RequestContext()) }
        #expect(error?.code == .decoding)
        #expect(error?.message.contains("maxResponseBytes") == true)
        try await connector.shutdown()
        try await simulator.shutdown()
    }

    @Test func sequentialRequestsReuseThePooledConnections() async throws {
        try await SimulatorPair.with(poolSize: 2, withBackup: false) { pair in
            for index in 0..<1_000 {
                let response = try await pair.connector.send(SimulatorPair.chat("n\(index)"), context: RequestContext())
                #expect(response.info.status == 200)
            }
            #expect(pair.primary.statistics.requests == 1_000)
            #expect(pair.primary.statistics.connectionsAccepted <= 2)
        }
    }
}

/// A counter shared with concurrent closures.
actor Counter {
    private var value = 0

    func increment() -> Int {
        value += 1
        return value
    }
}
