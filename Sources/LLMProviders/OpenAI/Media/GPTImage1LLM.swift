public import LLMCore

/// gpt-image-1: images only (base64), partial images when streamed, checked against
/// ``ImageRules/gptImage1``.
/// Like every media model, its inherited `getAnswer` and `streamAnswer` refuse before any
/// network call with the model's "outputs images; use getImage()" hint.
public final class GPTImage1LLM: AzureBaseLLM, ImageGenerating, @unchecked Sendable {
    /// What the model accepts: ``ImageRules/gptImage1``.
    public override var imageRules: ImageRules? { .gptImage1 }
}
