public import Connectors
import Foundation
public import LLMCore
public import LLMMedia

/// Sora video generation as an asynchronous job: create it, poll its status with backoff within the
/// request's deadline, download the video. The route is picked per model: OpenAI endpoints, and
/// Azure endpoints for `sora-2`, use OpenAI's `videos` API (Azure's at `/openai/v1/videos`); Azure
/// endpoints for Sora 1 (`sora`) use its jobs API, `/openai/v1/video/generations/jobs`
/// (api-version `preview`).
public final class SoraLLM: AzureBaseLLM, VideoGenerating, @unchecked Sendable {
    /// The first wait between status polls; it grows by half each poll up to ``maxPollInterval``.
    public let pollInterval: Duration
    /// The longest wait between status polls.
    public let maxPollInterval: Duration

    /// Creates the model; the poll intervals default to 2 s growing to 15 s.
    public init(
        metadata: ModelMetadata, connector: Connector, pollInterval: Duration = .seconds(2),
        maxPollInterval: Duration = .seconds(15)
    ) {
        self.pollInterval = pollInterval
        self.maxPollInterval = maxPollInterval
        super.init(metadata: metadata, connector: connector)
    }

    /// Generates the video and returns it with the job's metadata.
    public override func getVideo(_ request: VideoGenerationRequest, context: RequestContext) async throws
        -> LLMVideoResponse
    {
        var video: LLMVideoResponse?
        for try await chunk in streamVideo(request, context: context) where chunk.video != nil {
            video = chunk.video
        }
        guard let video else {
            throw LLMError(code: .server, message: "the video job ended without a video")
        }
        return video
    }

    /// Yields the job's status after creation and after each poll, then the finished video.
    /// The whole job is one call of the request lifecycle (events, metrics, span).
    public override func streamVideo(_ request: VideoGenerationRequest, context: RequestContext)
        -> AsyncThrowingStream<LLMVideoChunk, any Error>
    {
        measuredStream(context: context) { continuation in
            try self.validate(request)
            let azure = self.usesJobsAPI
            self.requested(context: context)
            var job = try await self.send(
                azure ? "jobs" : "videos", method: "POST", body: self.createBody(request, azure: azure),
                context: context
            )
            var status = try Self.status(job)
            continuation.yield(LLMVideoChunk(jobId: job.id, status: status, progress: job.progress))
            var wait = self.pollInterval
            while !status.isTerminal {
                try await Task.sleep(for: wait)
                wait = min(self.maxPollInterval, wait * 1.5)
                // A job lives on the endpoint that created it: polls never fail over.
                job = try await self.send(
                    azure ? "jobs/\(job.id)" : "videos/\(job.id)", method: "GET", body: nil, pinned: job.endpoint,
                    context: context)
                status = try Self.status(job)
                // A completed job is reported once, by the final chunk that carries the video.
                if status != .completed {
                    continuation.yield(LLMVideoChunk(jobId: job.id, status: status, progress: job.progress))
                }
            }
            guard status == .completed else {
                throw LLMError(
                    code: .server,
                    message: "video job \(job.id) \(status.rawValue): \(job.error ?? "no reason given")",
                    hint: "check the prompt against the content policy, or retry")
            }
            let contentPath = azure ? "\(job.generationId ?? job.id)/content/video" : "videos/\(job.id)/content"
            let content = try await self.connector.send(
                self.connectorRequest(contentPath, method: "GET", body: nil, azure: azure, pinned: job.endpoint),
                context: context)
            let video = LLMVideoResponse(
                jobId: job.id, status: .completed, data: content.body,
                mimeType: MIMESniffer.sniff(content.body) ?? .mp4, seconds: request.seconds ?? job.seconds,
                size: request.size ?? job.size, model: self.metadata.name)
            continuation.yield(LLMVideoChunk(jobId: job.id, status: .completed, progress: 100, video: video))
            return content.info
        }
    }

    /// Checks the prompt, length (1...20 seconds) and size (`WIDTHxHEIGHT`).
    public func validate(_ request: VideoGenerationRequest) throws(LLMError) {
        guard !request.prompt.allSatisfy(\.isWhitespace) else {
            throw LLMError(code: .invalidPrompt, message: "the video prompt is empty", parameter: "prompt")
        }
        if let seconds = request.seconds, !(1...20).contains(seconds) {
            throw .outOfRange("seconds", value: "\(seconds)", allowed: "1...20")
        }
        if let size = request.size, Self.dimensions(size) == nil {
            throw .invalid("size", "size '\(size)' is not WIDTHxHEIGHT", hint: "use a size such as 1280x720")
        }
        if let n = request.n, !(1...4).contains(n) {
            throw .outOfRange("n", value: "\(n)", allowed: "1...4")
        }
    }

    private func createBody(_ request: VideoGenerationRequest, azure: Bool) -> Data {
        var body: [String: JSONValue] = ["model": .string(wireModelName), "prompt": .string(request.prompt)]
        if azure {
            if let seconds = request.seconds { body["n_seconds"] = .int(seconds) }
            if let (width, height) = request.size.flatMap(Self.dimensions) {
                body["width"] = .int(width)
                body["height"] = .int(height)
            }
            if let n = request.n { body["n_variants"] = .int(n) }
        } else {
            if let seconds = request.seconds { body["seconds"] = .string(String(seconds)) }
            if let size = request.size { body["size"] = .string(size) }
        }
        return Data(JSONValue.object(body).jsonString.utf8)
    }

    /// A job as both APIs describe it.
    struct Job {
        var id: String
        var status: String
        /// The name of the endpoint that holds it.
        var endpoint: String
        var progress: Int?
        var generationId: String?
        var seconds: Int?
        var size: String?
        var error: String?
    }

    /// Whether this model is served by Azure's Sora-1 jobs API: an Azure endpoint and not `sora-2`.
    var usesJobsAPI: Bool {
        connector.endpoints[0].style != .openAI && !metadata.name.lowercased().hasPrefix("sora-2")
    }

    private func send(_ path: String, method: String, body: Data?, pinned: String? = nil, context: RequestContext)
        async throws -> Job
    {
        let azure = usesJobsAPI
        let response = try await connector.send(
            connectorRequest(path, method: method, body: body, azure: azure, pinned: pinned), context: context)
        guard let json = try? JSONValue(parsing: response.body), let id = json["id"]?.stringValue,
            let status = json["status"]?.stringValue
        else {
            throw LLMError(
                code: .decoding, message: "the video job response is not a job: \(WireExcerpt.of(response.body))",
                endpoint: response.info.endpoint, requestId: response.info.requestId)
        }
        var job = Job(id: id, status: status, endpoint: response.info.endpointName)
        if case .int(let progress)? = json["progress"] { job.progress = progress }
        if case .array(let generations)? = json["generations"] {
            job.generationId = generations.first?["id"]?.stringValue
        }
        job.seconds = json["seconds"]?.stringValue.flatMap { Int($0) }
        job.size = json["size"]?.stringValue
        job.error = json["error"]?["message"]?.stringValue ?? json["failure_reason"]?.stringValue
        return job
    }

    /// Azure's jobs live under `/openai/v1/video/generations/...?api-version=preview` whatever the
    /// endpoint's style; OpenAI's under the base URL.
    private func connectorRequest(_ path: String, method: String, body: Data?, azure: Bool, pinned: String?)
        -> ConnectorRequest
    {
        guard azure else {
            // OpenAI's shape: under the base URL, or Azure's v1 route for sora-2.
            guard connector.endpoints[0].style != .openAI else {
                return ConnectorRequest(method: method, path: path, body: body, pinnedEndpoint: pinned)
            }
            return ConnectorRequest(
                method: method, path: path, body: body,
                url: { endpoint in EndpointURLParts.base(endpoint.baseURL, then: "/openai/v1") + path },
                pinnedEndpoint: pinned)
        }
        return ConnectorRequest(
            method: method, path: path, body: body,
            url: { endpoint in
                var base = endpoint.baseURL.absoluteString
                if base.hasSuffix("/") { base.removeLast() }
                return "\(base)/openai/v1/video/generations/\(path)?api-version=preview"
            }, pinnedEndpoint: pinned)
    }

    static func status(_ job: Job) throws(LLMError) -> VideoJobStatus {
        guard let status = status(serviceValue: job.status) else {
            throw LLMError(code: .decoding, message: "video job \(job.id) has an unknown status '\(job.status)'")
        }
        return status
    }

    /// The status strings Azure and OpenAI use (`queued`, `preprocessing`, `running`, `processing`,
    /// `in_progress`, `succeeded`, `completed`, `failed`, `cancelled`), or nil for another.
    static func status(serviceValue: String) -> VideoJobStatus? {
        switch serviceValue.lowercased() {
        case "queued", "pending", "preprocessing": .queued
        case "in_progress", "running", "processing": .inProgress
        case "completed", "succeeded", "success": .completed
        case "failed", "error": .failed
        case "cancelled", "canceled": .cancelled
        default: nil
        }
    }

    static func dimensions(_ size: String) -> (Int, Int)? {
        let parts = size.lowercased().split(separator: "x")
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0 else {
            return nil
        }
        return (width, height)
    }
}
