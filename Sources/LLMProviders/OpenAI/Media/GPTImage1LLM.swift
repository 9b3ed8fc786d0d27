public import LLMCore

/// gpt-image-1: images only (base64), partial images when streamed, checked against ``ImageRules/gptImage1``.
public final class GPTImage1LLM: ImageModelBaseLLM, ImageGenerating, @unchecked Sendable {
    /// ``ImageRules/gptImage1``.
    public override var rules: ImageRules { .gptImage1 }
}
