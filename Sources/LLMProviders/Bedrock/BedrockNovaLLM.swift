public import LLMCore

/// Amazon Nova (Pro, Lite, Micro) over Bedrock's Converse API: tool results with their status,
/// forced tool choice, cache points, and `topK` as the additional model request field
/// `inferenceConfig.topK`.
public final class BedrockNovaLLM: BedrockBaseLLM, LLM, @unchecked Sendable {
    /// Nova takes a tool result's status.
    public override var takesToolResultStatus: Bool { true }
    /// Nova can be made to call a tool.
    public override var takesForcedToolChoice: Bool { true }
    /// Nova caches prompts at cache points.
    public override var takesCachePoints: Bool { true }

    /// `{"inferenceConfig": {"topK": N}}` for `topK`.
    public override func modelRequestFields(_ options: GenerationOptions) -> [String: JSONValue] {
        guard let topK = options.topK else { return [:] }
        return ["inferenceConfig": ["topK": .int(topK)]]
    }
}
