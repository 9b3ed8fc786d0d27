public import LLMMedia

// The overloads below never have exactly a requirement's signature (default arguments do not
// change a signature), so none of them can stand in for a missing `getAnswer` or `streamAnswer`:
// a model that forgets one does not compile (Tests/Integration/ContractTests.swift proves it).
extension LLM {
    /// Sends the conversation with a fresh context and default options.
    public func getAnswer(_ messages: [ChatMessage]) async throws -> LLMResponse {
        try await getAnswer(messages, context: RequestContext(), options: GenerationOptions())
    }

    /// Sends the conversation with these options and a fresh context.
    public func getAnswer(_ messages: [ChatMessage], options: GenerationOptions) async throws -> LLMResponse {
        try await getAnswer(messages, context: RequestContext(), options: options)
    }

    /// Sends the conversation with this context and default options.
    public func getAnswer(_ messages: [ChatMessage], context: RequestContext) async throws -> LLMResponse {
        try await getAnswer(messages, context: context, options: GenerationOptions())
    }

    /// Sends one user prompt (and an optional system prompt).
    public func getAnswer(
        _ prompt: String, system: String? = nil, context: RequestContext = RequestContext(),
        options: GenerationOptions = .init()
    ) async throws -> LLMResponse {
        try await getAnswer(Self.promptMessages(prompt, system: system), context: context, options: options)
    }

    /// Streams the answer to the conversation with a fresh context and default options.
    public func streamAnswer(_ messages: [ChatMessage]) -> AsyncThrowingStream<LLMStreamChunk, any Error> {
        streamAnswer(messages, context: RequestContext(), options: GenerationOptions())
    }

    /// Streams the answer to the conversation with these options and a fresh context.
    public func streamAnswer(_ messages: [ChatMessage], options: GenerationOptions)
        -> AsyncThrowingStream<LLMStreamChunk, any Error>
    {
        streamAnswer(messages, context: RequestContext(), options: options)
    }

    /// Streams the answer to the conversation with this context and default options.
    public func streamAnswer(_ messages: [ChatMessage], context: RequestContext)
        -> AsyncThrowingStream<LLMStreamChunk, any Error>
    {
        streamAnswer(messages, context: context, options: GenerationOptions())
    }

    /// Streams the answer to one user prompt (and an optional system prompt).
    public func streamAnswer(
        _ prompt: String, system: String? = nil, context: RequestContext = RequestContext(),
        options: GenerationOptions = .init()
    ) -> AsyncThrowingStream<LLMStreamChunk, any Error> {
        streamAnswer(Self.promptMessages(prompt, system: system), context: context, options: options)
    }

    /// Asks about images: `images` may be URLs, local files (read and type-checked when sent) or
    /// bytes. Callable on any model, including what `LLMFactory` returns.
    ///
    /// ```swift
    /// let answer = try await model.getAnswerWithVision(
    ///     prompt: "What is in this picture?", images: [.file("cat.png"), .url(remoteURL)])
    /// ```
    /// - Throws: ``LLMError`` (`unsupportedOperation` when the model has no vision input).
    public func getAnswerWithVision(
        prompt: String, images: [ImageInput], system: String? = nil, context: RequestContext = RequestContext(),
        options: GenerationOptions = GenerationOptions()
    ) async throws -> LLMResponse {
        guard !images.isEmpty else {
            throw LLMError.invalid(
                "images", "getAnswerWithVision needs at least one image", hint: "use getAnswer for text only")
        }
        guard metadata.capabilities.vision else {
            throw LLMError.unsupportedInput(.image, metadata: metadata, parameter: "images")
        }
        let messages = (system.map { [ChatMessage.system($0)] } ?? []) + [.user(prompt, images: images)]
        return try await getAnswer(messages, context: context, options: options)
    }

    /// Asks about images given as strings: `http(s)://` and `data:` URLs, or local file paths.
    public func getAnswerWithVision(
        prompt: String, images: [String], system: String? = nil, context: RequestContext = RequestContext(),
        options: GenerationOptions = GenerationOptions()
    ) async throws -> LLMResponse {
        try await getAnswerWithVision(
            prompt: prompt, images: images.map { ImageInput($0) }, system: system, context: context, options: options)
    }

    private static func promptMessages(_ prompt: String, system: String?) -> [ChatMessage] {
        (system.map { [ChatMessage.system($0)] } ?? []) + [.user(prompt)]
    }
}
