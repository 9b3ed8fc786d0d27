import Foundation
import NIOConcurrencyHelpers

/// Answers the image, speech, transcription and video routes with deterministic, tiny media.
final class MediaResponder: Sendable {
    let name: String
    /// Video jobs by id: how many times their status was asked.
    private let jobs = NIOLockedValueBox<[String: Int]>([:])

    init(name: String) {
        self.name = name
    }

    func respond(
        _ route: SimulatorRoute, method: String, body: Data, headers: [String: String], writer: ResponseWriter
    ) async throws -> Bool {
        let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        let host = headers["host"] ?? "127.0.0.1"
        let azure = route.style != .openAI
        let jobs = route.soraJobs
        switch route.operation {
        case .images:
            try await images(json, host: host, azure: azure, writer: writer)
        case .speech:
            try await speech(json, writer: writer)
        case .transcriptions:
            try await writer.json(
                200, ChatResponder.json(["text": transcript(body, contentType: headers["content-type"])]))
        case .createVideo:
            let id = (jobs ? "task_" : "video_") + UUID().uuidString.prefix(8).lowercased()
            self.jobs.withLockedValue { $0[id] = 0 }
            try await writer.json(200, ChatResponder.json(videoJob(id, polls: 0, azure: jobs, request: json)))
        case .videoStatus(let id):
            guard
                let polls = self.jobs.withLockedValue({ jobs -> Int? in
                    guard let count = jobs[id] else { return nil }
                    jobs[id] = count + 1
                    return count + 1
                })
            else {
                try await writer.json(
                    404, ChatResponder.errorBody(status: 404, message: "job \(id) not found", code: "404"))
                return true
            }
            try await writer.json(200, ChatResponder.json(videoJob(id, polls: polls, azure: jobs, request: [:])))
        case .videoContent:
            try await writer.binary(SimulatorMedia.mp4, contentType: "video/mp4", pieces: 2)
        case .file:
            try await writer.binary(SimulatorMedia.png, contentType: "image/png", pieces: 1)
        case .chat, .messages, .responses, .embeddings, .gemini, .converse:
            break
        }
        return true
    }

    private func images(_ request: [String: Any], host: String, azure: Bool, writer: ResponseWriter) async throws {
        let prompt = request["prompt"] as? String ?? ""
        let count = request["n"] as? Int ?? 1
        let model = request["model"] as? String ?? ""
        // DALL-E answers with URLs by default; gpt-image-1 (which takes output_format) always in base64.
        let format = request["response_format"] as? String
        let base64 =
            format == "b64_json" || (format == nil && (model.contains("gpt-image") || request["output_format"] != nil))
        let revised = "\(name) drew: \(prompt)"
        if (request["stream"] as? Bool) == true {
            let partials = request["partial_images"] as? Int ?? 0
            try await writer.startStream(extra: [])
            for index in 0..<partials {
                try await writer.event(
                    ChatResponder.json([
                        "type": "image_generation.partial_image", "b64_json": SimulatorMedia.png.base64EncodedString(),
                        "partial_image_index": index,
                    ]))
            }
            try await writer.event(
                ChatResponder.json([
                    "type": "image_generation.completed", "b64_json": SimulatorMedia.png.base64EncodedString(),
                    "usage": ["input_tokens": 10, "output_tokens": 100, "total_tokens": 110],
                ]))
            try await writer.endStream()
            return
        }
        let items: [[String: Any]] = (0..<max(1, count)).map { index in
            var item: [String: Any] = ["revised_prompt": revised]
            if base64 {
                item["b64_json"] = SimulatorMedia.png.base64EncodedString()
            } else {
                item["url"] = "http://\(host)/files/image-\(index).png"
            }
            if azure {
                item["content_filter_results"] = ChatResponder.safeFilter
                item["prompt_filter_results"] = ChatResponder.safeFilter
            }
            return item
        }
        try await writer.json(200, ChatResponder.json(["created": 1_700_000_000, "data": items]))
    }

    private func speech(_ request: [String: Any], writer: ResponseWriter) async throws {
        let format = request["response_format"] as? String ?? "mp3"
        let audio = format == "wav" ? SimulatorMedia.wav : SimulatorMedia.mp3
        try await writer.binary(audio, contentType: format == "wav" ? "audio/wav" : "audio/mpeg", pieces: 3)
    }

    /// `"<name> heard N bytes of <type>"` from the multipart `file` part.
    private func transcript(_ body: Data, contentType: String?) -> String {
        guard let boundary = contentType?.components(separatedBy: "boundary=").last, !boundary.isEmpty else {
            return "\(name) heard nothing: not multipart"
        }
        let delimiter = Data("--\(boundary)".utf8)
        var parts: [Data] = []
        var rest = body[...]
        while let range = rest.range(of: delimiter) {
            parts.append(Data(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        for part in parts {
            guard let headerEnd = part.range(of: Data("\r\n\r\n".utf8)) else { continue }
            let header = String(decoding: part[..<headerEnd.lowerBound], as: UTF8.self)
            guard header.contains("name=\"file\"") else { continue }
            var file = Data(part[headerEnd.upperBound...])
            if file.suffix(2) == Data("\r\n".utf8) { file.removeLast(2) }
            let type =
                file.prefix(4) == Data("RIFF".utf8)
                ? "audio/wav" : file.prefix(3) == Data("ID3".utf8) ? "audio/mpeg" : "audio"
            return "\(name) heard \(file.count) bytes of \(type)"
        }
        return "\(name) heard nothing: no file part"
    }

    /// A job record: queued when created, in progress at the first poll, completed after.
    private func videoJob(_ id: String, polls: Int, azure: Bool, request: [String: Any]) -> [String: Any] {
        let status: String
        switch polls {
        case 0: status = azure ? "queued" : "queued"
        case 1: status = azure ? "running" : "in_progress"
        default: status = azure ? "succeeded" : "completed"
        }
        var job: [String: Any] = ["id": id, "status": status, "progress": min(100, polls * 50)]
        if azure {
            job["object"] = "video.generation.job"
            if status == "succeeded" {
                job["generations"] = [["id": "gen_\(id.dropFirst(5))", "object": "video.generation"]]
            }
        } else {
            job["object"] = "video"
            job["seconds"] = request["seconds"] ?? "4"
            job["size"] = request["size"] ?? "720x1280"
        }
        return job
    }
}
