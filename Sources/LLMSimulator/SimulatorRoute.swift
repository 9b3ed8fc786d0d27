/// A request path the simulator answers, split into its API style and operation.
struct SimulatorRoute: Equatable {
    enum Style: Hashable {
        case azureClassic, azureV1, openAI, anthropic, file, gemini, vertexAI, bedrock
    }

    enum Operation: Equatable {
        case chat
        /// Anthropic's Messages API.
        case messages
        case images
        case speech
        case transcriptions
        /// OpenAI `POST /v1/videos` or Azure `POST /openai/v1/video/generations/jobs`.
        case createVideo
        /// A video job's status.
        case videoStatus(String)
        /// A finished video's bytes (OpenAI: the job id; Azure: the generation id).
        case videoContent(String)
        /// A generated image served by URL.
        case file(String)
        case responses
        case embeddings
        /// A Gemini method (`generateContent`, `streamGenerateContent`, `embedContent`,
        /// `batchEmbedContents`) on a model.
        case gemini(model: String, method: String)
        /// Bedrock's Converse (or ConverseStream) on a model id.
        case converse(model: String, stream: Bool)
    }

    var style: Style
    var operation: Operation
    /// Whether a video route is the Sora-1 jobs API (`/openai/v1/video/generations/jobs...`) rather
    /// than OpenAI's `videos` shape (which Azure serves for `sora-2`).
    var soraJobs = false
    /// The Azure classic deployment in the path.
    var deployment: String?

    var isFile: Bool { style == .file }

    init?(path: String) {
        var rest: Substring
        if let (style, model, method) = Self.gemini(path) {
            self.style = style
            operation = .gemini(model: model, method: method)
            return
        }
        if path.hasPrefix("/model/") {
            let parts = path.dropFirst("/model/".count).split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, ["converse", "converse-stream"].contains(parts[1]) else { return nil }
            style = .bedrock
            operation = .converse(
                model: String(parts[0]).removingPercentEncoding ?? String(parts[0]),
                stream: parts[1] == "converse-stream")
            return
        }
        if path == "/v1/messages" {
            style = .anthropic
            operation = .messages
            return
        }
        if path.hasPrefix("/openai/deployments/") {
            style = .azureClassic
            let afterPrefix = path.dropFirst("/openai/deployments/".count)
            guard let slash = afterPrefix.firstIndex(of: "/") else { return nil }
            deployment = String(afterPrefix[..<slash])
            rest = afterPrefix[afterPrefix.index(after: slash)...]
        } else if path.hasPrefix("/openai/v1/") {
            style = .azureV1
            rest = path.dropFirst("/openai/v1/".count)
        } else if path.hasPrefix("/v1/") {
            style = .openAI
            rest = path.dropFirst("/v1/".count)
        } else if path.hasPrefix("/files/") {
            style = .file
            operation = .file(String(path.dropFirst("/files/".count)))
            return
        } else {
            return nil
        }
        let parts = rest.split(separator: "/").map(String.init)
        soraJobs = parts.first == "video"
        switch parts {
        case ["chat", "completions"]: operation = .chat
        case ["responses"]: operation = .responses
        case ["embeddings"]: operation = .embeddings
        case ["images", "generations"]: operation = .images
        case ["audio", "speech"]: operation = .speech
        case ["audio", "transcriptions"]: operation = .transcriptions
        case ["videos"], ["video", "generations", "jobs"]: operation = .createVideo
        case let p where p.count == 2 && p[0] == "videos": operation = .videoStatus(p[1])
        case let p where p.count == 4 && p[0] == "video" && p[2] == "jobs": operation = .videoStatus(p[3])
        case let p where p.count == 3 && p[0] == "videos" && p[2] == "content": operation = .videoContent(p[1])
        case let p where p.count == 5 && p[0] == "video" && p[3] == "content": operation = .videoContent(p[2])
        default: return nil
        }
    }

    /// `/v1beta/models/{model}:{method}` (Gemini API) or
    /// `/v1/projects/{p}/locations/{l}/publishers/google/models/{model}:{method}` (Vertex AI).
    private static func gemini(_ path: String) -> (Style, String, String)? {
        let style: Style
        let rest: Substring
        if path.hasPrefix("/v1beta/models/") {
            style = .gemini
            rest = path.dropFirst("/v1beta/models/".count)
        } else if path.hasPrefix("/v1/projects/"), let range = path.range(of: "/publishers/google/models/") {
            style = .vertexAI
            rest = path[range.upperBound...]
        } else {
            return nil
        }
        guard let colon = rest.lastIndex(of: ":") else { return nil }
        let model = String(rest[..<colon]).removingPercentEncoding ?? String(rest[..<colon])
        return (style, model, String(rest[rest.index(after: colon)...]))
    }
}
