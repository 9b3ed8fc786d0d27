public import LLMMedia

/// A model that generates video: ``LLM`` plus ``getVideo(_:context:)`` and
/// ``streamVideo(_:context:)`` (an asynchronous job: created, polled, downloaded).
public protocol VideoGenerating: LLM {
    /// Generates a video.
    func getVideo(_ request: VideoGenerationRequest, context: RequestContext) async throws -> LLMVideoResponse
    /// Generates a video, yielding job status updates and finally the video.
    func streamVideo(_ request: VideoGenerationRequest, context: RequestContext)
        -> AsyncThrowingStream<LLMVideoChunk, any Error>
}

extension VideoGenerating {
    /// Generates a video for a prompt with default settings.
    public func getVideo(_ prompt: String, context: RequestContext = RequestContext()) async throws
        -> LLMVideoResponse
    {
        try await getVideo(VideoGenerationRequest(prompt: prompt), context: context)
    }
}
