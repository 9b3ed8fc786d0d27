import Foundation
import LLMPostgres
import LLMSQLite
import LLMSharedState
import LLMSimulator
import SwiftLLM
import Testing

/// Replicas sharing one quota through a SQL store, over real sockets: a 429 one replica saw pauses
/// the others, a cooldown one set sends the others to the backup, a router's deployment cooldown
/// reaches a sibling router, three `llm batch` processes together stay within 600 requests a
/// minute (the simulator's arrival times are the evidence), and a database killed mid-batch loses
/// no request. A "replica" is a connector or router with its own store handle (its own connections
/// to the database) or, in the `llm` tests, a process of its own.
@Suite(.serialized) struct SharedStateIntegrationTests {
    /// Connector configurations of `pair`'s endpoints over each store handle.
    static func replicas(_ pair: SimulatorPair, _ stores: StorePair, retry: RetryPolicy? = nil) throws -> [Connector] {
        try [stores.first, stores.second].map { store in
            var configuration = pair.connector.configuration
            configuration.rateLimitStore = store
            if let retry { configuration.retry = retry }
            return try Connector(configuration: configuration)
        }
    }

    @Test(arguments: StoreKind.shared)
    func aRetryAfterOneReplicaSawPausesTheOther(kind: StoreKind) async throws {
        try await StorePair.with(kind) { stores in
            try await SimulatorPair.with(withBackup: false) { pair in
                let replicas = try Self.replicas(pair, stores, retry: RetryPolicy(maxRetries: 0))
                pair.primary.enqueue(.status(429, retryAfterMs: 3_000))
                // The first replica gets the 429 and gives up (no retries left).
                await #expect(throws: LLMError.self) {
                    _ = try await replicas[0].send(SimulatorPair.chat("one"), context: RequestContext())
                }
                // The second never saw it, yet waits for the pause before it sends: its request
                // arrives no sooner than the pause allows, and when it started well inside the
                // pause it says it waited (a machine loaded enough to spend the whole pause between
                // the two sends leaves nothing to wait for; the arrival times still hold).
                let events = EventLog()
                let started = ContinuousClock.now
                let answer = try await replicas[1].send(
                    SimulatorPair.chat("two"), context: RequestContext(eventHandler: { events.append($0) }))
                #expect(SimulatorPair.content(answer.body) == "primary says: two")
                let arrivals = pair.primary.requests.map(\.receivedAt)
                #expect(arrivals.count == 2)
                #expect(arrivals[1] - arrivals[0] >= .milliseconds(2_800))
                if started < arrivals[0] + .milliseconds(2_500) {
                    #expect(events.count(of: .waitedForRateLimit) >= 1)
                }
                for replica in replicas { try await replica.shutdown() }
            }
        }
    }

    @Test(arguments: StoreKind.shared)
    func aCooldownOneReplicaSetSendsTheOtherStraightToTheBackup(kind: StoreKind) async throws {
        try await StorePair.with(kind) { stores in
            try await SimulatorPair.with { pair in
                let replicas = try Self.replicas(pair, stores)
                pair.primary.enqueue(.status(503))
                let first = try await replicas[0].send(SimulatorPair.chat("one"), context: RequestContext())
                #expect(first.info.endpointName == "backup")
                // The primary answers again, but the second replica skips it: the first cooled it down.
                let second = try await replicas[1].send(SimulatorPair.chat("two"), context: RequestContext())
                #expect(second.info.endpointName == "backup")
                #expect(second.info.attempts == 1)
                #expect(pair.primary.requests.count == 1)
                for replica in replicas { try await replica.shutdown() }
            }
        }
    }

    @Test(arguments: StoreKind.shared)
    func aDeploymentCooldownOneRouterSetIsHonouredByTheOther(kind: StoreKind) async throws {
        try await StorePair.with(kind) { stores in
            // Names of this run's own: the database outlives the test (and the cooldown is a minute).
            let (eastName, westName) = (StorePair.key("east"), StorePair.key("west"))
            let east = try await RouterIntegrationTests.simulator("east", faults: [(.status(503), 1)])
            let west = try await RouterIntegrationTests.simulator("west")
            var routers: [LLMRouter] = []
            for store in [stores.first, stores.second] {
                routers.append(
                    try LLMRouter(
                        configuration: RouterConfiguration(
                            deployments: [
                                try RouterIntegrationTests.deployment(eastName, on: east),
                                try RouterIntegrationTests.deployment(westName, on: west),
                            ], allowedFails: 1, cooldown: .seconds(60), cooldownStore: store)))
            }
            let first = try await routers[0].getAnswer([.user("one")])
            #expect(first.routing?.deployment == westName)
            #expect(first.routing?.fallbacks == 1)
            // The second router never saw east fail, yet skips it.
            let second = try await routers[1].getAnswer([.user("two")])
            #expect(second.routing?.deployment == westName)
            #expect(second.routing?.fallbacks == 0)
            #expect(east.requests.count == 1)
            for router in routers { try await router.shutdown() }
            try await east.shutdown()
            try await west.shutdown()
        }
    }

    /// The `--state` argument of a store of `kind` (a new SQLite file, or the test database).
    static func stateArgument(_ kind: StoreKind) throws -> String {
        kind == .sqlite ? "sqlite:\(StorePair.sqlitePath())" : try #require(StoreKind.postgresURL)
    }

    /// Writes `count` prompts, ids prefixed with `prefix`, to a new input file.
    static func input(_ prefix: String, count: Int) throws -> String {
        let path = BatchCLITests.temporaryPath("\(prefix).jsonl")
        let lines = (0..<count).map { #"{"id": "\#(prefix)-\#($0)", "prompt": "p\#($0)"}"# }
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `llm batch` of `input` with `--state`; a loaded machine must not make the database count as
    /// down (local limits would then admit more), so statements may take `stateTimeout` seconds.
    static func batch(
        _ input: String, output: String, simulator: LLMSimulator, state: String, rpm: Int, stateTimeout: String = "30"
    ) async throws -> CLIRunner.Result {
        try await CLIRunner.run([
            "batch", input, "--output", output, "--concurrency", "16", "--endpoint", simulator.baseURL.absoluteString,
            "--deployment", "gpt-4.1-mini", "--api-key", CLITests.key, "--rpm", "\(rpm)", "--state", state,
            "--state-timeout", stateTimeout,
        ])
    }

    @Test(arguments: StoreKind.shared)
    func threeBatchProcessesShareSixHundredRequestsAMinute(kind: StoreKind) async throws {
        let state = try Self.stateArgument(kind)
        // The key of the quota is the endpoint's URL: a fresh simulator, a fresh bucket.
        try await CLITests.withSimulator { simulator in
            let perProcess = 220
            // The bucket fills at the first admission, which is after this (and before the first
            // arrival, by that request's own latency): the bound below counts the refill from here.
            let launched = ContinuousClock.now
            let results = try await withThrowingTaskGroup(of: (CLIRunner.Result, String).self) { group in
                for process in 0..<3 {
                    let input = try Self.input("p\(process)", count: perProcess)
                    let output = BatchCLITests.temporaryPath("out\(process).jsonl")
                    group.addTask {
                        (
                            try await Self.batch(input, output: output, simulator: simulator, state: state, rpm: 600),
                            output
                        )
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for (result, output) in results {
                #expect(result.status == 0, "\(result.stderr)")
                #expect(try BatchCLITests.outputLines(output).filter { $0["ok"] as? Bool == true }.count == perProcess)
            }
            // 660 requests against a bucket of 600 refilled 10 a second: by each arrival, no more
            // than the burst plus what refilled since the processes started (one more for
            // rounding). Three unshared buckets would let all 660 through in the first second.
            let arrivals = simulator.requests.map(\.receivedAt).sorted()
            #expect(arrivals.count == 3 * perProcess)
            guard let start = arrivals.first else { return }
            var worst = 0.0
            for (index, arrival) in arrivals.enumerated() {
                let allowed = 600 + 10 * Double((arrival - launched) / .seconds(1)) + 1
                worst = max(worst, Double(index + 1) - allowed)
            }
            #expect(worst <= 0, "admitted \(worst) over the limit")
            // And the bucket did hold them back: the last 60 needed about 6 s of refill.
            #expect(arrivals.last! - start >= .seconds(5))
        }
    }

    /// `llm chat PROMPT` against `endpoint` (and `backups`), sharing `state`.
    static func chat(
        _ prompt: String, endpoint: URL, backups: [URL] = [], key: String = CLITests.key, state: String
    ) async throws -> CLIRunner.Result {
        try await CLIRunner.run(
            [
                "chat", prompt, "--endpoint", endpoint.absoluteString, "--deployment", "gpt-4.1-mini", "--api-key",
                key, "--state", state, "--state-timeout", "30",
            ] + backups.flatMap { ["--backup-endpoint", $0.absoluteString] })
    }

    /// A handle of the test's own on the database of `state`.
    static func observer(_ state: String) async throws -> any SQLBackedRateLimitStore {
        if state.hasPrefix("sqlite:") {
            return try await SQLiteRateLimitStore(
                path: String(state.dropFirst("sqlite:".count)), options: StorePair.patient)
        }
        return try PostgresRateLimitStore(url: state, options: StorePair.patient)
    }

    @Test(arguments: StoreKind.shared)
    func aRetryAfterOneProcessSawPausesAnotherProcess(kind: StoreKind) async throws {
        let state = try Self.stateArgument(kind)
        let observer = try await Self.observer(state)
        try await CLITests.withSimulator { simulator in
            simulator.enqueue(.status(429, retryAfterMs: 3_000))
            let first = Task { try await Self.chat("one", endpoint: simulator.baseURL, state: state) }
            // Start the second process once the first has written the pause (a reservation without
            // limits waits only for a pause).
            let key = Endpoint(baseURL: simulator.baseURL, style: .azure, deployment: "gpt-4.1-mini").rateLimitKey
            let giveUp = ContinuousClock.now + .seconds(60)
            while await observer.reserve(key: key, tokens: 0, limits: RateLimits()) == .admitted,
                ContinuousClock.now < giveUp
            {
                try await Task.sleep(for: .milliseconds(20))
            }
            let second = try await Self.chat("two", endpoint: simulator.baseURL, state: state)
            let one = try await first.value
            #expect(one.status == 0, "\(one.stderr)")
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdout.contains("sim says: two"))
            // The 429, the first's retry after it, and the second, which also waited for the pause.
            let requests = simulator.requests
            #expect(requests.count == 3)
            let limited = try #require(requests.first?.receivedAt)
            let two = try #require(requests.first { String(decoding: $0.body, as: UTF8.self).contains("two") })
            #expect(two.receivedAt - limited >= .milliseconds(2_500))
        }
        try await observer.shutdown()
    }

    @Test(arguments: StoreKind.shared)
    func aCooldownOneProcessSetSendsAnotherProcessStraightToTheBackup(kind: StoreKind) async throws {
        let state = try Self.stateArgument(kind)
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.status(503))
            let first = try await Self.chat(
                "one", endpoint: pair.primary.baseURL, backups: [pair.backup.baseURL], key: SimulatorPair.key,
                state: state)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("backup says: one"))
            // The primary answers again, but the second process never asks it.
            let second = try await Self.chat(
                "two", endpoint: pair.primary.baseURL, backups: [pair.backup.baseURL], key: SimulatorPair.key,
                state: state)
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdout.contains("backup says: two"))
            #expect(pair.primary.requests.count == 1)
        }
    }

    /// A second throwaway cluster that this test kills (`.ci/run` starts it): its URL and the
    /// postmaster's pid file.
    static let killable = ProcessInfo.processInfo.environment["LLM_TEST_POSTGRES_KILLABLE"].flatMap { value in
        value.split(separator: " ", maxSplits: 1).map(String.init)
    }

    @Test(
        .enabled(
            if: killable?.count == 2,
            "needs a PostgreSQL cluster to kill (LLM_TEST_POSTGRES_KILLABLE, .ci/run starts it)"))
    func killingTheDatabaseMidBatchLosesNoRequest() async throws {
        let (url, pidFile) = try (#require(Self.killable?.first), #require(Self.killable?.last))
        let pidText = try String(contentsOfFile: pidFile, encoding: .utf8)
        let postmaster = try #require(pidText.split(separator: "\n").first.flatMap { Int32($0) })
        try await CLITests.withSimulator { simulator in
            let count = 700
            let input = try Self.input("kill", count: count)
            let output = BatchCLITests.temporaryPath("kill.jsonl")
            let run = Task {
                try await Self.batch(
                    input, output: output, simulator: simulator,
                    state: url, rpm: 600, stateTimeout: "1")
            }
            // The burst of 600 goes at once; then 10 a second. Stop the database in the middle.
            let giveUp = ContinuousClock.now + .seconds(60)
            while simulator.requests.count < 620, ContinuousClock.now < giveUp {
                try await Task.sleep(for: .milliseconds(20))
            }
            // SIGKILL to the postmaster's process group: the server and every backend die at once.
            #expect(kill(-postmaster, SIGKILL) == 0)
            let result = try await run.value
            #expect(result.status == 0, "\(result.stderr)")
            let lines = try BatchCLITests.outputLines(output)
            #expect(lines.count == count)
            #expect(lines.allSatisfy { $0["ok"] as? Bool == true })
            #expect(Set(lines.compactMap { $0["id"] as? String }).count == count)
            #expect(result.stderr.contains("shared state store unavailable"), "\(result.stderr)")
        }
    }
}

/// A connection string's password never reaches an error, a description or the CLI's output.
@Suite struct StateConnectionStringTests {
    static let password = "S3cret-pw"

    @Test(arguments: [
        "postgres://llm:S3cret-pw@/db", "postgres://llm:S3cret-pw@host:99999/db", "mysql://llm:S3cret-pw@host/db",
        "postgres://llm:S3cret-pw@host/db?sslmode=maybe", "postgres://:S3cret-pw@host/db",
    ])
    func aStringThatDoesNotParseSaysWhyWithoutThePassword(text: String) {
        #expect(throws: LLMError.self) { _ = try PostgresConnectionString(text) }
        do {
            _ = try PostgresConnectionString(text)
        } catch {
            #expect(!"\(error)".contains(Self.password))
            #expect(error.message.contains("***"), "\(error.message)")
            #expect(error.parameter == "--state")
        }
    }

    @Test func aStringParsesIntoItsPartsAndPrintsWithoutThePassword() throws {
        let parsed = try PostgresConnectionString("postgresql://llm:S3cret%2Dpw@db.internal:6543/quota?sslmode=require")
        #expect(parsed.host == "db.internal")
        #expect(parsed.port == 6543)
        #expect(parsed.username == "llm")
        #expect(parsed.database == "quota")
        #expect(parsed.tls == .require)
        #expect(parsed.redacted == "postgres://llm:***@db.internal:6543/quota")
        #expect("\(parsed)" == parsed.redacted)
        #expect(try PostgresConnectionString("postgres://llm@localhost").port == 5432)
    }

    @Test func theCLIGoesOnWithLocalLimitsWhenTheDatabaseIsNotThereAndNeverPrintsThePassword() async throws {
        let port = try await closedPort()
        try await CLITests.withSimulator { simulator in
            let result = try await CLIRunner.run([
                "chat", "hello", "--endpoint", simulator.baseURL.absoluteString, "--deployment", "gpt-4.1-mini",
                "--api-key", CLITests.key, "--state", "postgres://llm:\(Self.password)@127.0.0.1:\(port)/quota",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("sim says: hello"))
            #expect(result.stderr.contains("shared state store unavailable"), "\(result.stderr)")
            #expect(!(result.stdout + result.stderr).contains(Self.password))
        }
    }
}
