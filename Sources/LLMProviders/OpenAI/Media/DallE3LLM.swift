public import LLMCore

/// DALL-E 3: images only, checked against ``ImageRules/dallE3``; `getAnswer` says to use getImage().
public final class DallE3LLM: ImageModelBaseLLM, ImageGenerating, @unchecked Sendable {
    /// ``ImageRules/dallE3``.
    public override var rules: ImageRules { .dallE3 }
}
