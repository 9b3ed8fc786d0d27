public import ServiceLifecycle

extension LLMRouter: Service {
    /// Runs until the service group shuts down gracefully (or the task is cancelled), then refuses
    /// new requests, lets the routed requests and streams in flight finish within
    /// ``RouterConfiguration/shutdownGracePeriod``, and shuts the deployments' connectors down.
    public func run() async throws {
        try? await gracefulShutdown()
        await drain(within: configuration.shutdownGracePeriod)
        try await shutdown()
    }
}
