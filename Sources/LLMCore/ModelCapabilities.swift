public import LLMMedia

/// What a model can take in and put out.
public struct ModelCapabilities: Sendable, Hashable {
    /// Media the model accepts in messages.
    public var inputTypes: Set<MediaType>
    /// Media the model produces.
    public var outputTypes: Set<MediaType>
    /// Whether answers can be streamed.
    public var streaming: Bool
    /// Whether the model can call tools.
    public var tools: Bool
    /// Whether the model can be held to a JSON schema (structured output).
    public var jsonSchema: Bool
    /// Whether the model reasons before answering (o-series, GPT-5, Claude with thinking).
    public var reasoning: Bool
    /// For an embedding model: its vectors and per-request limits; nil for other models.
    public var embedding: EmbeddingCapability?
    /// How an answer is best held to a schema (``StructuredOutputMethod``); by default a response
    /// format when ``jsonSchema`` is set, else a forced tool when ``tools`` is.
    public var structuredOutput: StructuredOutputMethod

    /// Creates capabilities; the defaults describe a text-only chat model.
    public init(
        inputTypes: Set<MediaType> = [.text], outputTypes: Set<MediaType> = [.text], streaming: Bool = true,
        tools: Bool = false, jsonSchema: Bool = false, reasoning: Bool = false, embedding: EmbeddingCapability? = nil,
        structuredOutput: StructuredOutputMethod? = nil
    ) {
        self.embedding = embedding
        self.structuredOutput = structuredOutput ?? (jsonSchema ? .responseFormat : tools ? .forcedTool : .prompt)
        self.inputTypes = inputTypes
        self.outputTypes = outputTypes
        self.streaming = streaming
        self.tools = tools
        self.jsonSchema = jsonSchema
        self.reasoning = reasoning
    }

    /// Whether the model accepts images (vision).
    public var vision: Bool { inputTypes.contains(.image) }
}
