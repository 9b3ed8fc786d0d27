import Foundation
import LLMPostgres
import LLMSQLite
import LLMSharedState
import LLMSimulator
import Logging
import ServiceLifecycle
import SwiftLLM
import Testing

/// The lifetime a Swift server expects, over real sockets: a connector, a router and the simulator
/// run as swift-service-lifecycle services (a graceful shutdown lets what is in flight finish, then
/// closes every connection), and the scoped forms shut down on every path.
@Suite(.serialized) struct LifecycleTests {
    static let logger = Logger(label: "lifecycle-tests")

    /// Waits (with seconds of margin, for a loaded machine) until `condition` holds.
    static func eventually(_ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while !condition() {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    @Test func aGracefulShutdownLetsTheStreamInFlightFinishThenClosesTheConnections() async throws {
        let pair = try await SimulatorPair.start(withBackup: false)
        pair.primary.enqueue(.delayChunks(.milliseconds(200)))
        let model = try LLMFactory.make(metadata: ModelCatalog.metadata(.gpt41Mini), connector: pair.connector)
        let group = ServiceGroup(services: [pair.connector], gracefulShutdownSignals: [], logger: Self.logger)
        let running = Task { try await group.run() }
        var chunks = model.streamAnswer("one two three four five").makeAsyncIterator()
        var text = try #require(try await chunks.next()).textDelta ?? ""
        #expect(pair.connector.requestsInFlight == 1)

        await group.triggerGracefulShutdown()
        #expect(await Self.eventually { pair.connector.isShuttingDown })
        // New requests are refused (a router moves on) while the stream in flight goes on.
        let refused = await captureError { _ = try await model.getAnswer("too late") }
        #expect(refused?.code == .serviceUnavailable)
        #expect(refused?.message.contains("shutting down") == true)
        while let chunk = try await chunks.next() { text += chunk.textDelta ?? "" }
        #expect(text == "primary says: one two three four five")

        try await running.value
        #expect(pair.connector.requestsInFlight == 0)
        #expect(await Self.eventually { pair.primary.statistics.openConnections == 0 })
        try await pair.close()  // a second shutdown does nothing
    }

    @Test func theGracePeriodBoundsTheWaitForAStalledStream() async throws {
        let pair = try await SimulatorPair.start(withBackup: false)
        var configuration = pair.connector.configuration
        configuration.shutdownGracePeriod = .milliseconds(300)
        let connector = try Connector(configuration: configuration)
        pair.primary.enqueue(.delayChunks(.seconds(60)))
        let model = try LLMFactory.make(metadata: ModelCatalog.metadata(.gpt41Mini), connector: connector)
        let group = ServiceGroup(services: [connector], gracefulShutdownSignals: [], logger: Self.logger)
        let running = Task { try await group.run() }
        var chunks = model.streamAnswer("one two three").makeAsyncIterator()
        _ = try await chunks.next()
        await group.triggerGracefulShutdown()
        try await running.value
        // The grace period passed: the client was shut down under the stream, which ends with an error.
        let cut = await captureError { while try await chunks.next() != nil {} }
        #expect(cut?.code == .streamInterrupted || cut?.code == .cancelled, "\(String(describing: cut))")
        try await pair.close()
    }

    @Test func theScopedConnectorShutsDownWhenTheBodyThrows() async throws {
        struct Failed: Error {}
        let pair = try await SimulatorPair.start(withBackup: false)
        var used: Connector?
        do {
            _ = try await withConnector(configuration: pair.connector.configuration) { connector in
                used = connector
                let response = try await connector.send(SimulatorPair.chat("hi"), context: RequestContext())
                #expect(SimulatorPair.content(response.body) == "primary says: hi")
                throw Failed()
            }
            Issue.record("the body's error should come through")
        } catch is Failed {}
        let connector = try #require(used)
        #expect(connector.isShuttingDown)
        let after = await captureError {
            _ = try await connector.send(SimulatorPair.chat("again"), context: RequestContext())
        }
        #expect(after?.code == .serviceUnavailable)
        #expect(await Self.eventually { pair.primary.statistics.openConnections == 0 })
        try await pair.close()
    }

    @Test func withModelHandsOverACatalogModelAndReturnsTheBodysValue() async throws {
        let pair = try await SimulatorPair.start(withBackup: false)
        let answer = try await withModel(.gpt41Mini, configuration: pair.connector.configuration) { model in
            try await model.getAnswer("typed").content
        }
        #expect(answer == "primary says: typed")
        #expect(await Self.eventually { pair.primary.statistics.openConnections == 0 })
        try await pair.close()
    }

    @Test func aRouterDrainsItsStreamsThenShutsItsDeploymentsDown() async throws {
        let pair = try await SimulatorPair.start(withBackup: false)
        pair.primary.enqueue(.delayChunks(.milliseconds(200)))
        let connector = try Connector(configuration: pair.connector.configuration)
        let model = try LLMFactory.make(metadata: ModelCatalog.metadata(.gpt41Mini), connector: connector)
        let router = try LLMRouter(
            configuration: RouterConfiguration(deployments: [
                RouterDeployment(
                    name: "east", group: "chat", model: model, shutdown: { try await connector.shutdown() })
            ]))
        let group = ServiceGroup(services: [router], gracefulShutdownSignals: [], logger: Self.logger)
        let running = Task { try await group.run() }
        var chunks = router.streamAnswer("a b c").makeAsyncIterator()
        var text = try #require(try await chunks.next()).textDelta ?? ""
        await group.triggerGracefulShutdown()
        #expect(await Self.eventually { router.isShuttingDown })
        let refused = await captureError { _ = try await router.getAnswer("late") }
        #expect(refused?.code == .serviceUnavailable)
        let hedged = await captureError { _ = try await router.hedged([.user("late")], across: ["east"]) }
        #expect(hedged?.code == .serviceUnavailable)
        let fanned = await router.fanOut([.user("late")], to: ["east"])
        #expect(fanned.map { (try? $0.get()) == nil } == [true])
        while let chunk = try await chunks.next() { text += chunk.textDelta ?? "" }
        #expect(text == "primary says: a b c")
        try await running.value
        #expect(connector.isShuttingDown)
        try await pair.close()
    }

    @Test func theSimulatorRunsAsAService() async throws {
        let simulator = LLMSimulator()
        let group = ServiceGroup(services: [simulator], gracefulShutdownSignals: [], logger: Self.logger)
        let running = Task { try await group.run() }
        #expect(await Self.eventually { simulator.port != nil })
        let endpoint = Endpoint(
            baseURL: simulator.baseURL.appendingPathComponent("v1"), style: .openAI, deployment: "gpt-4.1-mini",
            name: "sim")
        try await withConnector(
            configuration: ConnectorConfiguration(primary: endpoint, retry: RetryPolicy(maxRetries: 0))
        ) { connector in
            let served = try await connector.send(SimulatorPair.chat("up"), context: RequestContext())
            #expect(SimulatorPair.content(served.body) == "simulator says: up")
            await group.triggerGracefulShutdown()
            try await running.value
            // It stopped listening: the next request finds nothing there.
            let refused = await captureError {
                _ = try await connector.send(SimulatorPair.chat("down"), context: RequestContext())
            }
            #expect(refused?.code == .connectionFailed, "\(String(describing: refused))")
        }
    }

    /// The SQLite stores, and the PostgreSQL ones where `LLM_TEST_POSTGRES_URL` names a database.
    @Test(arguments: StoreKind.shared)
    func theSharedStoresCloseOnTheGracefulShutdown(_ kind: StoreKind) async throws {
        let threads: any ThreadStore & Service
        let limits: any SQLBackedRateLimitStore & Service
        if kind == .postgres {
            let url = try #require(StoreKind.postgresURL)
            // Patient stores: under ThreadSanitizer, beside the other suites, a statement can take
            // longer than the default timeouts.
            threads = try await PostgresThreadStore(url: url, timeout: .seconds(60))
            limits = try PostgresRateLimitStore(url: url, options: StorePair.patient)
        } else {
            let path = StorePair.sqlitePath()
            threads = try await SQLiteThreadStore(path: path, busyTimeout: .seconds(30))
            limits = try await SQLiteRateLimitStore(path: path, options: StorePair.patient)
        }
        #expect(try await threads.contains("none") == false)
        // The rate-limit store answers from the database before the shutdown.
        _ = await limits.reserve(key: StorePair.key(), tokens: 1, limits: RateLimits(requestsPerMinute: 10))
        #expect(limits.isAvailable)
        let group = ServiceGroup(services: [threads, limits], gracefulShutdownSignals: [], logger: Self.logger)
        let running = Task { try await group.run() }
        await group.triggerGracefulShutdown()
        try await running.value
        // Their connections are closed: a statement fails (the thread store says so; the
        // rate-limit store falls back to local limits, as when the database is down).
        var failed = false
        do { _ = try await threads.contains("none") } catch { failed = true }
        #expect(failed)
        let decision = await limits.reserve(key: "k", tokens: 1, limits: RateLimits(requestsPerMinute: 10))
        #expect(!limits.isAvailable, "\(decision)")
    }

    @Test func everyTypedNameHasAProfileAndAMistypedNameSaysTheNearest() throws {
        for model in CatalogModel.all {
            #expect(ModelCatalog.metadata(named: model.rawValue) != nil, "\(model)")
        }
        let error = capture { _ = try ModelCatalog.require(named: "gpt-4.1-mnii") }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.parameter == "model")
        #expect(error?.hint?.contains("'gpt-4.1-mini'") == true, "\(String(describing: error?.hint))")
        #expect(try ModelCatalog.require(named: "claude-haiku-4-5-20251001").name == "claude-haiku-4-5-20251001")
    }
}
