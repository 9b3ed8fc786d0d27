public import LLMCore

/// DALL-E 3: images only, checked against ``ImageRules/dallE3``.
/// Like every media model, its inherited `getAnswer` and `streamAnswer` refuse before any
/// network call with the model's "outputs images; use getImage()" hint.
public final class DallE3LLM: AzureBaseLLM, ImageGenerating, @unchecked Sendable {
    /// What the model accepts: ``ImageRules/dallE3``.
    public override var imageRules: ImageRules? { .dallE3 }
}
