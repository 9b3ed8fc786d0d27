/// The simulator's HTTP/2 settings (``SimulatorConfiguration/http2``).
public struct SimulatorHTTP2: Sendable, Hashable {
    /// The streams a client may open at once on one connection (`SETTINGS_MAX_CONCURRENT_STREAMS`).
    public var maxConcurrentStreams: Int

    /// Creates the settings.
    public init(maxConcurrentStreams: Int = 100) {
        self.maxConcurrentStreams = maxConcurrentStreams
    }
}
