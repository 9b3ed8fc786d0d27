public import Connectors
public import LLMCore

/// OpenAI's reasoning models (o3-mini, o4-mini, o3, the GPT-5 family, and ids that name a newer
/// one): `max_completion_tokens` (it bounds reasoning plus the visible answer), the `developer`
/// role instead of `system`, and `reasoningEffort` checked against the levels the profile lists
/// (``LLMCore/ReasoningRange/efforts``; any level for a model the catalog does not know).
/// Sampling parameters they do not accept are removed by the profile's parameter policy.
public final class OpenAIReasoningLLM: AzureBaseLLM, LLM, @unchecked Sendable {
    /// The reasoning model `model` — its catalog profile when it has one, else the API's defaults —
    /// over `connector`, speaking `api`.
    public convenience init(model: String, connector: Connector, api: OpenAIWireAPI = .chatCompletions) {
        var metadata = ModelCatalog.metadata(for: model, style: connector.endpoints.first?.style)
        if metadata.family != OpenAIProfiles.reasoningFamily { metadata = OpenAIProfiles.reasoning(model) }
        self.init(metadata: metadata, connector: connector, api: api)
    }

    /// `max_completion_tokens` and the `developer` role.
    public override var transform: Transform { StandardChatTransforms.reasoning }

    /// Rejects a `reasoningEffort` level the profile does not list (and what the base rejects).
    public override func validateModelOptions(_ options: GenerationOptions) throws(LLMError) {
        try super.validateModelOptions(options)
        if let allowed = metadata.reasoning?.efforts {
            try StandardChatTransforms.checkReasoningEffort(options, allowed: allowed, model: metadata.name)
        }
    }
}
