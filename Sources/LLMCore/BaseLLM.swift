public import LLMMedia

/// Helpers shared by model implementations: validation, parameter merging, token estimates and
/// capability checks.
///
/// `BaseLLM` deliberately does **not** conform to ``LLM``: a concrete model is a `final` subclass
/// that declares `LLM` itself, so one that forgets `getAnswer` does not compile. Subclasses must
/// keep their state immutable (or synchronised), since models are shared across tasks, and restate
/// `@unchecked Sendable` (`final class MyModel: BaseLLM, LLM, @unchecked Sendable`).
open class BaseLLM: @unchecked Sendable {
    /// What the model is and can do.
    public let metadata: ModelMetadata
    /// This instance's defaults, layered between the model's defaults and each call's options.
    public let defaultOptions: GenerationOptions
    /// The instance's defaults over the model's, merged once rather than on every request.
    private let layeredDefaults: GenerationOptions

    /// Creates the helper base for a model.
    public init(metadata: ModelMetadata, defaultOptions: GenerationOptions = GenerationOptions()) {
        self.metadata = metadata
        self.defaultOptions = defaultOptions
        self.layeredDefaults = defaultOptions.merged(over: metadata.defaultOptions)
    }

    /// Throws `unsupportedOperation` when the model does not output text; call it first in
    /// `getAnswer` and `streamAnswer`.
    public func checkTextOutputSupport() throws(LLMError) {
        guard metadata.supportsOutput(.text) else {
            throw LLMError.unsupportedOutput(.text, metadata: metadata)
        }
    }

    /// Merges model defaults < instance defaults < call options, then validates the result.
    /// - Throws: ``LLMError`` (`invalidRequest`) naming the first invalid parameter.
    public func mergeParameters(_ options: GenerationOptions) throws(LLMError) -> GenerationOptions {
        let merged = options.merged(over: layeredDefaults)
        try merged.validate()
        return merged
    }

    /// Everything a model checks before it sends: text output support, the messages, the merged
    /// options and the token limits. Returns the merged options and the prompt's token estimate
    /// (computed once, for the limit check and for rate limiting).
    public func prepare(_ messages: [ChatMessage], options: GenerationOptions) throws(LLMError) -> (
        options: GenerationOptions, promptTokens: Int
    ) {
        try checkTextOutputSupport()
        try validateMessages(messages)
        let merged = try mergeParameters(options)
        let promptTokens = try validateTokenLimits(messages, options: merged)
        return (merged, promptTokens)
    }

    /// Checks a conversation before it is sent; see the rules in the thrown messages.
    ///
    /// Rejected: an empty list; a message with no content (an assistant message with tool calls may
    /// have none); empty or blank text; images, audio or documents outside user messages or to a
    /// model that does not accept them; reasoning outside assistant messages; in-memory images that are not PNG/JPEG/GIF/WebP or too large; more images
    /// than the model's per-request limit; tool calls outside assistant messages or without id or
    /// name; a tool result without a call id or answering no earlier call.
    /// - Throws: ``LLMError`` naming the message (`messages[2]`) and what to change.
    public func validateMessages(_ messages: [ChatMessage]) throws(LLMError) {
        guard !messages.isEmpty else {
            throw LLMError(
                code: .invalidPrompt, message: "messages is empty", hint: "send at least one user message",
                parameter: "messages")
        }
        var knownCallIds = Set<String>()
        var imageCount = 0
        // Paths such as `messages[2].content[0]` are only built for an error.
        for (index, message) in messages.enumerated() {
            if message.content.isEmpty && message.toolCalls.isEmpty {
                let path = Self.path(index)
                throw LLMError(
                    code: .invalidPrompt, message: "\(path) (\(message.role.rawValue)) has no content",
                    hint: "remove the message or give it text", parameter: path)
            }
            for (partIndex, part) in message.content.enumerated() {
                switch part {
                case .text(let text):
                    if Self.isBlank(text) {
                        let partPath = Self.path(index, partIndex)
                        throw LLMError(
                            code: .invalidPrompt, message: "\(partPath) is empty or blank text",
                            hint: "remove the part or give it text", parameter: partPath)
                    }
                case .image(let image):
                    imageCount += 1
                    try checkMedia(.image, role: message.role, path: Self.path(index, partIndex))
                    if case .bytes = image.source {
                        do { _ = try image.loadImage() } catch {
                            throw LLMError(wrapping: error, parameter: Self.path(index, partIndex))
                        }
                    }
                case .audio:
                    try checkMedia(.audio, role: message.role, path: Self.path(index, partIndex))
                case .document(let document):
                    try checkMedia(.document, role: message.role, path: Self.path(index, partIndex))
                    switch document.source {
                    case .text(let text) where Self.isBlank(text):
                        let partPath = Self.path(index, partIndex)
                        throw LLMError(
                            code: .invalidPrompt, message: "\(partPath) is a document of empty or blank text",
                            hint: "remove the document or give it text", parameter: partPath)
                    case .bytes:
                        do { _ = try document.loadPDF() } catch {
                            throw LLMError(wrapping: error, parameter: Self.path(index, partIndex))
                        }
                    default:
                        break
                    }
                case .reasoning:
                    guard message.role == .assistant else {
                        let partPath = Self.path(index, partIndex)
                        throw LLMError.invalid(
                            partPath, "\(partPath) puts reasoning in a \(message.role.rawValue) message",
                            hint: "only assistant messages carry the model's reasoning")
                    }
                }
            }
            if !message.toolCalls.isEmpty || message.role == .tool {
                try checkToolFields(message, path: Self.path(index), knownCallIds: &knownCallIds)
            }
        }
        if let limit = metadata.limits.maxImagesPerRequest, imageCount > limit {
            throw LLMError.outOfRange(
                "messages", value: "\(imageCount) images",
                allowed: "at most \(limit) images per request for \(metadata.name)")
        }
    }

    /// Whether a text is empty or only whitespace; decides on the first byte for ASCII text.
    static func isBlank(_ text: String) -> Bool {
        for byte in text.utf8 {
            switch byte {
            case 0x09...0x0D, 0x20: continue
            case 0x80...: return text.allSatisfy(\.isWhitespace)
            default: return false
            }
        }
        return true
    }

    /// `messages[index]`, or `messages[index].content[part]`.
    private static func path(_ index: Int, _ part: Int? = nil) -> String {
        part.map { "messages[\(index)].content[\($0)]" } ?? "messages[\(index)]"
    }

    private func checkMedia(_ type: MediaType, role: Role, path: String) throws(LLMError) {
        guard role == .user else {
            throw LLMError.invalid(
                path, "\(path) puts \(type.rawValue) in a \(role.rawValue) message; only user messages may carry media",
                hint: "move the \(type.rawValue) into a user message")
        }
        guard metadata.supportsInput(type) else {
            throw LLMError.unsupportedInput(type, metadata: metadata, parameter: path)
        }
    }

    private func checkToolFields(_ message: ChatMessage, path: String, knownCallIds: inout Set<String>)
        throws(LLMError)
    {
        if !message.toolCalls.isEmpty && message.role != .assistant {
            throw LLMError.invalid(
                path,
                "\(path) is a \(message.role.rawValue) message with tool calls; only assistant messages make tool calls"
            )
        }
        for (callIndex, call) in message.toolCalls.enumerated() where call.id.isEmpty || call.name.isEmpty {
            throw LLMError.invalid(
                "\(path).toolCalls[\(callIndex)]",
                "\(path).toolCalls[\(callIndex)] has an empty \(call.id.isEmpty ? "id" : "name")",
                hint: "pass tool calls back exactly as the model returned them")
        }
        knownCallIds.formUnion(message.toolCalls.map(\.id))
        if message.role == .tool {
            guard let callId = message.toolCallId, !callId.isEmpty else {
                throw LLMError.invalid(
                    path, "\(path) is a tool result without toolCallId",
                    hint: "use ChatMessage.tool(callId:content:) with the id of the call it answers")
            }
            guard knownCallIds.contains(callId) else {
                throw LLMError.invalid(
                    path, "\(path) answers tool call '\(callId)', which no earlier assistant message made",
                    hint: "include the assistant message with that tool call before its result")
            }
        }
    }

    /// Estimates the prompt's tokens without a tokenizer (conservative for English).
    ///
    /// The heuristic: text costs one token per 4 ASCII bytes (rounded up) plus one per non-ASCII
    /// character (CJK and emoji are about a token each); each message adds 4 tokens of framing, its
    /// name 1, and the reply is primed with 3. An image costs 85 tokens at `low` detail and 765
    /// otherwise (a 1024x1024 image at high detail: 85 + 4 tiles x 170). Audio costs one token per
    /// 1,600 bytes (about 10 tokens a second of 16 kHz speech), at least 50. A text document costs
    /// its text; a PDF one token per 50 bytes, at least 1,500 (a page of text and its image). Tool
    /// definitions cost their JSON text.
    public func estimateTokens(_ messages: [ChatMessage], options: GenerationOptions = GenerationOptions()) -> Int {
        var total = 3
        for message in messages {
            total += 4 + (message.name == nil ? 0 : 1)
            for part in message.content {
                switch part {
                case .text(let text): total += Self.estimateTokens(text)
                case .image(let image): total += image.detail == .low ? 85 : 765
                case .audio(let audio): total += max(50, audio.data.count / 1_600)
                case .document(let document): total += Self.estimateTokens(document)
                case .reasoning(let reasoning): total += Self.estimateTokens(reasoning.text)
                }
            }
            for call in message.toolCalls {
                total += Self.estimateTokens(call.name) + Self.estimateTokens(call.arguments) + 3
            }
        }
        for tool in options.tools ?? [] {
            total +=
                Self.estimateTokens(tool.name) + Self.estimateTokens(tool.description ?? "")
                + Self.estimateTokens(tool.parameters?.jsonString ?? "") + 8
        }
        return total
    }

    /// Estimates a document's tokens with the heuristic of ``estimateTokens(_:options:)``.
    static func estimateTokens(_ document: DocumentInput) -> Int {
        switch document.source {
        case .text(let text): estimateTokens(text)
        case .bytes(let data): max(1_500, data.count / 50)
        case .url, .file: 1_500
        }
    }

    /// Estimates the tokens of one text with the heuristic of ``estimateTokens(_:options:)``.
    public static func estimateTokens(_ text: String) -> Int {
        // Counted on the UTF-8 bytes: an ASCII byte is a scalar, and so is each lead byte (0xC0 and up).
        var ascii = 0
        var other = 0
        for byte in text.utf8 {
            if byte < 0x80 { ascii += 1 } else if byte >= 0xC0 { other += 1 }
        }
        return (ascii + 3) / 4 + other
    }

    /// Checks the requested output against the model's output limit, and the estimated prompt plus
    /// the requested output against its context window; the errors give both numbers. Returns the
    /// prompt's estimate.
    @discardableResult
    public func validateTokenLimits(_ messages: [ChatMessage], options: GenerationOptions) throws(LLMError) -> Int {
        let limits = metadata.limits
        if let maxTokens = options.maxTokens, maxTokens > limits.maxOutputTokens {
            throw LLMError.outOfRange(
                "maxTokens", value: "\(maxTokens)", allowed: "1...\(limits.maxOutputTokens) for \(metadata.name)")
        }
        let prompt = estimateTokens(messages, options: options)
        let output = options.maxTokens ?? 0
        if Usage.saturatingSum(prompt, output) > limits.contextWindow {
            let requested =
                output > 0 ? " plus maxTokens \(output) = \(Usage.saturatingSum(prompt, output)) tokens" : ""
            throw LLMError(
                code: .contextLengthExceeded,
                message:
                    "the prompt is about \(prompt) tokens\(requested), over \(metadata.name)'s context window of \(limits.contextWindow) tokens",
                hint: "shorten the conversation\(output > 0 ? " or lower maxTokens" : "")", parameter: "messages")
        }
        return prompt
    }

    /// The URL to send for an image: the remote URL, or a `data:` URL of the bytes or the file (read
    /// now, typed by its magic bytes, at most ``ImageInput/defaultMaxBytes``).
    /// - Throws: ``LLMError`` (`invalidRequest`) naming `parameter` and what is wrong with the image.
    public func imageURL(for image: ImageInput, parameter: String) throws(LLMError) -> String {
        do {
            return try image.resolvedURLString()
        } catch {
            throw LLMError(wrapping: error, parameter: parameter)
        }
    }

    // MARK: - Media (seed 004: stubs that say what the model does produce)

    /// Throws `unsupportedOperation` naming what the model outputs; image models override it (and
    /// declare ``ImageGenerating``).
    open func getImage(_ request: ImageGenerationRequest, context: RequestContext) async throws -> LLMImageResponse {
        throw LLMError.unsupportedOutput(.image, metadata: metadata)
    }

    /// A stream that fails as ``getImage(_:context:)`` does; image models override it.
    open func streamImage(_ request: ImageGenerationRequest, context: RequestContext)
        -> AsyncThrowingStream<LLMImageChunk, any Error>
    {
        AsyncThrowingStream { $0.finish(throwing: LLMError.unsupportedOutput(.image, metadata: metadata)) }
    }

    /// Throws `unsupportedOperation` naming what the model outputs; speech models override it (and
    /// declare ``SpeechGenerating``).
    open func getAudio(_ request: SpeechRequest, context: RequestContext) async throws -> LLMAudioResponse {
        throw LLMError.unsupportedOutput(.audio, metadata: metadata)
    }

    /// A stream that fails as ``getAudio(_:context:)`` does; speech models override it.
    open func streamAudio(_ request: SpeechRequest, context: RequestContext)
        -> AsyncThrowingStream<LLMAudioChunk, any Error>
    {
        AsyncThrowingStream { $0.finish(throwing: LLMError.unsupportedOutput(.audio, metadata: metadata)) }
    }

    /// Throws `unsupportedOperation` naming what the model outputs; video models override it (and
    /// declare ``VideoGenerating``).
    open func getVideo(_ request: VideoGenerationRequest, context: RequestContext) async throws -> LLMVideoResponse {
        throw LLMError.unsupportedOutput(.video, metadata: metadata)
    }

    /// A stream that fails as ``getVideo(_:context:)`` does; video models override it.
    open func streamVideo(_ request: VideoGenerationRequest, context: RequestContext)
        -> AsyncThrowingStream<LLMVideoChunk, any Error>
    {
        AsyncThrowingStream { $0.finish(throwing: LLMError.unsupportedOutput(.video, metadata: metadata)) }
    }
}
