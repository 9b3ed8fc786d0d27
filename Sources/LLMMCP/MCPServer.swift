public import Foundation
public import LLMAgents
import LLMCore
import LLMSupport
public import Logging
import MCP
import NIOConcurrencyHelpers

#if canImport(System)
    import System
#else
    @preconcurrency import SystemPackage
#endif

/// An MCP server whose tools the run loop can call: started as a subprocess speaking MCP over
/// stdio (``launch(_:arguments:environment:logger:)``), or reached over streamable HTTP
/// (``connect(url:logger:)``), through the official Swift SDK.
///
/// ```swift
/// let server = try await MCPServer.launch("python3", arguments: ["weather_server.py"])
/// let agent = Agent(model: model, tools: try await server.tools())
/// let run = try await agent.run("What is the weather in Oslo?")
/// await server.shutdown()
/// ```
public actor MCPServer {
    /// Bounds on what a launched server may write to its output: one message, everything over its
    /// life, and lines that are not MCP messages. Past one, the server is stopped and every
    /// pending and later call fails with a `decoding` error naming the bound.
    public struct Limits: Sendable, Hashable {
        /// The largest message (a tool's result, say): 16 MiB by default.
        public var maxMessageBytes: Int
        /// Everything the server may write: 256 MiB by default.
        public var maxTotalBytes: Int
        /// Lines that are not JSON-RPC messages (a banner, a log line on the wrong stream): 1 MiB
        /// by default.
        public var maxNoiseBytes: Int

        /// Creates limits.
        public init(
            maxMessageBytes: Int = 16 * 1024 * 1024, maxTotalBytes: Int = 256 * 1024 * 1024,
            maxNoiseBytes: Int = 1024 * 1024
        ) {
            self.maxMessageBytes = maxMessageBytes
            self.maxTotalBytes = maxTotalBytes
            self.maxNoiseBytes = maxNoiseBytes
        }
    }

    private let client: Client
    private let process: Process?
    private let pipes: (input: Pipe, output: Pipe)?
    /// Ends when the launched server has exited (and the client is disconnected).
    private let monitor: Task<Void, Never>?
    private let logger: Logger
    /// Why the connection failed (a bound passed, the output closed), for the calls that fail after.
    private let failure: FailureRecord
    /// The launched server's process id (nil when connected over HTTP).
    public var processIdentifier: Int32? { process?.processIdentifier }
    /// What the server calls itself (from its `initialize` answer).
    public nonisolated let serverName: String
    private var closed = false

    private init(
        client: Client, serverName: String, process: Process?, pipes: (input: Pipe, output: Pipe)?,
        monitor: Task<Void, Never>?, logger: Logger, failure: FailureRecord = FailureRecord()
    ) {
        self.failure = failure
        self.client = client
        self.serverName = serverName
        self.process = process
        self.pipes = pipes
        self.monitor = monitor
        self.logger = logger
    }

    /// Starts `command` (looked up on `PATH` when it has no `/`) with `arguments` and connects to
    /// it over its standard input and output; its standard error is this process's. A server that
    /// exits, closes its output or writes past `limits` is disconnected at once, so no call waits
    /// on it. Start-up (MCP's `initialize`) is bounded by `timeout` and by `deadline` (a run's),
    /// whichever comes first.
    /// - Throws: `invalidConfiguration` when the program cannot start, or does not answer MCP's
    ///   `initialize` in time (or exits first); `timeout` when the deadline passed first.
    public static func launch(
        _ command: String, arguments: [String] = [], environment: [String: String]? = nil,
        timeout: Duration = .seconds(30), deadline: ContinuousClock.Instant? = nil, limits: Limits = Limits(),
        logger: Logger = Logger(label: "swift-llm.mcp")
    ) async throws -> MCPServer {
        let process = Process()
        guard let executable = resolve(command) else {
            throw LLMError(
                code: .invalidConfiguration, message: "the MCP server command \"\(command)\" was not found",
                hint: "give a path or a program on PATH")
        }
        let limit = deadline.map { min(timeout, max(.zero, $0 - .now)) } ?? timeout
        let byDeadline = limit < timeout
        process.executableURL = executable
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        let (exited, exit) = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exit.finish() }
        do {
            try process.run()
        } catch {
            throw LLMError(
                code: .invalidConfiguration, message: "the MCP server \"\(command)\" could not start: \(error)",
                hint: "check the command and its arguments")
        }
        let client = Client(name: "swift-llm", version: "1.0")
        let pid = process.processIdentifier
        let failure = FailureRecord()
        let transport = MCPStdioTransport(
            reading: output.fileHandleForReading, writing: input.fileHandleForWriting, limits: limits, logger: logger
        ) { error in
            // A server past its bounds (or with its output closed) is stopped; pending calls fail.
            failure.record(error)
            kill(pid, SIGKILL)
            Task { await client.disconnect() }
        }
        let monitor = Task {
            for await _ in exited {}
            await client.disconnect()
        }
        // Past the limit, disconnecting fails the pending initialize (the reason recorded first).
        let timer = Task {
            try await Task.sleep(for: limit)
            failure.record(
                byDeadline
                    ? LLMError(
                        code: .timeout,
                        message: "the MCP server \"\(command)\" did not answer initialize before the deadline",
                        hint: "raise the deadline, or check that the program is an MCP server speaking stdio")
                    : LLMError(
                        code: .invalidConfiguration,
                        message: "the MCP server \"\(command)\" did not answer initialize within \(timeout)",
                        hint: "check that the program is an MCP server speaking stdio"))
            await client.disconnect()
        }
        defer { timer.cancel() }
        do {
            let result = try await client.connect(transport: transport)
            return MCPServer(
                client: client, serverName: result.serverInfo.name, process: process, pipes: (input, output),
                monitor: monitor, logger: logger, failure: failure)
        } catch {
            await client.disconnect()
            if process.isRunning { kill(pid, SIGKILL) }
            await monitor.value
            if let recorded = failure.error, recorded.code == .timeout || recorded.code == .invalidConfiguration {
                throw recorded
            }
            let reason = failure.error.map { $0.message } ?? "\(error)"
            throw LLMError(
                code: .invalidConfiguration,
                message: "the MCP server \"\(command)\" did not answer initialize: \(reason)",
                hint: "check that the program is an MCP server speaking stdio")
        }
    }

    /// Connects to an MCP server over streamable HTTP (on Linux the SDK reads JSON answers; a
    /// server that answers with event streams is for Apple platforms).
    /// - Throws: `invalidConfiguration` when the server does not answer MCP's `initialize`.
    public static func connect(url: URL, logger: Logger = Logger(label: "swift-llm.mcp")) async throws -> MCPServer {
        let client = Client(name: "swift-llm", version: "1.0")
        do {
            let result = try await client.connect(
                transport: HTTPClientTransport(endpoint: url, streaming: false, logger: logger))
            return MCPServer(
                client: client, serverName: result.serverInfo.name, process: nil, pipes: nil, monitor: nil,
                logger: logger)
        } catch {
            await client.disconnect()
            throw LLMError(
                code: .invalidConfiguration,
                message: "the MCP server at \(url.absoluteString) did not answer: \(error)",
                hint: "check the URL (the server's MCP endpoint, often /mcp)")
        }
    }

    /// The server's tools as run-loop tools (every page of `tools/list`, all by `deadline` when
    /// one is given); a call becomes `tools/call`, its text content the result, an `isError`
    /// answer a failed call. Tools whose names the model APIs refuse are left out, with a warning.
    /// - Throws: `timeout` past the deadline; the connection's failure when it failed.
    public func tools(needsApproval: Bool = false, deadline: ContinuousClock.Instant? = nil) async throws
        -> [LLMAgents.Tool]
    {
        let client = self.client
        let failure = self.failure
        let listing: @Sendable () async throws -> [MCP.Tool] = {
            var listed: [MCP.Tool] = []
            var cursor: String?
            repeat {
                let page = try await failure.explained { try await client.listTools(cursor: cursor) }
                listed += page.tools
                cursor = page.nextCursor
            } while cursor != nil && listed.count < 10_000
            return listed
        }
        let listed: [MCP.Tool]
        if let deadline {
            listed = try await withTimeLimit(
                max(.zero, deadline - .now), timeout: { Self.pastDeadline("tools/list") }, listing)
        } else {
            listed = try await listing()
        }
        var tools: [LLMAgents.Tool] = []
        for tool in listed {
            let schema = (try? Self.convert(tool.inputSchema, to: JSONValue.self)) ?? ["type": "object"]
            let definition = ToolDefinition(
                name: tool.name, description: tool.description, parameters: schema,
                strict: JSONSchema.problems(in: schema, for: .openAIStrict).isEmpty)
            do {
                let name = tool.name
                tools.append(
                    try LLMAgents.Tool(definition: definition, needsApproval: needsApproval) { arguments in
                        try await failure.explained { try await Self.call(client, name: name, arguments: arguments) }
                    })
            } catch {
                logger.warning("MCP tool left out", metadata: ["tool": "\(tool.name)", "error": "\(error)"])
            }
        }
        return tools
    }

    private static func pastDeadline(_ method: String) -> LLMError {
        LLMError(
            code: .timeout, message: "the MCP server did not answer \(method) before the deadline",
            hint: "raise the deadline, or check the server")
    }

    /// Calls one tool with the model's JSON arguments.
    private static func call(_ client: Client, name: String, arguments: String) async throws -> String {
        let trimmed = arguments.trimmingCharacters(in: .whitespacesAndNewlines)
        let values: [String: Value]
        do {
            values = try JSONDecoder().decode([String: Value].self, from: Data((trimmed.isEmpty ? "{}" : trimmed).utf8))
        } catch {
            throw ToolArgumentsError(failures: ["the arguments are not a JSON object (\(error))"])
        }
        let (content, isError) = try await client.callTool(name: name, arguments: values)
        let text = content.map { item -> String in
            switch item {
            case .text(let text, _, _): text
            case .image(_, let mimeType, _, _): "[image \(mimeType)]"
            case .audio(_, let mimeType, _, _): "[audio \(mimeType)]"
            case .resource(let resource, _, _): resource.text ?? "[resource \(resource.uri)]"
            case .resourceLink(let uri, let name, _, _, _, _): "[\(name): \(uri)]"
            }
        }.joined(separator: "\n")
        if isError == true { throw MCPToolError(message: text) }
        return text
    }

    /// Disconnects; a launched server gets end-of-input, then SIGTERM after 2 s and SIGKILL after
    /// 2 s more, and is waited for.
    public func shutdown() async {
        guard !closed else { return }
        closed = true
        await client.disconnect()
        guard let process, let monitor else { return }
        try? pipes?.input.fileHandleForWriting.close()
        let pid = process.processIdentifier
        for signal in [SIGTERM, SIGKILL] {
            let finished = await Self.wait(for: monitor, seconds: 2)
            if finished { break }
            kill(pid, signal)
        }
        await monitor.value
        try? pipes?.output.fileHandleForReading.close()
    }

    /// Whether `task` finished within `seconds`.
    private static func wait(for task: Task<Void, Never>, seconds: Double) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await task.value
                return true
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    private static func convert<T: Decodable>(_ value: some Encodable, to type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: try JSONEncoder().encode(value))
    }

    /// The program's URL: a path as given, else the first match on `PATH`.
    private static func resolve(_ command: String) -> URL? {
        if command.contains("/") { return URL(fileURLWithPath: command) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(command)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}

/// An MCP tool answered with `isError`: its message.
public struct MCPToolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The tool's text.
    public var message: String
    /// The tool's text.
    public var description: String { message }
}

/// Why a server's connection failed, recorded by the transport and reported by every call that
/// fails after it (the SDK only sees a disconnect).
final class FailureRecord: Sendable {
    private let recorded = NIOLockedValueBox<LLMError?>(nil)

    /// The first failure recorded.
    var error: LLMError? { recorded.withLockedValue { $0 } }

    /// Records `error` unless one was recorded.
    func record(_ error: LLMError) {
        recorded.withLockedValue { if $0 == nil { $0 = error } }
    }

    /// Runs `operation`; when it fails after the connection failed, throws the connection's failure.
    func explained<T>(_ operation: () async throws -> T) async throws -> T {
        do {
            return try await operation()
        } catch {
            if let recorded = self.error { throw recorded }
            throw error
        }
    }
}
