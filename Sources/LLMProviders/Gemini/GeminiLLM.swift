public import Connectors
public import LLMCore

/// Any Gemini model over the Gemini API or Vertex AI. The thinking setting it takes — a budget
/// range, whether thinking can be off, the levels of Gemini 3 — comes from its profile
/// (``LLMCore/ModelMetadata/reasoning``); a model id the catalog does not know is checked for none
/// of them, and the service decides.
///
/// ```swift
/// let model = GeminiLLM(model: "gemini-2.5-flash-preview-09-2025", connector: connector)
/// ```
public final class GeminiLLM: GeminiBaseLLM, LLM, @unchecked Sendable {
    /// The model `model` — its catalog profile when it has one, else the API's defaults — over
    /// `connector`.
    public convenience init(model: String, connector: Connector) {
        self.init(metadata: ModelCatalog.metadata(for: model, provider: .gemini), connector: connector)
    }
}
