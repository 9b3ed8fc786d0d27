public import LLMCore

/// Any OpenAI-compatible chat server (vLLM, Ollama, llama.cpp's server, OpenRouter, a LiteLLM
/// proxy): every parameter is sent under its standard name, `top_k` included.
public final class OpenAICompatibleChatLLM: OpenAIBaseLLM, LLM, @unchecked Sendable {
    /// The standard parameters, unchanged.
    public override var transform: Transform { StandardChatTransforms.unchanged }
}
