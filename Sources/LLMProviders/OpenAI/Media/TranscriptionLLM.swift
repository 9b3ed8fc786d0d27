import Connectors
import Foundation
public import LLMCore
public import LLMMedia

/// Speech to text (whisper-1, gpt-4o-transcribe): audio uploaded as `multipart/form-data`.
/// `getAnswer` transcribes the last audio part of the conversation (its text parts become the
/// `prompt` hint); ``transcribe(_:prompt:language:context:)`` takes the audio directly.
public final class TranscriptionLLM: AzureBaseLLM, Transcribing, @unchecked Sendable {
    /// The largest upload the service accepts: 25 MB.
    public static let maxAudioBytes = 25 * 1024 * 1024

    /// Transcribes the last audio part of the last user message.
    override public func getAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        async throws -> LLMResponse
    {
        try checkTextOutputSupport()
        try validateMessages(messages)
        guard let message = messages.last(where: { $0.content.contains { $0.mediaType == .audio } }),
            case .audio(let audio)? = message.content.last(where: { $0.mediaType == .audio })
        else {
            throw LLMError.invalid(
                "messages", "\(metadata.name) needs audio to transcribe",
                hint: "send a user message with an audio part, or call transcribe(_:)")
        }
        let prompt = message.content.compactMap(\.text).joined(separator: " ")
        return try await transcribe(audio, prompt: prompt.isEmpty ? nil : prompt, context: context)
    }

    /// Yields the transcript as one chunk (the service answers whole).
    override public func streamAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        -> AsyncThrowingStream<LLMStreamChunk, any Error>
    {
        pushStream { continuation in
            let response = try await self.getAnswer(messages, context: context, options: options)
            continuation.yield(
                LLMStreamChunk(
                    model: response.model, textDelta: response.content, finishReason: .stop,
                    endpoint: response.endpoint, requestId: response.requestId))
        }
    }

    /// Uploads `audio` and returns its transcript as the response content.
    public func transcribe(
        _ audio: AudioInput, prompt: String? = nil, language: String? = nil, context: RequestContext = RequestContext()
    ) async throws -> LLMResponse {
        guard !audio.data.isEmpty else { throw LLMError(wrapping: MediaError.empty, parameter: "audio") }
        guard audio.data.count <= Self.maxAudioBytes else {
            throw LLMError(
                wrapping: MediaError.tooLarge(bytes: audio.data.count, limit: Self.maxAudioBytes), parameter: "audio")
        }
        return try await measured(context: context) {
            let start = ContinuousClock.now
            var form = MultipartForm()
            form.add("model", wireModelName)
            form.add("response_format", "json")
            if let prompt { form.add("prompt", prompt) }
            if let language { form.add("language", language) }
            form.addFile(
                "file", filename: "audio.\(audio.format)", mimeType: audio.mimeType.rawValue, data: audio.data)
            requested(context: context)
            let response = try await connector.send(
                ConnectorRequest(path: "audio/transcriptions", body: form.finished(), contentType: form.contentType),
                context: context)
            guard let json = try? JSONValue(parsing: response.body), let text = json["text"]?.stringValue else {
                throw LLMError(
                    code: .decoding, message: "the transcription has no text: \(WireExcerpt.of(response.body))",
                    endpoint: response.info.endpoint, requestId: response.info.requestId)
            }
            let answer = LLMResponse(
                model: metadata.name, content: text, finishReason: .stop, requestId: response.info.requestId,
                endpoint: response.info.endpoint, attempts: response.info.attempts,
                latency: ContinuousClock.now - start)
            return (answer, response.info)
        }
    }
}

/// A `multipart/form-data` body: fields and files in any order, then ``finished()`` closes it.
struct MultipartForm {
    let boundary = "swift-llm-" + UUID().uuidString
    private var body = Data()

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    mutating func add(_ name: String, _ value: String) {
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
    }

    mutating func addFile(_ name: String, filename: String, mimeType: String, data: Data) {
        body.append(
            Data(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(mimeType)\r\n\r\n"
                    .utf8))
        body.append(data)
        body.append(Data("\r\n".utf8))
    }

    /// The body with its closing boundary.
    func finished() -> Data {
        body + Data("--\(boundary)--\r\n".utf8)
    }
}
