public import Connectors
public import LLMCore

/// Any Claude model over Anthropic's Messages API (Anthropic, or a server that speaks it, such as
/// llama.cpp's `/v1/messages`): the standard Messages payload and Claude's option rules. The
/// catalog's Claude models are profiles of it, and so is any model id the catalog does not know.
///
/// ```swift
/// let model = ClaudeLLM(model: "claude-opus-4-6", connector: connector)
/// ```
public final class ClaudeLLM: AnthropicBaseLLM, LLM, @unchecked Sendable {
    /// The model `model` — its catalog profile when it has one (dated snapshots included), else the
    /// Messages API's defaults — over `connector`.
    public convenience init(model: String, connector: Connector) {
        self.init(metadata: ModelCatalog.metadata(for: model, provider: .anthropic), connector: connector)
    }
}
