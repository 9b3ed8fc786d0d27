public import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A local OpenAI/Azure- and Anthropic-compatible chat server on 127.0.0.1 with faults on demand.
///
/// Routes: Azure classic `POST /openai/deployments/{deployment}/chat/completions?api-version=...`
/// and Azure v1 `POST /openai/v1/chat/completions` (both `api-key`), OpenAI
/// `POST /v1/chat/completions` (`Authorization: Bearer`), and Anthropic's Messages API
/// `POST /v1/messages` (`x-api-key` or `Authorization: Bearer`, `anthropic-version` required;
/// tools, thinking with checked signatures, prompt caching, stream events, Anthropic's errors).
/// JSON or SSE (`"stream": true`), with Azure's stream quirks on Azure routes. Answers are
/// deterministic: `"<name> says: <prompt>"`.
///
/// ```swift
/// let simulator = LLMSimulator(configuration: .init(apiKey: "test-key"))
/// try await simulator.start()
/// simulator.enqueue(.status(503))   // the next request gets a 503
/// // ... point a connector at simulator.baseURL ...
/// try await simulator.shutdown()
/// ```
public final class LLMSimulator: Sendable {
    struct State {
        var faults: [SimulatorFault] = []
        var scripts: [SimulatorAnswer] = []
        var random: SplitMix64
        var requests: [RecordedRequest] = []
        var statistics = SimulatorStatistics()
        var channels: [ObjectIdentifier: any Channel] = [:]
        var serverChannel: (any Channel)?
        var acceptTask: Task<Void, Never>?
        /// Finishes when the accept loop has handed on every connection it accepted.
        var acceptDrained: AsyncStream<Void>?
        var port: Int?
        var host = "127.0.0.1"
        var nextId = 0
        /// Prompt prefixes written to the simulated prompt cache (Messages API).
        var cachedPrefixes: Set<String> = []
        /// Stored Responses-API responses (their conversation's items as JSON), by id.
        var storedResponses: [String: Data] = [:]
    }

    /// How the simulator behaves.
    public let configuration: SimulatorConfiguration
    let state: NIOLockedValueBox<State>
    /// Accepted connections not yet taken by `serve`.
    let accepted = AcceptedChannels<HTTPServerRequestPart, HTTPServerResponsePart>()
    private let media: MediaResponder

    /// Creates a simulator; call ``start(port:)`` to listen.
    public init(configuration: SimulatorConfiguration = SimulatorConfiguration()) {
        self.configuration = configuration
        self.state = NIOLockedValueBox(State(random: SplitMix64(seed: configuration.seed)))
        self.media = MediaResponder(name: configuration.name)
    }

    /// The port it listens on, once started.
    public var port: Int? { state.withLockedValue { $0.port } }

    /// `http://HOST:PORT` (`https://` when serving TLS), once started.
    public var baseURL: URL {
        let (host, port) = state.withLockedValue { ($0.host, $0.port ?? 0) }
        return URL(string: "\(configuration.tls == nil ? "http" : "https")://\(host):\(port)")!
    }

    /// Every request received so far, in order.
    public var requests: [RecordedRequest] { state.withLockedValue { $0.requests } }

    /// The connection and concurrency counters.
    public var statistics: SimulatorStatistics { state.withLockedValue { $0.statistics } }

    /// Queues faults: each following chat request takes the next one.
    public func enqueue(_ faults: SimulatorFault...) {
        state.withLockedValue { $0.faults.append(contentsOf: faults) }
    }

    /// Queues scripted answers: each following chat request that is answered (not failed by a
    /// fault) takes the next one, on whichever API it arrives; with none queued, answers are the
    /// deterministic defaults.
    public func script(_ answers: SimulatorAnswer...) {
        state.withLockedValue { $0.scripts.append(contentsOf: answers) }
    }

    /// Forgets queued faults, scripted answers and recorded requests (the counters stay).
    public func reset() {
        state.withLockedValue {
            $0.faults.removeAll()
            $0.scripts.removeAll()
            $0.requests.removeAll()
        }
    }

    /// Starts listening on `host` (127.0.0.1 by default); port 0 picks a free port.
    @discardableResult
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> Int {
        if let http2 = configuration.http2, let settings = configuration.tls {
            var tls = try Self.tlsConfiguration(settings)
            tls.applicationProtocols = ["h2", "http/1.1"]
            return try await startMultiplexed(
                host: host, port: port, tls: try NIOSSLContext(configuration: tls), http2: http2)
        }
        let tls = try configuration.tls.map { try NIOSSLContext(configuration: try Self.tlsConfiguration($0)) }
        let accepted = self.accepted
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try accepted.wrap(channel)
                }
            }
        let boundPort = server.channel.localAddress?.port ?? 0
        let (drained, accepting) = AsyncStream<Void>.makeStream()
        let task = Task<Void, Never> {
            _ = try? await withThrowingDiscardingTaskGroup { group in
                // Every accepted connection is handed to `serve` (whose executeThenClose closes it):
                // one left in the stream's buffer would trap when it is deinitialized.
                defer { accepting.finish() }
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        group.addTask { await self.serve(connection) }
                    }
                }
            }
        }
        state.withLockedValue {
            $0.port = boundPort
            $0.host = host
            $0.serverChannel = server.channel
            $0.acceptTask = task
            $0.acceptDrained = drained
        }
        return boundPort
    }

    /// The server's TLS settings: its certificate and key, and the client CA it requires.
    static func tlsConfiguration(_ settings: SimulatorTLS) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(settings.certificateChainPath).map {
                .certificate($0)
            }, privateKey: .privateKey(try NIOSSLPrivateKey(file: settings.privateKeyPath, format: .pem)))
        if let clientCA = settings.clientCARootPath {
            tls.certificateVerification = .noHostnameVerification
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(clientCA))
        }
        return tls
    }

    /// Stops listening and closes every open connection: the listener first, then (once every
    /// connection it accepted has been handed on) the connections and their handlers.
    public func shutdown() async throws {
        let (server, channels, task, drained) = state.withLockedValue { state in
            defer { state.acceptDrained = nil }
            return (state.serverChannel, Array(state.channels.values), state.acceptTask, state.acceptDrained)
        }
        try? await server?.close()
        for channel in channels { try? await channel.close() }
        if let drained { for await _ in drained {} }
        task?.cancel()
        await task?.value
        accepted.closeUntaken()
    }

    // MARK: - Connections

    /// Answers the requests of one HTTP/1.1 connection, or of one HTTP/2 stream (`isStream`: its
    /// TCP connection is counted and tracked by ``startMultiplexed(host:port:tls:http2:)``, which
    /// passes every exchange as one).
    func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, isStream: Bool = false)
        async
    {
        guard accepted.take(connection) else { return }
        if !isStream { connectionOpened(connection.channel) }
        defer { if !isStream { connectionClosed(connection.channel) } }
        try? await connection.executeThenClose { inbound, _ in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let value):
                    head = value
                    body.clear()
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                case .end:
                    guard let head else { return }
                    let keepOpen = try await self.respond(
                        head, body: Data(body.readableBytesView), writer: ResponseWriter(channel: connection.channel))
                    if !keepOpen || !head.isKeepAlive { return }
                }
            }
        }
    }

    /// Counts and tracks an open TCP connection (closed by ``shutdown()``).
    func connectionOpened(_ channel: any Channel) {
        state.withLockedValue {
            $0.statistics.connectionsAccepted += 1
            $0.statistics.openConnections += 1
            $0.channels[ObjectIdentifier(channel)] = channel
        }
    }

    /// Counts a TCP connection closed.
    func connectionClosed(_ channel: any Channel) {
        state.withLockedValue {
            $0.statistics.openConnections -= 1
            $0.channels[ObjectIdentifier(channel)] = nil
        }
    }

    /// Answers one request; returns false to close the connection.
    private func respond(_ head: HTTPRequestHead, body: Data, writer: ResponseWriter) async throws -> Bool {
        var writer = writer
        var headers: [String: String] = [:]
        for (name, value) in head.headers { headers[name.lowercased()] = value }
        let record = RecordedRequest(method: head.method.rawValue, uri: head.uri, headers: headers, body: body)
        let keep = configuration.recordRequests
        let requestNumber = state.withLockedValue {
            if keep { $0.requests.append(record) }
            $0.statistics.requests += 1
            $0.statistics.inFlight += 1
            $0.statistics.maxInFlight = max($0.statistics.maxInFlight, $0.statistics.inFlight)
            $0.nextId += 1
            return $0.nextId
        }
        // The request stops counting as in flight when its end is written (before the client can
        // read it and send the next one), or when the responder returns without one.
        let counted = NIOLockedValueBox(true)
        let settle: @Sendable () -> Void = { [state] in
            if counted.withLockedValue({ counted in
                defer { counted = false }
                return counted
            }) {
                state.withLockedValue { $0.statistics.inFlight -= 1 }
            }
        }
        writer.ending = settle
        defer { settle() }

        let path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "")
        let query = head.uri.contains("?") ? String(head.uri.split(separator: "?", maxSplits: 1)[1]) : ""
        guard let route = SimulatorRoute(path: path) else {
            try await writer.json(404, ChatResponder.errorBody(status: 404, message: "Resource not found", code: "404"))
            return true
        }
        let exchange = SimulatorExchange(
            route: route, method: head.method, uri: head.uri, query: query, headers: headers, body: body,
            requestNumber: requestNumber, writer: writer)
        guard let responder = Self.responders[route.style] else { return false }
        return try await responder(self)(exchange)
    }

    /// The responder of each API, looked up by the route's style; a new API registers its own.
    static let responders:
        [SimulatorRoute.Style: @Sendable (LLMSimulator) -> (SimulatorExchange) async throws -> Bool] = [
            .azureClassic: { $0.respondOpenAI }, .azureV1: { $0.respondOpenAI }, .openAI: { $0.respondOpenAI },
            .file: { $0.respondOpenAI }, .anthropic: { $0.respondAnthropic }, .gemini: { $0.respondGemini },
            .vertexAI: { $0.respondGemini }, .bedrock: { $0.respondBedrock },
        ]

    /// Answers the OpenAI-family routes (Azure classic and v1, OpenAI and compatible servers):
    /// chat completions, the Responses API, embeddings, media and generated files, with the queued
    /// fault in OpenAI's and Azure's shapes; returns false to close the connection.
    private func respondOpenAI(_ exchange: SimulatorExchange) async throws -> Bool {
        let (route, method, query, headers, body) = (
            exchange.route, exchange.method, exchange.query, exchange.headers, exchange.body
        )
        let (requestNumber, writer) = (exchange.requestNumber, exchange.writer)
        if route.style == .azureClassic && !query.contains("api-version=") {
            try await writer.json(
                400,
                ChatResponder.errorBody(status: 400, message: "api-version is required", code: "missing_api_version"))
            return true
        }
        if let key = configuration.apiKey, !route.isFile {
            // OpenAI routes take a bearer key; Azure routes an api-key, or a bearer (Entra ID) token.
            let bearer = headers["authorization"].map { String($0.dropFirst("Bearer ".count)) }
            let accepted = route.style == .openAI ? bearer == key : (headers["api-key"] == key || bearer == key)
            guard accepted else {
                try await writer.json(
                    401,
                    ChatResponder.errorBody(
                        status: 401, message: "Access denied due to invalid subscription key or wrong API endpoint.",
                        code: "401", type: "invalid_request_error"))
                return true
            }
        }
        let fault = route.isFile ? nil : nextFault()
        switch fault {
        case .status(let status, let retryAfterMs, let retryAfter)?:
            var extra: [(String, String)] = []
            if let retryAfterMs { extra.append(("retry-after-ms", String(retryAfterMs))) }
            if let retryAfter { extra.append(("retry-after", retryAfter)) }
            let message = HTTPResponseStatus(statusCode: status).reasonPhrase
            try await writer.json(
                status, ChatResponder.errorBody(status: status, message: message, code: String(status)), extra: extra)
            return true
        case .contentFilter?:
            try await writer.json(400, ChatResponder.contentFilterBody)
            return true
        case .quotaExhausted?:
            try await writer.json(
                429,
                ChatResponder.errorBody(
                    status: 429,
                    message: "You exceeded your current quota, please check your plan and billing details.",
                    code: "insufficient_quota", type: "insufficient_quota"))
            return true
        default:
            if let keepOpen = try await transportFault(fault, writer: writer, standardHeaders: true) { return keepOpen }
        }
        if route.operation == .responses || route.operation == .embeddings {
            guard method == .POST, let request = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
            else {
                try await writer.json(
                    400,
                    ChatResponder.errorBody(status: 400, message: "the body is not a JSON object", code: "invalid_json")
                )
                return true
            }
            if route.operation == .responses {
                return try await respondResponses(request, fault: fault, requestNumber: requestNumber, writer: writer)
            }
            let model = request["model"] as? String ?? route.deployment ?? configuration.model
            let (status, answer) = EmbeddingsResponder.openAI(request, model: model)
            try await writer.json(status, answer)
            return true
        }
        guard route.operation == .chat else {
            return try await media.respond(
                route, method: method.rawValue, body: body, headers: headers, writer: writer)
        }
        guard method == .POST, let request = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        else {
            try await writer.json(
                400,
                ChatResponder.errorBody(status: 400, message: "the body is not a JSON object", code: "invalid_json"))
            return true
        }
        let responder = ChatResponder(
            model: (request["model"] as? String) ?? configuration.model, name: configuration.name,
            azure: route.style != .openAI, request: request, script: nextScript())
        let id = "chatcmpl-sim\(requestNumber)"
        let stream = (request["stream"] as? Bool) == true
        if fault == .malformedJSON && !stream {
            try await writer.json(200, Data("{\"id\": \"chatcmpl-broken\", \"choices\": [".utf8))
            return true
        }
        guard stream else {
            try await writer.json(200, responder.completion(id: id), extra: [("x-request-id", "sim-\(id)")])
            return true
        }
        var events = responder.streamEvents(
            id: id, wordsPerChunk: configuration.wordsPerChunk, filterFinish: fault == .contentFilterFinish)
        if fault == .malformedJSON { events.insert(Data("{not json".utf8), at: min(1, events.count)) }
        let errorAt: Int? =
            switch fault {
            case .errorInStream?: 2
            case .streamError(let after)?: after
            default: nil
            }
        if let errorAt {
            events.insert(
                ChatResponder.errorBody(
                    status: 500, message: "The server had an error while processing your request.", code: "server_error"
                ),
                at: min(errorAt, events.count))
        }
        try await writer.startStream(extra: [("x-request-id", "sim-\(id)")])
        guard try await writeEvents(events.map { (nil, $0) }, fault: fault, writer: writer) else { return false }
        if fault != .missingTerminator { try await writer.event(Data("[DONE]".utf8)) }
        try await writer.endStream()
        return true
    }

    /// Answers a Messages API request (`POST /v1/messages`), with the queued fault in Anthropic's
    /// shapes; returns false to close the connection.
    private func respondAnthropic(_ exchange: SimulatorExchange) async throws -> Bool {
        let (method, headers, body) = (exchange.method, exchange.headers, exchange.body)
        let (requestNumber, writer) = (exchange.requestNumber, exchange.writer)
        let requestId = "req_sim\(requestNumber)"
        let extra = [("request-id", requestId)] + Self.anthropicRateLimitHeaders
        func fail(_ status: Int, _ type: String, _ message: String, code: String? = nil) async throws -> Bool {
            try await writer.json(
                status, AnthropicResponder.errorBody(type: type, message: message, requestId: requestId, code: code),
                extra: extra, standardHeaders: false)
            return true
        }
        if let key = configuration.apiKey {
            let bearer = headers["authorization"].map { String($0.dropFirst("Bearer ".count)) }
            guard headers["x-api-key"] == key || bearer == key else {
                return try await fail(401, "authentication_error", "invalid x-api-key")
            }
        }
        guard headers["anthropic-version"]?.isEmpty == false else {
            return try await fail(400, "invalid_request_error", "anthropic-version: header is required")
        }
        let fault = nextFault()
        switch fault {
        case .status(let status, let retryAfterMs, let retryAfter)?:
            var more = extra
            if let retryAfterMs { more.append(("retry-after-ms", String(retryAfterMs))) }
            if let retryAfter { more.append(("retry-after", retryAfter)) }
            let type = AnthropicResponder.errorType(status: status)
            let message = status == 529 ? "Overloaded" : HTTPResponseStatus(statusCode: status).reasonPhrase
            try await writer.json(
                status, AnthropicResponder.errorBody(type: type, message: message, requestId: requestId), extra: more,
                standardHeaders: false)
            return true
        case .quotaExhausted?:
            return try await fail(
                429, "rate_limit_error",
                "You have reached your specified workspace API usage limits. You will regain access on 2027-01-01 at 00:00 UTC.",
                code: "enforced_spend_limit_reached")
        default:
            if let keepOpen = try await transportFault(fault, writer: writer, standardHeaders: false) {
                return keepOpen
            }
        }
        guard method == .POST, let request = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            return try await fail(400, "invalid_request_error", "the body is not a JSON object")
        }
        var responder = AnthropicResponder(name: configuration.name, request: request)
        if let rejection = responder.rejection() {
            return try await fail(rejection.status, rejection.type, rejection.message)
        }
        responder.script = nextScript()
        let cache: (tokens: Int, hit: Bool, long: Bool)? = responder.cachePrefix.map { prefix in
            let hit = state.withLockedValue { !$0.cachedPrefixes.insert(prefix.key).inserted }
            return (prefix.tokens, hit, prefix.long)
        }
        let id = "msg_sim\(requestNumber)"
        let refusal = fault == .contentFilter || fault == .contentFilterFinish
        guard (request["stream"] as? Bool) == true else {
            if fault == .malformedJSON {
                try await writer.json(
                    200, Data("{\"id\": \"msg_broken\", \"content\": [".utf8), extra: extra, standardHeaders: false)
                return true
            }
            try await writer.json(
                200, responder.message(id: id, cache: cache, refusal: refusal), extra: extra, standardHeaders: false)
            return true
        }
        var events = responder.events(
            id: id, cache: cache, wordsPerChunk: configuration.wordsPerChunk, refusal: refusal)
        let errorAfter: Int? =
            switch fault {
            // After the message's start and the first text.
            case .errorInStream?: events.firstIndex { $0.event == "content_block_delta" }.map { $0 + 1 }
            case .streamError(let after)?: 1 + after
            default: nil
            }
        if let errorAfter {
            let error = AnthropicResponder.errorBody(
                type: "overloaded_error", message: "Overloaded", requestId: requestId)
            events.insert(("error", error), at: min(errorAfter, events.count))
        }
        if fault == .malformedJSON {
            events.insert(("content_block_delta", Data("{not json".utf8)), at: min(1, events.count))
        }
        // An error event ends the stream.
        if let error = events.firstIndex(where: { $0.event == "error" }) { events = Array(events[...error]) }
        try await writer.startStream(extra: extra)
        guard try await writeEvents(events.map { ($0.event, $0.data) }, fault: fault, writer: writer) else {
            return false
        }
        if events.last?.event == "error" {
            try await writer.endStream()
            return true
        }
        if fault != .missingTerminator {
            try await writer.event(Data(#"{"type":"message_stop"}"#.utf8), name: "message_stop")
        }
        try await writer.endStream()
        return true
    }

    /// The rate-limit headers of the simulated Messages API.
    static let anthropicRateLimitHeaders = [
        ("anthropic-ratelimit-requests-limit", "4000"), ("anthropic-ratelimit-requests-remaining", "3999"),
        ("anthropic-ratelimit-tokens-limit", "400000"), ("anthropic-ratelimit-tokens-remaining", "399000"),
    ]

    /// The next scripted answer, if any.
    func nextScript() -> SimulatorAnswer? {
        state.withLockedValue { $0.scripts.isEmpty ? nil : $0.scripts.removeFirst() }
    }

    func nextFault() -> SimulatorFault? {
        state.withLockedValue { state in
            if !state.faults.isEmpty { return state.faults.removeFirst() }
            for (fault, probability) in configuration.randomFaults {
                if Double.random(in: 0..<1, using: &state.random) < probability { return fault }
            }
            return nil
        }
    }
}

/// Writes HTTP/1.1 responses on one connection. Each write waits until it reached the socket, so a
/// fault that closes the connection afterwards never loses what was written before it.
struct ResponseWriter {
    let channel: any Channel
    /// Called just before the response's end is written: the client may start its next request
    /// as soon as it reads it (over HTTP/2, a new stream in the freed slot).
    var ending: (@Sendable () -> Void)?

    init(channel: any Channel) {
        self.channel = channel
    }

    private func write(_ part: HTTPServerResponsePart) async throws {
        if case .end = part { ending?() }
        try await channel.writeAndFlush(part).get()
    }

    /// A JSON response; `standardHeaders` adds the OpenAI/Azure request id and rate-limit headers.
    func json(_ status: Int, _ body: Data, extra: [(String, String)] = [], standardHeaders: Bool = true) async throws {
        var headers = HTTPHeaders([("content-type", "application/json"), ("content-length", String(body.count))])
        headers.add(contentsOf: extra)
        if standardHeaders {
            headers.add(name: "apim-request-id", value: UUID().uuidString.lowercased())
            headers.add(name: "x-ratelimit-limit-requests", value: "1000")
            headers.add(name: "x-ratelimit-remaining-requests", value: "999")
            headers.add(name: "x-ratelimit-limit-tokens", value: "100000")
            headers.add(name: "x-ratelimit-remaining-tokens", value: "99000")
        }
        try await write(
            .head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers)))
        if !body.isEmpty { try await write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
        try await write(.end(nil))
    }

    func startStream(extra: [(String, String)], contentType: String = "text/event-stream") async throws {
        var headers = HTTPHeaders([("content-type", contentType), ("cache-control", "no-cache")])
        headers.add(contentsOf: extra)
        try await write(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
    }

    /// One event; `name` adds its `event:` line.
    func event(_ data: Data, name: String? = nil) async throws {
        var buffer = ByteBuffer()
        if let name { buffer.writeString("event: \(name)\n") }
        buffer.writeString("data: ")
        buffer.writeBytes(data)
        buffer.writeString("\n\n")
        try await write(.body(.byteBuffer(buffer)))
    }

    /// Bytes of a binary stream, in two writes split at `split` (so clients read frames cut
    /// across reads).
    func bytes(_ bytes: [UInt8], split: Int) async throws {
        let cut = min(max(0, split), bytes.count)
        for piece in [bytes[..<cut], bytes[cut...]] where !piece.isEmpty {
            try await write(.body(.byteBuffer(ByteBuffer(bytes: piece))))
        }
    }

    func endStream() async throws {
        try await write(.end(nil))
    }

    /// A binary body sent in `pieces` chunks (chunked transfer), so clients can stream it.
    func binary(_ data: Data, contentType: String, pieces: Int) async throws {
        let headers = HTTPHeaders([("content-type", contentType)])
        try await write(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
        let size = max(1, (data.count + pieces - 1) / max(1, pieces))
        var offset = 0
        while offset < data.count {
            let end = min(data.count, offset + size)
            try await write(.body(.byteBuffer(ByteBuffer(bytes: data[offset..<end]))))
            offset = end
        }
        try await write(.end(nil))
    }
}
