import Foundation
import LLMSimulator
import SwiftLLM
import Testing

@Suite(.serialized) struct MediaIntegrationTests {
    /// The factory's model for a catalog name, as the base class (whose media stubs every model
    /// has: a media model overrides its own) and `LLM`.
    static func model(_ name: String, _ pair: SimulatorPair) throws -> any BaseLLM & LLM {
        let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: name)!, connector: pair.connector)
        guard let base = model as? any BaseLLM & LLM else {
            throw LLMError(code: .invalidConfiguration, message: "\(name) is not a BaseLLM")
        }
        return base
    }

    @Test func dallE3ReturnsURLsWithExpiryAndRevisedPrompts() async throws {
        try await SimulatorPair.with { pair in
            let dalle = try Self.model("dall-e-3", pair)
            let response = try await dalle.getImage(
                ImageGenerationRequest(prompt: "a lighthouse", size: "1792x1024", quality: "hd", style: "natural"),
                context: RequestContext())
            let image = try #require(response.images.first)
            #expect(image.url?.path == "/files/image-0.png")
            #expect(image.expiresAt == response.created.map { $0.addingTimeInterval(3_600) })
            #expect(image.revisedPrompt == "primary drew: a lighthouse")
            #expect(response.contentFilterResults["violence"] == "safe")
            let sent = try #require(pair.primary.requests.first)
            #expect(sent.uri == "/openai/deployments/gpt-4.1-mini/images/generations?api-version=2024-10-21")
            #expect(sent.json?["size"] as? String == "1792x1024")
            let b64 = try await dalle.getImage(
                ImageGenerationRequest(prompt: "x", responseFormat: .base64), context: RequestContext())
            #expect(b64.images.first?.data == SimulatorMedia.png)
            #expect(b64.images.first?.mimeType == .png)
        }
    }

    @Test func gptImage1DecodesBase64AndStreamsPartialImages() async throws {
        try await SimulatorPair.with(style: .openAI) { pair in
            let model = try Self.model("gpt-image-1", pair)
            let response = try await model.getImage(
                ImageGenerationRequest(prompt: "a fox", n: 2, outputFormat: "png"), context: RequestContext())
            #expect(response.images.count == 2)
            #expect(response.images.allSatisfy { $0.data == SimulatorMedia.png && $0.mimeType == .png })
            var chunks: [LLMImageChunk] = []
            for try await chunk in model.streamImage(
                ImageGenerationRequest(prompt: "a fox", partialImages: 2), context: RequestContext())
            {
                chunks.append(chunk)
            }
            #expect(chunks.map(\.partialIndex) == [0, 1, nil])
            #expect(chunks.map(\.isFinal) == [false, false, true])
            #expect(chunks.last?.image.data == SimulatorMedia.png)
            #expect(pair.primary.requests.last?.uri == "/v1/images/generations")
        }
    }

    @Test func dallE3StreamsOneFinalChunk() async throws {
        try await SimulatorPair.with { pair in
            var chunks: [LLMImageChunk] = []
            for try await chunk in try Self.model("dall-e-3", pair).streamImage(
                ImageGenerationRequest(prompt: "x"), context: RequestContext())
            {
                chunks.append(chunk)
            }
            #expect(chunks.count == 1 && chunks[0].isFinal)
        }
    }

    @Test func imageRequestsAreValidatedPerModelBeforeSending() async throws {
        try await SimulatorPair.with { pair in
            let dalle = try Self.model("dall-e-3", pair)
            let gptImage = try Self.model("gpt-image-1", pair)
            let cases: [(any BaseLLM & LLM, ImageGenerationRequest, String)] = [
                (dalle, ImageGenerationRequest(prompt: "x", size: "512x512"), "size"),
                (dalle, ImageGenerationRequest(prompt: "x", n: 2), "n"),
                (dalle, ImageGenerationRequest(prompt: "x", quality: "high"), "quality"),
                (dalle, ImageGenerationRequest(prompt: "x", outputFormat: "webp"), "outputFormat"),
                (gptImage, ImageGenerationRequest(prompt: "x", style: "vivid"), "style"),
                (gptImage, ImageGenerationRequest(prompt: "x", responseFormat: .url), "responseFormat"),
                (gptImage, ImageGenerationRequest(prompt: "x", partialImages: 4), "partialImages"),
                (gptImage, ImageGenerationRequest(prompt: "  "), "prompt"),
            ]
            for (model, request, parameter) in cases {
                let error = await captureError { _ = try await model.getImage(request, context: RequestContext()) }
                #expect(error?.parameter == parameter, "\(parameter): \(String(describing: error))")
            }
            let size = await captureError {
                _ = try await dalle.getImage(
                    ImageGenerationRequest(prompt: "x", size: "512x512"), context: RequestContext())
            }
            #expect(size?.message == "size = '512x512' is out of range; allowed: 1024x1024, 1792x1024, 1024x1792")
            #expect(pair.primary.requests.isEmpty)
        }
    }

    @Test func mediaModelsRefuseTextAndTextModelsRefuseMediaWithHints() async throws {
        try await SimulatorPair.with { pair in
            let dalle = try Self.model("dall-e-3", pair)
            let answer = await captureError { _ = try await dalle.getAnswer("draw a cat") }
            #expect(answer?.code == .unsupportedOperation)
            #expect(answer?.hint == "dall-e-3 outputs images; use getImage()")
            let stream = await captureError { for try await _ in dalle.streamAnswer("draw") {} }
            #expect(stream?.hint == "dall-e-3 outputs images; use getImage()")
            let tts = try Self.model("tts-1", pair)
            #expect(
                await captureError { _ = try await tts.getAnswer("hi") }?.hint == "tts-1 outputs audio; use getAudio()")
            #expect(await captureError { _ = try await tts.getImage("x") }?.code == .unsupportedOperation)
            let sora = try Self.model("sora", pair)
            #expect(
                await captureError { _ = try await sora.getAudio("x") }?.hint == "sora outputs video; use getVideo()")
            let chat = try Self.model("gpt-4.1-mini", pair)
            #expect(
                await captureError { _ = try await chat.getVideo("x") }?.hint
                    == "gpt-4.1-mini outputs text; use getAnswer()")
            #expect(pair.primary.requests.isEmpty)
        }
    }

    @Test func speechReturnsAndStreamsAudio() async throws {
        try await SimulatorPair.with { pair in
            let tts = try Self.model("gpt-4o-mini-tts", pair)
            let mp3 = try await tts.getAudio(
                SpeechRequest(input: "hello", voice: "coral", speed: 1.25), context: RequestContext())
            #expect(mp3.data == SimulatorMedia.mp3)
            #expect(mp3.mimeType == .mp3)
            let wav = try await tts.getAudio(
                SpeechRequest(input: "hello", format: "wav", instructions: "calm"), context: RequestContext())
            #expect(wav.mimeType == .wav)
            var streamed = Data()
            var chunks = 0
            var final = false
            for try await chunk in tts.streamAudio(SpeechRequest(input: "stream"), context: RequestContext()) {
                streamed += chunk.data
                chunks += 1
                final = chunk.isFinal
            }
            #expect(streamed == SimulatorMedia.mp3)
            #expect(chunks >= 2 && final)
            #expect(pair.primary.requests.first?.uri.hasPrefix("/openai/deployments/gpt-4.1-mini/audio/speech") == true)
            #expect(pair.primary.requests.first?.json?["voice"] as? String == "coral")
        }
    }

    @Test func speechIsValidatedBeforeSending() async throws {
        try await SimulatorPair.with { pair in
            let tts = try Self.model("tts-1", pair)
            let cases: [(SpeechRequest, String)] = [
                (SpeechRequest(input: "x", voice: "robot"), "voice"),
                (SpeechRequest(input: "x", format: "ogg"), "format"),
                (SpeechRequest(input: "x", speed: 5), "speed"),
                (SpeechRequest(input: "x", instructions: "calm"), "instructions"),
                (SpeechRequest(input: String(repeating: "a", count: 4_097)), "input"),
                (SpeechRequest(input: ""), "input"),
            ]
            for (request, parameter) in cases {
                let error = await captureError { _ = try await tts.getAudio(request, context: RequestContext()) }
                #expect(error?.parameter == parameter)
            }
            #expect(pair.primary.requests.isEmpty)
        }
    }

    @Test func transcriptionUploadsMultipartAudio() async throws {
        try await SimulatorPair.with { pair in
            let whisper = try #require(try Self.model("whisper-1", pair) as? TranscriptionLLM)
            let direct = try await whisper.transcribe(try AudioInput(data: SimulatorMedia.wav), prompt: "names: Ada")
            #expect(direct.content == "primary heard \(SimulatorMedia.wav.count) bytes of audio/wav")
            let viaChat = try await whisper.getAnswer([
                .user([.text("transcribe"), .audio(try AudioInput(data: SimulatorMedia.mp3))])
            ])
            #expect(viaChat.content == "primary heard \(SimulatorMedia.mp3.count) bytes of audio/mpeg")
            let sent = try #require(pair.primary.requests.first)
            #expect(sent.uri.hasPrefix("/openai/deployments/gpt-4.1-mini/audio/transcriptions"))
            #expect(sent.headers["content-type"]?.hasPrefix("multipart/form-data; boundary=") == true)
            #expect(String(decoding: sent.body, as: UTF8.self).contains("name=\"prompt\"\r\n\r\nnames: Ada"))
            let noAudio = await captureError { _ = try await whisper.getAnswer("no audio here") }
            #expect(noAudio?.parameter == "messages")
        }
    }

    /// The route is per model: OpenAI's `videos` at OpenAI, and at Azure for `sora-2`
    /// (`/openai/v1/videos`); Azure's jobs API for Sora 1.
    @Test(arguments: [
        (EndpointStyle.openAI, "sora-2"), (.azure, "sora"), (.azure, "sora-2"), (.azureV1, "sora-2"),
    ])
    func soraCreatesPollsAndDownloadsTheVideo(style: EndpointStyle, name: String) async throws {
        try await SimulatorPair.with(style: style) { pair in
            let sora = SoraLLM(
                metadata: ModelCatalog.metadata(named: name)!, connector: pair.connector,
                pollInterval: .milliseconds(20), maxPollInterval: .milliseconds(50))
            var statuses: [VideoJobStatus] = []
            var video: LLMVideoResponse?
            for try await chunk in sora.streamVideo(
                VideoGenerationRequest(prompt: "waves", seconds: 4, size: "1280x720"), context: RequestContext())
            {
                statuses.append(chunk.status)
                if let value = chunk.video { video = value }
            }
            #expect(statuses == [.queued, .inProgress, .completed])
            #expect(video?.data == SimulatorMedia.mp4)
            #expect(video?.mimeType == .mp4)
            #expect(video?.seconds == 4)
            let uris = pair.primary.requests.map(\.uri)
            if style == .openAI {
                #expect(uris.first == "/v1/videos")
                #expect(uris.last?.hasSuffix("/content") == true)
                #expect(pair.primary.requests.first?.json?["seconds"] as? String == "4")
            } else if name == "sora-2" {
                #expect(uris.first == "/openai/v1/videos")
                #expect(uris.last?.hasPrefix("/openai/v1/videos/video_") == true)
                #expect(uris.last?.hasSuffix("/content") == true)
                #expect(pair.primary.requests.first?.json?["size"] as? String == "1280x720")
            } else {
                #expect(uris.first == "/openai/v1/video/generations/jobs?api-version=preview")
                #expect(uris.last?.hasSuffix("/content/video?api-version=preview") == true)
                #expect(pair.primary.requests.first?.json?["width"] as? Int == 1280)
            }
            let whole = try await sora.getVideo(VideoGenerationRequest(prompt: "again"), context: RequestContext())
            #expect(whole.status == .completed && whole.data == SimulatorMedia.mp4)
        }
    }

    /// A job lives on the endpoint that created it: a 503 while polling backs off and polls there
    /// again, and never asks the backup for a job it does not have.
    @Test func aVideoJobIsPolledAndDownloadedOnlyWhereItWasCreated() async throws {
        try await SimulatorPair.with(style: .azure) { pair in
            let sora = SoraLLM(
                metadata: ModelCatalog.metadata(named: "sora")!, connector: pair.connector,
                pollInterval: .milliseconds(20), maxPollInterval: .milliseconds(50))
            var statuses: [VideoJobStatus] = []
            for try await chunk in sora.streamVideo(VideoGenerationRequest(prompt: "waves"), context: RequestContext())
            {
                // The first poll meets an outage of the primary.
                if statuses.isEmpty { pair.primary.enqueue(.status(503)) }
                statuses.append(chunk.status)
            }
            #expect(statuses.last == .completed)
            #expect(pair.backup.requests.isEmpty)
            let polls = pair.primary.requests.filter { $0.method == "GET" && !$0.uri.contains("/content") }
            #expect(polls.count >= 2)  // the failed poll and its retry, on the primary
        }
    }

    @Test func mediaRequestsFailOverLikeChat() async throws {
        try await SimulatorPair.with { pair in
            pair.primary.enqueue(.status(503))
            let response = try await Self.model("dall-e-3", pair).getImage(
                ImageGenerationRequest(prompt: "x", responseFormat: .base64), context: RequestContext())
            #expect(response.images.first?.revisedPrompt == "backup drew: x")
            pair.backup.enqueue(.status(429, retryAfterMs: 50))
            let audio = try await Self.model("tts-1", pair).getAudio(
                SpeechRequest(input: "x"), context: RequestContext())
            #expect(audio.data == SimulatorMedia.mp3)
        }
    }
}
