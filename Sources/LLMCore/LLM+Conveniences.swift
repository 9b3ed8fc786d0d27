public import LLMMedia

extension LLM {
    /// Sends the conversation with a fresh context and default options.
    public func getAnswer(
        _ messages: [ChatMessage], context: RequestContext = RequestContext(), options: GenerationOptions = .init()
    ) async throws -> LLMResponse {
        try await getAnswer(messages, context: context, options: options)
    }

    /// Sends one user prompt (and an optional system prompt).
    public func getAnswer(
        _ prompt: String, system: String? = nil, context: RequestContext = RequestContext(),
        options: GenerationOptions = .init()
    ) async throws -> LLMResponse {
        try await getAnswer(Self.promptMessages(prompt, system: system), context: context, options: options)
    }

    /// Streams the answer to the conversation with a fresh context and default options.
    public func streamAnswer(
        _ messages: [ChatMessage], context: RequestContext = RequestContext(), options: GenerationOptions = .init()
    ) -> AsyncThrowingStream<LLMStreamChunk, any Error> {
        streamAnswer(messages, context: context, options: options)
    }

    /// Streams the answer to one user prompt (and an optional system prompt).
    public func streamAnswer(
        _ prompt: String, system: String? = nil, context: RequestContext = RequestContext(),
        options: GenerationOptions = .init()
    ) -> AsyncThrowingStream<LLMStreamChunk, any Error> {
        streamAnswer(Self.promptMessages(prompt, system: system), context: context, options: options)
    }

    /// Generates images for a prompt with default settings.
    public func getImage(_ prompt: String, context: RequestContext = RequestContext()) async throws
        -> LLMImageResponse
    {
        try await getImage(ImageGenerationRequest(prompt: prompt), context: context)
    }

    /// Speaks text with the default voice and format.
    public func getAudio(_ text: String, context: RequestContext = RequestContext()) async throws -> LLMAudioResponse {
        try await getAudio(SpeechRequest(input: text), context: context)
    }

    /// Generates a video for a prompt with default settings.
    public func getVideo(_ prompt: String, context: RequestContext = RequestContext()) async throws
        -> LLMVideoResponse
    {
        try await getVideo(VideoGenerationRequest(prompt: prompt), context: context)
    }

    private static func promptMessages(_ prompt: String, system: String?) -> [ChatMessage] {
        (system.map { [ChatMessage.system($0)] } ?? []) + [.user(prompt)]
    }
}
