public import Connectors
public import LLMCore

/// Any model over Bedrock's Converse API with the standard Converse body (Meta Llama, and any
/// model id, inference profile or ARN the catalog does not know and whose vendor has no class of
/// its own): the model chooses tools itself (no forced choice), tool results carry no status.
/// ``ModelCatalog/metadata(for:provider:style:)`` picks ``BedrockClaudeLLM``, ``BedrockNovaLLM``
/// or ``BedrockMistralLLM`` for their vendors' ids.
public final class BedrockLLM: BedrockBaseLLM, LLM, @unchecked Sendable {
    /// The model `model` (an id, an inference profile, or an ARN) with the standard Converse body.
    public convenience init(model: String, connector: Connector) {
        self.init(metadata: ModelCatalog.metadata(for: model, provider: .bedrock), connector: connector)
    }
}
