public import LLMMedia

/// A model that turns speech into text: ``LLM`` (its `getAnswer` transcribes a conversation's last
/// audio part) plus ``transcribe(_:prompt:language:context:)``, which takes the audio directly.
public protocol Transcribing: LLM {
    /// Transcribes `audio`; `prompt` guides the spelling and style, `language` (ISO-639-1) the
    /// language.
    func transcribe(_ audio: AudioInput, prompt: String?, language: String?, context: RequestContext) async throws
        -> LLMResponse
}
