public import AsyncHTTPClient
public import Logging
public import ServiceLifecycle

extension Connector: Service {
    /// Runs until the service group shuts down gracefully (or the task is cancelled), then stops
    /// taking new requests (they fail with `serviceUnavailable`), lets the requests and streams in
    /// flight finish within ``ConnectorConfiguration/shutdownGracePeriod``, and shuts the HTTP
    /// client down, closing its connections.
    ///
    /// ```swift
    /// let connector = try Connector(configuration: .fromEnvironment())
    /// let group = ServiceGroup(services: [connector, app], logger: logger)
    /// try await group.run()
    /// ```
    public func run() async throws {
        try? await gracefulShutdown()
        await drain(within: configuration.shutdownGracePeriod)
        try await shutdown()
    }

    /// Refuses new requests (they fail with `serviceUnavailable`, which a router takes as a reason
    /// to move on) and waits until the requests and streams in flight end, or `grace` passes.
    /// - Returns: how many were still in flight when it returned.
    @discardableResult
    public func drain(within grace: Duration) async -> Int {
        let left = await gate.drain(within: grace)
        if left > 0 {
            logger.warning(
                "shutting down with requests in flight",
                metadata: ["llm.in_flight": "\(left)", "llm.endpoint": "\(configuration.primary.name)"])
        }
        return left
    }

    /// The requests and streams in flight.
    public var requestsInFlight: Int { gate.inFlight }

    /// Whether a shutdown began: new requests are refused.
    public var isShuttingDown: Bool { gate.isDraining }
}

/// Runs `body` with a new connector and shuts it down on every path — a thrown error included —
/// the way AsyncHTTPClient's `HTTPClient.withHTTPClient` scopes its client.
///
/// ```swift
/// let answer = try await withConnector(configuration: .fromEnvironment()) { connector in
///     try await OpenAILLM(model: "gpt-4.1-mini", connector: connector).getAnswer("Hello")
/// }
/// ```
/// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) when the configuration is unusable, or
///   what `body` throws.
public func withConnector<Result>(
    configuration: ConnectorConfiguration, httpClient: HTTPClient? = nil,
    logger: Logger = Logger(label: "swift-llm.connector"), isolation: isolated (any Actor)? = #isolation,
    _ body: (Connector) async throws -> Result
) async throws -> Result {
    let connector = try Connector(configuration: configuration, httpClient: httpClient, logger: logger)
    let result: Result
    do {
        result = try await body(connector)
    } catch {
        try? await connector.shutdown()
        throw error
    }
    try await connector.shutdown()
    return result
}
