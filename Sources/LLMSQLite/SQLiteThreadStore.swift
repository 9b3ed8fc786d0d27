import Foundation
import LLMCore
public import LLMSharedState
import LLMThreads

/// Thread versions in a SQLite file (WAL mode): the embedded default, shared by the processes of
/// one host.
///
/// ```swift
/// let store = try await SQLiteThreadStore(path: SQLiteThreadStore.defaultPath)
/// try await store.save([thread, asked, answered])
/// ```
public final class SQLiteThreadStore: SQLBackedThreadStore {
    /// The SQL store it runs on.
    public let store: SQLThreadStore
    /// The database file.
    public let path: String

    /// Opens (creating it and its table when needed) the database at `path`. A statement waits up
    /// to `busyTimeout` for another process's write, and fails as `serviceUnavailable` after
    /// `busyTimeout` plus 5 s.
    /// - Throws: ``LLMCore/LLMError`` `invalidConfiguration` naming the path when the file cannot be
    ///   opened or created, or is not a SQLite database (a local path is the user's configuration,
    ///   not a server's failure).
    public init(path: String, busyTimeout: Duration = .seconds(5)) async throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let driver: SQLiteStateDriver
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            driver = try await SQLiteStateDriver.open(path: path, busyTimeout: busyTimeout)
        } catch {
            throw Self.unusable(path, error)
        }
        store = SQLThreadStore(driver: driver, name: "sqlite", timeout: busyTimeout + .seconds(5))
        self.path = path
        do {
            try await store.migrate()
        } catch let error as LLMError {
            try? await store.shutdown()
            throw error
        } catch {
            try? await store.shutdown()
            throw Self.unusable(path, error)
        }
    }

    /// The error of a database file that cannot be used.
    private static func unusable(_ path: String, _ error: any Error) -> LLMError {
        LLMError(
            code: .invalidConfiguration, message: "cannot open the thread store '\(path)': \(error)",
            hint: "check that the path is a writable file (or can be created) and is a SQLite database",
            parameter: "--store")
    }

    /// The default file: `$XDG_DATA_HOME/swift-llm/threads.sqlite`, or
    /// `~/.local/share/swift-llm/threads.sqlite` (`~/Library/Application Support/swift-llm/` on macOS).
    public static var defaultPath: String {
        let environment = ProcessInfo.processInfo.environment
        let home = environment["HOME"] ?? NSHomeDirectory()
        #if os(macOS)
            let base = home + "/Library/Application Support"
        #else
            let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share"
        #endif
        return base + "/swift-llm/threads.sqlite"
    }
}
