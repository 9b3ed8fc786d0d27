public import LLMCore

/// Mistral Large over Bedrock's Converse API: the standard Converse body with forced tool choice;
/// tool results carry no status.
public final class BedrockMistralLLM: BedrockBaseLLM, LLM, @unchecked Sendable {
    /// Mistral Large can be made to call a tool.
    public override var takesForcedToolChoice: Bool { true }
}
