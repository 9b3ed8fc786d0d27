/// The state of an asynchronous video generation job.
public enum VideoJobStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Accepted, not started.
    case queued
    /// Being rendered.
    case inProgress
    /// Finished; the content can be downloaded.
    case completed
    /// Failed; the job's error says why.
    case failed
    /// Cancelled before it finished.
    case cancelled

    /// Whether the job will not change any more.
    public var isTerminal: Bool {
        self == .completed || self == .failed || self == .cancelled
    }
}
