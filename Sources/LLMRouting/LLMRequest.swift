public import LLMCore

/// One request of an ``LLMPool`` run: its own model (so one run may mix models and providers),
/// messages, options and context.
public struct LLMRequest: Sendable {
    /// The model that answers it.
    public var model: any LLM
    /// The conversation.
    public var messages: [ChatMessage]
    /// Generation options.
    public var options: GenerationOptions
    /// The request's context; nil gives each request a fresh one (with the run's event handler).
    public var context: RequestContext?

    /// Creates a request.
    public init(
        model: any LLM, messages: [ChatMessage], options: GenerationOptions = GenerationOptions(),
        context: RequestContext? = nil
    ) {
        self.model = model
        self.messages = messages
        self.options = options
        self.context = context
    }

    /// Creates a request for one user prompt.
    public init(model: any LLM, prompt: String, options: GenerationOptions = GenerationOptions()) {
        self.init(model: model, messages: [.user(prompt)], options: options)
    }
}
