public import ServiceLifecycle

extension LLMSimulator: Service {
    /// Runs as a swift-service-lifecycle `Service`: listens (on ``SimulatorConfiguration``'s
    /// defaults, 127.0.0.1 and a free port, unless already started) until the group's graceful
    /// shutdown, then closes the listener and every connection.
    public func run() async throws {
        if state.withLockedValue({ $0.serverChannel == nil }) { _ = try await start() }
        try? await gracefulShutdown()
        try await shutdown()
    }
}
