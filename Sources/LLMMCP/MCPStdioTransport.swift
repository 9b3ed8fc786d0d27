import Foundation
import LLMCore
import Logging
import MCP
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// MCP over a launched server's standard input and output, in place of the SDK's stdio transport:
/// the server's output is read as it becomes readable (never by a loop that holds the transport,
/// so a disconnect always gets through) and split into messages by ``MCPLineFramer`` in linear
/// time within ``MCPServer/Limits``. Past a limit, or at the end of the output, the messages end
/// with a typed error and `failed` is told, so the client's pending requests fail at once.
actor MCPStdioTransport: Transport {
    nonisolated let logger: Logger
    private let reading: FileHandle
    private let writing: FileHandle
    private let reader: Reader
    private var connected = false

    init(
        reading: FileHandle, writing: FileHandle, limits: MCPServer.Limits, logger: Logger,
        failed: @escaping @Sendable (LLMError) -> Void
    ) {
        self.reading = reading
        self.writing = writing
        self.logger = logger
        self.reader = Reader(limits: limits, failed: failed)
    }

    func connect() async throws {
        guard !connected else { return }
        connected = true
        // A write to a server that exited must be an error, not the end of this process.
        _ = signal(SIGPIPE, SIG_IGN)
        let reader = self.reader
        reading.readabilityHandler = { handle in reader.received(handle.availableData, from: handle) }
    }

    func disconnect() async {
        guard connected else { return }
        connected = false
        reading.readabilityHandler = nil
        reader.finish(nil)
    }

    func send(_ data: Data) async throws {
        guard connected else { throw MCPError.connectionClosed }
        var line = data
        line.append(0x0A)
        do {
            try writing.write(contentsOf: line)
        } catch {
            throw MCPError.transportError(error)
        }
    }

    func receive() -> AsyncThrowingStream<Data, any Error> {
        reader.messages
    }

    /// The framer and the message stream, fed from the read handler's queue.
    private final class Reader: Sendable {
        let messages: AsyncThrowingStream<Data, any Error>
        private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
        private let failed: @Sendable (LLMError) -> Void
        /// The framer, and whether the messages ended.
        private let state: NIOLockedValueBox<(framer: MCPLineFramer, done: Bool)>

        init(limits: MCPServer.Limits, failed: @escaping @Sendable (LLMError) -> Void) {
            (messages, continuation) = AsyncThrowingStream.makeStream()
            state = NIOLockedValueBox((MCPLineFramer(limits: limits), false))
            self.failed = failed
        }

        /// Yields the messages `data` completed; ends the stream at the end of the output or past
        /// a limit.
        func received(_ data: Data, from handle: FileHandle) {
            let result = state.withLockedValue { state -> Result<[Data], MCPLineFramer.Overflow>? in
                guard !state.done else { return nil }
                if data.isEmpty { return .success([]) }
                do throws(MCPLineFramer.Overflow) {
                    return .success(try state.framer.append(data))
                } catch {
                    return .failure(error)
                }
            }
            switch result {
            case nil: return
            case .success(let completed) where !data.isEmpty:
                for message in completed { continuation.yield(message) }
            case .success:
                handle.readabilityHandler = nil
                let error = LLMError(
                    code: .connectionFailed, message: "the MCP server closed its output",
                    hint: "check the server's standard error for why it stopped")
                finish(error)
                failed(error)
            case .failure(let overflow):
                handle.readabilityHandler = nil
                let error = Self.error(overflow)
                finish(error)
                failed(error)
            }
        }

        /// Ends the messages, with `error` when one is given; once.
        func finish(_ error: LLMError?) {
            let first = state.withLockedValue { state in
                defer { state.done = true }
                return !state.done
            }
            guard first else { return }
            if let error { continuation.finish(throwing: error) } else { continuation.finish() }
        }

        static func error(_ overflow: MCPLineFramer.Overflow) -> LLMError {
            let (what, limit): (String, Int) =
                switch overflow {
                case .message(let limit): ("a message over", limit)
                case .total(let limit): ("more than", limit)
                case .noise(let limit): ("more than", limit)
                }
            let noise = if case .noise = overflow { " of lines that are not MCP messages" } else { "" }
            return LLMError(
                code: .decoding, message: "the MCP server sent \(what) \(limit) bytes\(noise); it was stopped",
                hint:
                    "an MCP server writes only JSON-RPC messages, one per line, to its output; raise MCPServer.Limits for larger results"
            )
        }
    }
}
