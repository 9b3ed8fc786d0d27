/// A request to generate a video (Sora), run as an asynchronous job.
public struct VideoGenerationRequest: Sendable, Hashable {
    /// What to film.
    public var prompt: String
    /// Length in seconds; nil is the model's default.
    public var seconds: Int?
    /// Frame size as `WIDTHxHEIGHT`, for example `1280x720`.
    public var size: String?
    /// How many variants to render (where the service supports it).
    public var n: Int?

    /// Creates a video request.
    public init(prompt: String, seconds: Int? = nil, size: String? = nil, n: Int? = nil) {
        self.prompt = prompt
        self.seconds = seconds
        self.size = size
        self.n = n
    }
}
