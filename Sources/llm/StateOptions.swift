import ArgumentParser
import Foundation
import LLMPostgres
import LLMSQLite
import LLMSharedState
import SwiftLLM

/// `--state`: where rate limits, 429 pauses and cooldowns are shared with other processes.
struct StateOptions: ParsableArguments {
    @Option(
        help:
            "Share rate limits (--rpm/--tpm), 429 pauses and cooldowns with other processes: postgres://USER[:PASSWORD]@HOST[:PORT]/DB (sslmode=disable|prefer|require) or sqlite:PATH (processes on one host). Default: this process only."
    )
    var state: String?

    @Option(
        name: .customLong("state-failure"),
        help:
            "While the --state database is down or slow: local (this process's own limits, the default), open (admit every request) or closed (admit none until it answers)."
    )
    var stateFailure: String = StoreFailureMode.local.rawValue

    @Option(
        name: .customLong("state-timeout"),
        help: "Seconds one --state statement may take before the database counts as down (default 1).")
    var stateTimeout: Double = 1

    /// The password in a `postgres://` string, for the redactor (it never reaches an output).
    var secrets: [String] {
        guard let state, let password = URLComponents(string: state)?.password, !password.isEmpty else { return [] }
        return [password, password.removingPercentEncoding ?? password]
    }

    /// Opens the store `--state` names and creates its tables, or nil without `--state`. A
    /// database that does not answer yet is not an error: the store falls back as
    /// `--state-failure` says and says so on standard error.
    func open() async throws -> (any SQLBackedRateLimitStore)? {
        guard let state else { return nil }
        Redactor.shared.add(secrets)
        guard let mode = StoreFailureMode(rawValue: stateFailure) else {
            throw ValidationError("--state-failure must be local, open or closed, not '\(stateFailure)'")
        }
        let options = SharedStateOptions(
            failureMode: mode, timeout: try EndpointOptions.duration(stateTimeout, "--state-timeout"))
        let store: any SQLBackedRateLimitStore
        if state.hasPrefix("sqlite:") {
            store = try await SQLiteRateLimitStore(path: String(state.dropFirst("sqlite:".count)), options: options)
        } else if state.hasPrefix("postgres://") || state.hasPrefix("postgresql://") {
            store = try PostgresRateLimitStore(url: state, options: options)
        } else {
            throw ValidationError(
                "--state must be postgres://USER@HOST:PORT/DB or sqlite:PATH, not '\(Redactor.shared.mask(state))'")
        }
        do {
            try await store.migrate()
        } catch {
            FileHandle.standardError.write(
                Data(
                    "[state] cannot create the state tables yet (\(Redactor.shared.mask("\(error)"))); going on with --state-failure \(mode.rawValue)\n"
                        .utf8))
        }
        return store
    }
}
