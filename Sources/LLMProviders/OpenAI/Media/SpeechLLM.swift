import Connectors
import Foundation
public import LLMCore
public import LLMMedia

/// Text to speech (tts-1, tts-1-hd, gpt-4o-mini-tts): `getAudio` returns the file, `streamAudio`
/// yields it as it arrives. Voices, formats, speed and instructions are checked before sending.
public final class SpeechLLM: AzureBaseLLM, SpeechGenerating, @unchecked Sendable {
    /// Voices every speech model accepts.
    public static let voices = ["alloy", "ash", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer"]
    /// Further voices of gpt-4o-mini-tts.
    public static let miniTTSVoices = ["ballad", "verse"]
    /// Output formats.
    public static let formats = ["mp3", "opus", "aac", "flac", "wav", "pcm"]
    /// The longest input, in characters.
    public static let maxInputLength = 4_096

    /// Speaks the input and returns the whole file, through the request lifecycle.
    public override func getAudio(_ request: SpeechRequest, context: RequestContext) async throws
        -> LLMAudioResponse
    {
        try await measured(context: context) {
            try validate(request)
            requested(context: context)
            let response = try await connector.send(
                ConnectorRequest(path: "audio/speech", body: body(request)), context: context)
            let mimeType = MIMESniffer.sniff(response.body) ?? Self.mimeType(request.format ?? "mp3")
            let audio = LLMAudioResponse(
                data: response.body, mimeType: mimeType, model: metadata.name, requestId: response.info.requestId)
            return (audio, response.info)
        }
    }

    /// Speaks the input, yielding the bytes as they arrive, then an empty final chunk; through the
    /// request lifecycle.
    public override func streamAudio(_ request: SpeechRequest, context: RequestContext)
        -> AsyncThrowingStream<LLMAudioChunk, any Error>
    {
        measuredStream(context: context) { continuation in
            try self.validate(request)
            let mimeType = Self.mimeType(request.format ?? "mp3")
            let connectorRequest = ConnectorRequest(path: "audio/speech", body: self.body(request))
            self.requested(context: context)
            var info: ResponseInfo?
            for try await element in self.connector.streamBody(connectorRequest, context: context) {
                switch element {
                case .opened(let opened): info = opened
                case .bytes(let data): continuation.yield(LLMAudioChunk(data: data, mimeType: mimeType, isFinal: false))
                }
            }
            continuation.yield(LLMAudioChunk(data: Data(), mimeType: mimeType, isFinal: true))
            return info
        }
    }

    /// Checks voice, format, speed, instructions and input length.
    public func validate(_ request: SpeechRequest) throws(LLMError) {
        guard !request.input.allSatisfy(\.isWhitespace) else {
            throw LLMError(code: .invalidPrompt, message: "the text to speak is empty", parameter: "input")
        }
        if request.input.count > Self.maxInputLength {
            throw .outOfRange(
                "input", value: "\(request.input.count) characters", allowed: "at most \(Self.maxInputLength)")
        }
        let isMiniTTS = metadata.name.contains("gpt-4o-mini-tts")
        let voices = Self.voices + (isMiniTTS ? Self.miniTTSVoices : [])
        try ImageRules.check("voice", request.voice, in: voices, model: metadata.name)
        try ImageRules.check("format", request.format, in: Self.formats, model: metadata.name)
        if let speed = request.speed, !(0.25...4.0).contains(speed) {
            throw .outOfRange("speed", value: "\(speed)", allowed: "0.25...4.0")
        }
        if request.instructions != nil && !isMiniTTS {
            throw .invalid(
                "instructions", "\(metadata.name) does not take instructions",
                hint: "use gpt-4o-mini-tts for instructions")
        }
    }

    private func body(_ request: SpeechRequest) -> Data {
        var body: [String: JSONValue] = [
            "model": .string(wireModelName), "input": .string(request.input), "voice": .string(request.voice),
        ]
        if let value = request.format { body["response_format"] = .string(value) }
        if let value = request.speed { body["speed"] = .double(value) }
        if let value = request.instructions { body["instructions"] = .string(value) }
        return Data(JSONValue.object(body).jsonString.utf8)
    }

    static func mimeType(_ format: String) -> MIMEType {
        switch format {
        case "wav": .wav
        case "opus": .ogg
        case "aac": .aac
        case "flac": .flac
        case "pcm": .pcm
        default: .mp3
        }
    }
}
