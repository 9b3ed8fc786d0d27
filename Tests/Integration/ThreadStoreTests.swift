import Foundation
import LLMPostgres
import LLMSQLite
import LLMSharedState
import LLMSimulator
import SwiftLLM
import Testing

/// One contract for every thread store (memory, SQLite, PostgreSQL when `LLM_TEST_POSTGRES_URL` is
/// set): a conversation run over real sockets, edited and continued, reads back as one lineage with
/// two branches, byte-identical between stores; saving is idempotent; concurrent writers continuing
/// one version both land; lineages are deleted whole.
@Suite(.serialized) struct ThreadStoreTests {
    /// Two handles on one store of `kind` (for SQLite and PostgreSQL, two connections).
    static func withStores(
        _ kind: StoreKind, _ body: (any ThreadStore, any ThreadStore) async throws -> Void
    ) async throws {
        switch kind {
        case .memory:
            let store = InMemoryThreadStore()
            try await body(store, store)
        case .sqlite:
            let path = StorePair.sqlitePath()
            try await both(
                try await SQLiteThreadStore(path: path, busyTimeout: patient),
                try await SQLiteThreadStore(path: path, busyTimeout: patient), body)
        case .postgres:
            let url = try #require(StoreKind.postgresURL)
            try await both(
                try await PostgresThreadStore(url: url, timeout: patient),
                try await PostgresThreadStore(url: url, timeout: patient), body)
        }
    }

    /// A statement timeout a loaded test machine does not reach (under ThreadSanitizer, at the
    /// suite's busiest, one PostgreSQL statement took more than the default 10 s).
    static let patient = Duration.seconds(60)

    /// Runs `body` on two database stores and shuts both down, whatever `body` did.
    static func both(
        _ first: some SQLBackedThreadStore, _ second: some SQLBackedThreadStore,
        _ body: (any ThreadStore, any ThreadStore) async throws -> Void
    ) async throws {
        do { try await body(first, second) } catch {
            try await first.shutdown()
            try await second.shutdown()
            throw error
        }
        try await first.shutdown()
        try await second.shutdown()
    }

    /// Three turns against the simulator, turn two's question edited and answered again; fixed ids
    /// and times (so every store's rows can be compared byte for byte).
    static func conversation(_ model: any LLM) async throws -> [ChatThread] {
        let lineage = UUID()
        var stamp = 0
        func next() -> (UUID, Date) {
            stamp += 1
            return (UUID(), Date(timeIntervalSince1970: 1_800_000_000 + Double(stamp)))
        }
        var versions = [
            ChatThread(
                systemPrompt: "Be brief.", configuration: ThreadConfiguration(model: "gpt-4.1-mini"), id: lineage,
                at: Date(timeIntervalSince1970: 1_800_000_000))
        ]
        for question in ["Tell me a joke", "Why is it funny?", "Another one"] {
            let (askId, askAt) = next()
            let asked = versions[versions.count - 1].appending(.user(question), id: askId, at: askAt)
            let (answerId, answerAt) = next()
            let (_, answered) = try await asked.run(model, id: answerId, at: answerAt)
            versions += [asked, answered]
        }
        let (editId, editAt) = next()
        let edited = try versions[versions.count - 1].editing(
            messageAt: 2, to: .user("Explain it"), id: editId, at: editAt)
        let (answerId, answerAt) = next()
        let (_, answered) = try await edited.run(model, id: answerId, at: answerAt)
        return versions + [edited, answered]
    }

    @Test func aRunEditedAndContinuedReadsBackAsTwoBranchesByteIdenticalInEveryStore() async throws {
        try await SimulatorPair.with(withBackup: false) { pair in
            let model = try LLMFactory.make(
                metadata: ModelCatalog.metadata(named: "gpt-4.1-mini")!, connector: pair.connector)
            let versions = try await Self.conversation(model)
            let lineage = versions[0].lineageId
            // The edit's answer was sent the edited history, not the abandoned branch.
            let sent = try #require(pair.primary.requests.last?.json?["messages"] as? [[String: Any]])
            #expect(
                sent.compactMap { $0["content"] as? String } == [
                    "Be brief.", "Tell me a joke", "primary says: Tell me a joke", "Explain it",
                ])
            var readBack: [StoreKind: String] = [:]
            for kind in StoreKind.available {
                try await Self.withStores(kind) { store, other in
                    try await store.save(versions)
                    try await store.save(versions)  // idempotent
                    let read = try await other.versions(lineage: lineage)
                    #expect(read == versions, "\(kind)")
                    let branches = try await other.branches(lineage: lineage)
                    #expect(
                        branches.map(\.messages.last?.text) == [
                            "primary says: Another one", "primary says: Explain it",
                        ], "\(kind)")
                    #expect(try await other.latest(lineage: lineage)?.id == versions.last?.id)
                    let tree = try await other.tree(lineage: lineage)
                    #expect(tree.children(of: versions[2].id).map(\.id) == [versions[3].id, versions[7].id])
                    #expect(try await other.version(versions[5].id) == versions[5])
                    readBack[kind] = read.map { ThreadRecord($0) }.map { "\($0)" }.joined(separator: "\n")
                    try await store.deleteLineage(lineage)
                    #expect(try await other.versions(lineage: lineage).isEmpty, "\(kind)")
                }
            }
            #expect(Set(readBack.values).count == 1, "the stores returned different versions")
        }
    }

    @Test(arguments: StoreKind.available) func concurrentWritersContinuingOneVersionBothLand(kind: StoreKind)
        async throws
    {
        try await Self.withStores(kind) { first, second in
            let root = ChatThread(systemPrompt: "shared")
            try await first.save(root)
            let asked = root.appending(.user("question"))
            try await first.save(asked)
            // 20 writers per handle continue the same version at once: 40 branches, none lost.
            let written = try await withThrowingTaskGroup(of: UUID.self) { group in
                for index in 0..<40 {
                    let store = index.isMultiple(of: 2) ? first : second
                    group.addTask {
                        let answer = asked.appending(.assistant("answer \(index)"))
                        try await store.save(answer)
                        return answer.id
                    }
                }
                var ids: Set<UUID> = []
                for try await id in group { ids.insert(id) }
                return ids
            }
            let branches = try await second.branches(lineage: root.lineageId)
            #expect(Set(branches.map(\.id)) == written)
            #expect(try await first.tree(lineage: root.lineageId).children(of: asked.id).count == 40)
            try await first.deleteLineage(root.lineageId)
        }
    }

    @Test(arguments: StoreKind.available) func aVersionWhoseParentIsNotStoredIsRefused(kind: StoreKind) async throws {
        try await Self.withStores(kind) { store, _ in
            let orphan = ChatThread().appending(.user("lost"))
            await #expect(throws: LLMError.self) { try await store.save(orphan) }
            let found = try await store.version(orphan.id)
            #expect(found == nil)
        }
    }
}

/// `llm thread new|show|log|lineage` and `llm chat --thread [--from]` against the simulator, with
/// the threads in a SQLite file (and in PostgreSQL when `LLM_TEST_POSTGRES_URL` is set).
@Suite(.serialized) struct ThreadCLITests {
    @Test(arguments: StoreKind.shared) func threadsAreMadeContinuedBranchedAndDrawnFromTheCommandLine(kind: StoreKind)
        async throws
    {
        try await CLITests.withSimulator { simulator in
            let store = kind == .sqlite ? "sqlite:" + StorePair.sqlitePath() : try #require(StoreKind.postgresURL)
            let flags = [
                "--endpoint", simulator.baseURL.absoluteString, "--deployment", "gpt-4.1-mini", "--api-key",
                CLITests.key,
                "--store", store, "--store-timeout", "60",
            ]
            let made = try await CLIRunner.run([
                "thread", "new", "--system", "Be brief.", "--model", "gpt-4.1-mini", "--store", store,
                "--store-timeout", "60",
                "--store-timeout", "60",
            ])
            #expect(made.status == 0, "\(made.stderr)")
            let thread = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(UUID(uuidString: thread) != nil)
            for question in ["Tell me a joke", "Why is it funny?"] {
                let turn = try await CLIRunner.run(["chat", "--thread", thread, question] + flags)
                #expect(turn.status == 0, "\(turn.stderr)")
                #expect(turn.stdout == "sim says: \(question)\n")
            }
            // The second turn was sent the whole history.
            let sent = simulator.requests.last?.json?["messages"] as? [[String: Any]]
            #expect(
                sent?.compactMap { $0["content"] as? String } == [
                    "Be brief.", "Tell me a joke", "sim says: Tell me a joke", "Why is it funny?",
                ])
            let log = try await CLIRunner.run(["thread", "log", thread, "--store", store, "--store-timeout", "60"])
            #expect(log.status == 0, "\(log.stderr)")
            let lines = log.stdout.split(separator: "\n")
            #expect(lines.count == 5)  // created, question, answer, question, answer
            let firstAnswer = String(lines[2].prefix(36))
            // Branch from the first answer.
            let branch = try await CLIRunner.run(
                ["chat", "--thread", thread, "--from", firstAnswer, "Explain it", "--json"] + flags)
            #expect(branch.status == 0, "\(branch.stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(branch.stdout.utf8)) as? [String: Any])
            #expect(object["thread"] as? String == thread && object["content"] as? String == "sim says: Explain it")
            let latest = try await CLIRunner.run(["thread", "show", thread, "--store", store, "--store-timeout", "60"])
            #expect(
                latest.stdout.hasSuffix(
                    "user: Tell me a joke\nassistant: sim says: Tell me a joke\nuser: Explain it\nassistant: sim says: Explain it\n"
                ), "\(latest.stdout)")
            let old = try await CLIRunner.run([
                "thread", "show", thread, "--version", String(lines[4].prefix(36)), "--store", store, "--store-timeout",
                "60",
            ])
            #expect(old.stdout.contains("assistant: sim says: Why is it funny?"))
            let graph = try await CLIRunner.run([
                "thread", "lineage", thread, "--mermaid", "--store", store, "--store-timeout", "60",
            ])
            #expect(graph.status == 0, "\(graph.stderr)")
            #expect(graph.stdout.hasPrefix("graph TD\n"))
            #expect(graph.stdout.components(separatedBy: " -->|").count - 1 == 6)  // 7 versions, 6 edges
            #expect(graph.stdout.contains("user: Explain it"))
            let missing = try await CLIRunner.run([
                "thread", "show", UUID().uuidString, "--store", store, "--store-timeout", "60",
            ])
            #expect(missing.status == 1 && missing.stderr.contains("error[notFound]"))
            let refused = try await CLIRunner.run([
                "thread", "new", "--temperature", "5", "--store", store, "--store-timeout", "60",
            ])
            #expect(refused.status != 0 && refused.stderr.contains("temperature = 5.0 is out of range"))
            let never = try await CLIRunner.run(["thread", "log", thread, "--store", store, "--store-timeout", "0"])
            #expect(never.status != 0 && never.stderr.contains("--store-timeout must be a number of seconds above 0"))
            let bad = try await CLIRunner.run(["chat", "--from", thread, "x"] + flags)
            #expect(bad.status != 0 && bad.stderr.contains("--from needs --thread"))
        }
    }
}
