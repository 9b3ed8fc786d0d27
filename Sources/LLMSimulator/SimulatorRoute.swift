/// A request path the simulator answers, split into its API style and operation.
struct SimulatorRoute: Equatable {
    enum Style: Equatable {
        case azureClassic, azureV1, openAI, anthropic, file
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
    }

    var style: Style
    var operation: Operation

    var isFile: Bool { style == .file }

    init?(path: String) {
        var rest: Substring
        if path == "/v1/messages" {
            style = .anthropic
            operation = .messages
            return
        }
        if path.hasPrefix("/openai/deployments/") {
            style = .azureClassic
            let afterPrefix = path.dropFirst("/openai/deployments/".count)
            guard let slash = afterPrefix.firstIndex(of: "/") else { return nil }
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
        switch parts {
        case ["chat", "completions"]: operation = .chat
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
}
