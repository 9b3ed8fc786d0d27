public import Foundation

/// A generated video and the job that made it.
public struct LLMVideoResponse: Sendable, Hashable {
    /// The service's job id.
    public var jobId: String
    /// The job's final status.
    public var status: VideoJobStatus
    /// The video bytes (present when ``status`` is completed).
    public var data: Data?
    /// The MIME type of ``data``.
    public var mimeType: MIMEType?
    /// Length in seconds, when known.
    public var seconds: Int?
    /// Frame size as `WIDTHxHEIGHT`, when known.
    public var size: String?
    /// The model that rendered it.
    public var model: String

    /// Creates a video response.
    public init(
        jobId: String, status: VideoJobStatus, data: Data? = nil, mimeType: MIMEType? = nil, seconds: Int? = nil,
        size: String? = nil, model: String
    ) {
        self.jobId = jobId
        self.status = status
        self.data = data
        self.mimeType = mimeType
        self.seconds = seconds
        self.size = size
        self.model = model
    }
}

/// A progress update of a video job, and finally the video itself.
public struct LLMVideoChunk: Sendable, Hashable {
    /// The service's job id.
    public var jobId: String
    /// The job's status at this update.
    public var status: VideoJobStatus
    /// Progress in percent (0...100), when the service reports it.
    public var progress: Int?
    /// The finished video, on the last chunk only.
    public var video: LLMVideoResponse?

    /// Creates a video chunk.
    public init(jobId: String, status: VideoJobStatus, progress: Int? = nil, video: LLMVideoResponse? = nil) {
        self.jobId = jobId
        self.status = status
        self.progress = progress
        self.video = video
    }
}
