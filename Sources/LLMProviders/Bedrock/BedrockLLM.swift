public import Connectors
public import LLMCore

/// Any model over Bedrock's Converse API, by its Bedrock model id, an inference profile (`us.`,
/// `eu.`, `global.`) or an ARN. What a vendor's models take beyond the standard body is data,
/// chosen by the model's family (the catalog's profile, else the vendor the id names): Claude's
/// option rules, tool-result status, forced tool choice, cache points and `thinking`/`top_k`
/// fields; Nova's status, forced choice, cache points and `topK`; Mistral's forced choice. Any
/// other model (Meta Llama, an application inference profile's opaque ARN) gets the standard
/// body: it chooses tools itself and its tool results carry no status.
public final class BedrockLLM: BedrockBaseLLM, LLM, @unchecked Sendable {
    /// The rules of the model's vendor, chosen once by its family.
    let vendor: BedrockVendorRules

    /// The model `metadata` describes over `connector`, with the rules of its family's vendor.
    public override init(
        metadata: ModelMetadata, connector: Connector, defaultOptions: GenerationOptions = GenerationOptions()
    ) {
        vendor = .of(family: metadata.family)
        super.init(metadata: metadata, connector: connector, defaultOptions: defaultOptions)
    }

    /// The model `model` (an id, an inference profile, or an ARN) with its vendor's rules.
    public convenience init(model: String, connector: Connector) {
        self.init(metadata: ModelCatalog.metadata(for: model, provider: .bedrock), connector: connector)
    }

    /// Whether the vendor's models take a tool result's status.
    public override var takesToolResultStatus: Bool { vendor.toolResultStatus }
    /// Whether the vendor's models can be made to call a tool.
    public override var takesForcedToolChoice: Bool { vendor.forcedToolChoice }
    /// Whether the vendor's models cache prompts at cache points.
    public override var takesCachePoints: Bool { vendor.cachePoints }

    /// Converse's rules, then the vendor's.
    public override func validateModelOptions(_ options: GenerationOptions) throws(LLMError) {
        try super.validateModelOptions(options)
        try vendor.check(options, metadata)
    }

    /// The vendor's request fields for these options.
    public override func modelRequestFields(_ options: GenerationOptions) -> [String: JSONValue] {
        vendor.requestFields(options)
    }
}
