import ArgumentParser
import Foundation
import LLMPostgres
import LLMSQLite
import SwiftLLM

/// `--store`: where `llm thread` and `llm chat --thread` keep conversation threads.
struct ThreadStoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Where threads are kept: sqlite:PATH or postgres://USER[:PASSWORD]@HOST[:PORT]/DB.",
            discussion: "Default: sqlite:\(SQLiteThreadStore.defaultPath)"))
    var store: String?
    @Option(
        name: .customLong("store-timeout"),
        help: "Seconds one --store statement may take before it fails as unavailable (default 10).")
    var storeTimeout: Double = 10

    func validate() throws { _ = try EndpointOptions.duration(storeTimeout, "--store-timeout") }

    /// The password in a `postgres://` string, for the redactor.
    var secrets: [String] {
        guard let store, let password = URLComponents(string: store)?.password, !password.isEmpty else { return [] }
        return [password, password.removingPercentEncoding ?? password]
    }

    /// Opens the store, runs `body`, closes it; a failure is the one-line error and exit 1.
    func with(_ body: (any ThreadStore) async throws -> Void) async throws {
        Redactor.shared.add(secrets)
        let location = store ?? "sqlite:" + SQLiteThreadStore.defaultPath
        let opened: any ThreadStore
        let close: () async throws -> Void
        let timeout = try EndpointOptions.duration(storeTimeout, "--store-timeout")
        do {
            if location.hasPrefix("sqlite:") {
                let sqlite = try await SQLiteThreadStore(
                    path: String(location.dropFirst("sqlite:".count)), busyTimeout: timeout)
                (opened, close) = (sqlite, { try await sqlite.shutdown() })
            } else if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
                let postgres = try await PostgresThreadStore(url: location, timeout: timeout)
                (opened, close) = (postgres, { try await postgres.shutdown() })
            } else {
                throw ValidationError(
                    "--store must be sqlite:PATH or postgres://USER@HOST:PORT/DB, not '\(Redactor.shared.mask(location))'"
                )
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            CLIFailure.exit(error, secrets: secrets)
        }
        do {
            try await body(opened)
        } catch {
            try? await close()
            if error is ValidationError || error is ExitCode { throw error }
            CLIFailure.exit(error, secrets: secrets)
        }
        try? await close()
    }

    /// Runs `body` on the version tree of the thread `text` names; no such thread is `notFound`.
    func withTree(of text: String, _ body: (ThreadTree) async throws -> Void) async throws {
        let lineage = try Self.id(text, "thread")
        try await with { store in
            let tree = try await store.tree(lineage: lineage)
            guard !tree.nodes.isEmpty else {
                throw LLMError(
                    code: .notFound, message: "no thread \(text) in the store", hint: "llm thread new makes one")
            }
            try await body(tree)
        }
    }

    /// A version or thread id from the command line.
    static func id(_ text: String, _ option: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else {
            throw ValidationError("\(option) '\(text)' is not a thread or version id")
        }
        return id
    }
}
