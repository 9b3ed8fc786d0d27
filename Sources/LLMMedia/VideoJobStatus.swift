/// The state of an asynchronous video generation job.
public enum VideoJobStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Accepted, not started.
    case queued
    /// Being rendered.
    case inProgress = "in_progress"
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

    /// Parses the status strings Azure and OpenAI use (`queued`, `preprocessing`, `running`,
    /// `processing`, `in_progress`, `succeeded`, `completed`, `failed`, `cancelled`).
    public init?(serviceValue: String) {
        switch serviceValue.lowercased() {
        case "queued", "pending", "preprocessing": self = .queued
        case "in_progress", "running", "processing": self = .inProgress
        case "completed", "succeeded", "success": self = .completed
        case "failed", "error": self = .failed
        case "cancelled", "canceled": self = .cancelled
        default: return nil
        }
    }
}
