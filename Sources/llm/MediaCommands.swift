import ArgumentParser
import Foundation
import SwiftLLM

/// Writes bytes to a file, or fails with a clear error.
func writeOutput(_ data: Data, to path: String) throws {
    do {
        try data.write(to: URL(fileURLWithPath: path))
    } catch {
        throw LLMError(code: .invalidConfiguration, message: "cannot write '\(path)'", parameter: "--out")
    }
}

/// `llm image PROMPT --out FILE`.
struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "image", abstract: "Generate an image into a file.")

    @OptionGroup var endpoint: EndpointOptions
    @Argument(help: "What to draw.") var prompt: String
    @Option(help: "The image file to write.") var out: String
    @Option(help: "Size as WIDTHxHEIGHT.") var size: String?

    func run() async throws {
        try await endpoint.withModel(mediaModel: "gpt-image-1") { model in
            guard let images = model as? any ImageGenerating else {
                throw LLMError.unsupportedOutput(.image, metadata: model.metadata)
            }
            let dalle = model.metadata.family == "dall-e-3"
            let response = try await images.getImage(
                ImageGenerationRequest(prompt: prompt, size: size, responseFormat: dalle ? .base64 : nil),
                context: RequestContext())
            guard let data = response.images.first?.data else {
                throw LLMError(code: .decoding, message: "the service returned no image bytes")
            }
            try writeOutput(data, to: out)
            Console.line("wrote \(out) (\(data.count) bytes, \(response.images.first?.mimeType?.rawValue ?? "?"))")
            if let revised = response.images.first?.revisedPrompt {
                Console.line("revised prompt: \(Redactor.shared.server(revised))")
            }
        }
    }
}

/// `llm speak TEXT --out FILE`.
struct SpeakCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "speak", abstract: "Speak text into an audio file.")

    @OptionGroup var endpoint: EndpointOptions
    @Argument(help: "The text to speak.") var text: String
    @Option(help: "The audio file to write.") var out: String
    @Option(help: "The voice.") var voice: String = "alloy"
    @Option(help: "mp3, opus, aac, flac, wav or pcm.") var format: String?

    func run() async throws {
        try await endpoint.withModel(mediaModel: "tts-1") { model in
            guard let speech = model as? any SpeechGenerating else {
                throw LLMError.unsupportedOutput(.audio, metadata: model.metadata)
            }
            let audio = try await speech.getAudio(
                SpeechRequest(input: text, voice: voice, format: format), context: RequestContext())
            try writeOutput(audio.data, to: out)
            Console.line("wrote \(out) (\(audio.data.count) bytes, \(audio.mimeType.rawValue))")
        }
    }
}

/// `llm transcribe FILE`.
struct TranscribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcribe", abstract: "Print the text of an audio file.")

    @OptionGroup var endpoint: EndpointOptions
    @Argument(help: "The audio file (WAV, MP3, FLAC, Ogg).") var file: String

    func run() async throws {
        try await endpoint.withModel(mediaModel: "whisper-1") { model in
            let audio: AudioInput
            do {
                audio = try AudioInput(contentsOfFile: file)
            } catch {
                throw LLMError(wrapping: error, parameter: "FILE")
            }
            let response = try await model.getAnswer([.user([.audio(audio)])])
            Console.line(Redactor.shared.server(response.content))
        }
    }
}

/// `llm video PROMPT --out FILE`.
struct VideoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "video", abstract: "Generate a video into a file.")

    @OptionGroup var endpoint: EndpointOptions
    @Argument(help: "What to film.") var prompt: String
    @Option(help: "The video file to write.") var out: String
    @Option(help: "Length in seconds.") var seconds: Int?

    func run() async throws {
        try await endpoint.withModel(mediaModel: "sora") { model in
            guard let videos = model as? any VideoGenerating else {
                throw LLMError.unsupportedOutput(.video, metadata: model.metadata)
            }
            var video: LLMVideoResponse?
            for try await chunk in videos.streamVideo(
                VideoGenerationRequest(prompt: prompt, seconds: seconds), context: RequestContext())
            {
                FileHandle.standardError.write(
                    Data(
                        "job \(Redactor.shared.server(chunk.jobId, keepLineBreaks: false)): \(chunk.status.rawValue) \(chunk.progress.map { "\($0)%" } ?? "")\n"
                            .utf8))
                if let value = chunk.video { video = value }
            }
            guard let data = video?.data else { throw LLMError(code: .decoding, message: "the job returned no video") }
            try writeOutput(data, to: out)
            Console.line("wrote \(out) (\(data.count) bytes, \(video?.mimeType?.rawValue ?? "?"))")
        }
    }
}
