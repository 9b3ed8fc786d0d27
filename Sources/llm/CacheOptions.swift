import ArgumentParser
import Foundation
import LLMPostgres
import LLMSQLite
import LLMSharedState
import SwiftLLM

/// `--cache`: a response cache in front of the model, shared with other processes through a
/// database.
struct CacheOptions: ParsableArguments {
    @Option(
        help:
            "Serve repeated requests from a response cache: sqlite:PATH (processes on one host), postgres://USER[:PASSWORD]@HOST[:PORT]/DB (every replica) or memory (this process). Default: no cache."
    )
    var cache: String?

    @Option(name: .customLong("cache-ttl"), help: "Seconds a cached answer is served (default 3600).")
    var cacheTTL: Double = 3600

    @Option(
        name: .customLong("cache-timeout"),
        help: "Seconds one --cache read or write may take before the request goes on without it (default 2).")
    var cacheTimeout: Double = 2

    @Option(
        name: .customLong("cache-mode"),
        help: "use (the default: answer from the cache when it can), refresh (ask the model, store anew) or bypass.")
    var cacheMode: String = "use"

    /// The password in a `postgres://` string, for the redactor (it never reaches an output).
    var secrets: [String] {
        guard let cache, let password = URLComponents(string: cache)?.password, !password.isEmpty else { return [] }
        return [password, password.removingPercentEncoding ?? password]
    }

    /// The mode `--cache-mode` names.
    func mode() throws -> CacheMode {
        switch cacheMode {
        case "use": .use
        case "refresh": .refresh
        case "bypass": .bypass
        default: throw ValidationError("--cache-mode must be use, refresh or bypass, not '\(cacheMode)'")
        }
    }

    func validate() throws {
        _ = try mode()
        _ = try EndpointOptions.duration(cacheTTL, "--cache-ttl")
        _ = try EndpointOptions.duration(cacheTimeout, "--cache-timeout")
    }

    /// A cache `--cache` opened, with the mode requests use.
    struct Opened: Sendable {
        let cache: ResponseCache
        let mode: CacheMode
        let close: @Sendable () async -> Void

        /// `model` behind the cache.
        func wrap(_ model: any LLM) -> any LLM { model.cached(cache, mode: mode) }
    }

    /// Opens the cache `--cache` names, or nil without `--cache`. A database that does not answer
    /// is not an error: every request is then answered online, and the store says so once on
    /// standard error.
    func open() async throws -> Opened? {
        guard let cache else { return nil }
        Redactor.shared.add(secrets)
        let timeout = try EndpointOptions.duration(cacheTimeout, "--cache-timeout")
        let options = SharedStateOptions(timeout: timeout)
        let store: any ResponseCacheStore
        var close: @Sendable () async -> Void = {}
        if cache == "memory" {
            store = InMemoryResponseCacheStore()
        } else if cache.hasPrefix("sqlite:") {
            let sqlite = try await SQLiteResponseCacheStore(
                path: String(cache.dropFirst("sqlite:".count)), options: options)
            (store, close) = (sqlite, { try? await sqlite.shutdown() })
        } else if cache.hasPrefix("postgres://") || cache.hasPrefix("postgresql://") {
            let postgres = try PostgresResponseCacheStore(url: cache, options: options)
            (store, close) = (postgres, { try? await postgres.shutdown() })
        } else {
            throw ValidationError(
                "--cache must be sqlite:PATH, postgres://USER@HOST:PORT/DB or memory, not '\(Redactor.shared.mask(cache))'"
            )
        }
        // The store's own timeout answers first; the cache's bounds a store that does not.
        let configuration = ResponseCache.Configuration(
            ttl: try EndpointOptions.duration(cacheTTL, "--cache-ttl"), storeTimeout: timeout + .seconds(1))
        return Opened(cache: ResponseCache(store: store, configuration: configuration), mode: try mode(), close: close)
    }

    /// Runs `body` with `model` behind the cache `--cache` names (the model itself without one),
    /// and closes the cache's database after it.
    func withCache<Result>(_ model: any LLM, _ body: (any LLM) async throws -> Result) async throws -> Result {
        guard let opened = try await open() else { return try await body(model) }
        let result: Result
        do {
            result = try await body(opened.wrap(model))
        } catch {
            await opened.close()
            throw error
        }
        await opened.close()
        return result
    }
}
