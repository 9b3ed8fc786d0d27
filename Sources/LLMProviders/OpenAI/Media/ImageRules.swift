public import LLMCore
public import LLMMedia

/// What an image model accepts; ``validate(_:model:)`` checks a request against it before sending.
public struct ImageRules: Sendable {
    /// Accepted sizes (`WIDTHxHEIGHT`, or `auto`).
    public var sizes: [String]
    /// Accepted qualities.
    public var qualities: [String]
    /// Accepted styles; empty means the model takes no style.
    public var styles: [String]
    /// The most images one request may ask for.
    public var maxImages: Int
    /// Whether `response_format` (url or b64_json) may be set.
    public var acceptsResponseFormat: Bool
    /// Accepted output encodings; empty means the model takes none.
    public var outputFormats: [String]
    /// The most partial images a stream may ask for (0: the model does not stream partials).
    public var maxPartialImages: Int
    /// The longest prompt, in characters.
    public var maxPromptLength: Int

    /// DALL-E 3: three sizes, standard/hd, vivid/natural, one image, url or b64_json, 4,000 characters.
    public static let dallE3 = ImageRules(
        sizes: ["1024x1024", "1792x1024", "1024x1792"], qualities: ["standard", "hd"], styles: ["vivid", "natural"],
        maxImages: 1, acceptsResponseFormat: true, outputFormats: [], maxPartialImages: 0, maxPromptLength: 4_000)

    /// gpt-image-1: three sizes or auto, low/medium/high/auto, up to 10 images, always base64,
    /// png/jpeg/webp, up to 3 partial images when streamed, 32,000 characters.
    public static let gptImage1 = ImageRules(
        sizes: ["1024x1024", "1536x1024", "1024x1536", "auto"], qualities: ["low", "medium", "high", "auto"],
        styles: [],
        maxImages: 10, acceptsResponseFormat: false, outputFormats: ["png", "jpeg", "webp"], maxPartialImages: 3,
        maxPromptLength: 32_000)

    /// Checks a request; the error names the parameter, the value and what is accepted.
    public func validate(_ request: ImageGenerationRequest, model: String) throws(LLMError) {
        guard !request.prompt.allSatisfy(\.isWhitespace) else {
            throw LLMError(code: .invalidPrompt, message: "the image prompt is empty", parameter: "prompt")
        }
        if request.prompt.count > maxPromptLength {
            throw .outOfRange(
                "prompt", value: "\(request.prompt.count) characters",
                allowed: "at most \(maxPromptLength) for \(model)")
        }
        try Self.check("size", request.size, in: sizes, model: model)
        try Self.check("quality", request.quality, in: qualities, model: model)
        try Self.check("style", request.style, in: styles, model: model)
        try Self.check("outputFormat", request.outputFormat, in: outputFormats, model: model)
        if let n = request.n, !(1...maxImages).contains(n) {
            throw .outOfRange("n", value: "\(n)", allowed: "1...\(maxImages) for \(model)")
        }
        if request.responseFormat != nil && !acceptsResponseFormat {
            throw .invalid(
                "responseFormat", "\(model) does not take responseFormat; it always returns base64 images",
                hint: "leave responseFormat unset")
        }
        if let partial = request.partialImages, !(0...maxPartialImages).contains(partial) {
            throw .outOfRange("partialImages", value: "\(partial)", allowed: "0...\(maxPartialImages) for \(model)")
        }
    }

    static func check(_ parameter: String, _ value: String?, in accepted: [String], model: String) throws(LLMError) {
        guard let value else { return }
        guard accepted.contains(value) else {
            let allowed =
                accepted.isEmpty ? "none (\(model) does not take \(parameter))" : accepted.joined(separator: ", ")
            throw .outOfRange(parameter, value: "'\(value)'", allowed: allowed)
        }
    }
}
