/// A text-to-speech request (tts-1, tts-1-hd, gpt-4o-mini-tts).
public struct SpeechRequest: Sendable, Hashable {
    /// The text to speak.
    public var input: String
    /// The voice, for example `alloy`.
    public var voice: String
    /// The audio format: `mp3`, `opus`, `aac`, `flac`, `wav` or `pcm`; nil is the API default (mp3).
    public var format: String?
    /// Playback speed, 0.25...4.0; nil is 1.0.
    public var speed: Double?
    /// Speaking instructions (gpt-4o-mini-tts only).
    public var instructions: String?

    /// Creates a speech request.
    public init(
        input: String, voice: String = "alloy", format: String? = nil, speed: Double? = nil, instructions: String? = nil
    ) {
        self.input = input
        self.voice = voice
        self.format = format
        self.speed = speed
        self.instructions = instructions
    }
}
