public import LLMMedia

extension LLMError {
    /// An `unsupportedOperation` error for asking `metadata`'s model for output it does not produce;
    /// the hint names what it does produce and the method to call, for example
    /// "gpt-4.1-mini outputs text; use getAnswer()".
    public static func unsupportedOutput(_ type: MediaType, metadata: ModelMetadata) -> LLMError {
        LLMError(
            code: .unsupportedOperation,
            message: "\(metadata.name) does not output \(Self.noun(type)) (\(Self.method(type)) is not available)",
            hint: outputHint(for: metadata))
    }

    /// An `unsupportedOperation` error for giving `metadata`'s model input it does not accept.
    public static func unsupportedInput(_ type: MediaType, metadata: ModelMetadata, parameter: String) -> LLMError {
        let accepted = metadata.capabilities.inputTypes.sorted().map(noun).joined(separator: " and ")
        return LLMError(
            code: .unsupportedOperation,
            message: "\(parameter) contains \(noun(type)), which \(metadata.name) does not accept",
            hint: "\(metadata.name) accepts \(accepted); remove the \(noun(type)) or use a model that accepts it",
            parameter: parameter)
    }

    /// "NAME outputs text and images; use getAnswer() or getImage()".
    public static func outputHint(for metadata: ModelMetadata) -> String {
        let outputs = metadata.capabilities.outputTypes.sorted()
        guard !outputs.isEmpty else { return "\(metadata.name) declares no output types" }
        return "\(metadata.name) outputs \(outputs.map(noun).joined(separator: " and ")); use "
            + outputs.map { method($0) }.joined(separator: " or ")
    }

    private static func noun(_ type: MediaType) -> String {
        switch type {
        case .text: "text"
        case .image: "images"
        case .audio: "audio"
        case .video: "video"
        case .document: "documents"
        }
    }

    private static func method(_ type: MediaType) -> String {
        switch type {
        case .text: "getAnswer()"
        case .image: "getImage()"
        case .audio: "getAudio()"
        case .video: "getVideo()"
        case .document: "getAnswer()"
        }
    }
}
