public import LLMCore

/// Meta Llama (3.3 70B, Llama 4 Maverick and Scout) over Bedrock's Converse API: the standard
/// Converse body; the model chooses tools itself (no forced choice), tool results carry no status.
public final class BedrockLlamaLLM: BedrockBaseLLM, LLM, @unchecked Sendable {
}
