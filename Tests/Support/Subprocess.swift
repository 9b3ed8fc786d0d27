public import Foundation

/// Runs a program to its end without blocking the cooperative thread pool: the pipes are read on
/// threads of their own and the exit is awaited, so an in-process server the child talks to (and
/// every other test running in parallel) keeps its threads. (Not on `DispatchQueue.global()`: on
/// Linux its workers are the pool Swift concurrency runs on, as wide as the cores, so two blocked
/// reads stalled every test for as long as a child ran.)
public enum Subprocess {
    /// How the program ended and what it printed.
    public struct Result: Sendable {
        /// The exit status.
        public var status: Int32
        /// Standard output.
        public var stdout: Data
        /// Standard error.
        public var stderr: Data
    }

    /// Runs `executable` with `arguments` (and `stdin`), awaiting its exit.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, stdin: Data? = nil
    ) async throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        let finished = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { process in
            finished.continuation.yield(process.terminationStatus)
            finished.continuation.finish()
        }
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        async let out = readToEnd(output)
        async let err = readToEnd(errors)
        var status: Int32 = -1
        for await value in finished.stream { status = value }
        return Result(status: status, stdout: await out, stderr: await err)
    }

    /// `run` through `/usr/bin/env`, so `program` is found on PATH.
    public static func run(program: String, _ arguments: [String]) async throws -> Result {
        try await run(URL(fileURLWithPath: "/usr/bin/env"), [program] + arguments)
    }

    private static func readToEnd(_ pipe: Pipe) async -> Data {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: pipe.fileHandleForReading.readDataToEndOfFile()) }.start()
        }
    }
}
