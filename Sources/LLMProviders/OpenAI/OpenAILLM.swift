public import Connectors
public import LLMCore

/// Any chat model spoken to over the OpenAI chat-completions wire format — on Azure OpenAI, OpenAI,
/// or an OpenAI-compatible server (Groq, xAI, DeepSeek, Mistral, OpenRouter, Together, Fireworks,
/// Ollama, vLLM, llama.cpp, LM Studio, a LiteLLM proxy) — whose parameters need no transform:
/// every parameter is sent under its standard name. The catalog's GPT-4.1, GPT-4.1-nano, GPT-4o and
/// GPT-4o-mini are profiles of it, and so is any model id the catalog does not know.
///
/// ```swift
/// let model = OpenAILLM(model: "llama-3.3-70b-versatile", connector: groq)
/// ```
public final class OpenAILLM: AzureBaseLLM, LLM, @unchecked Sendable {
    /// The model `model` — its catalog profile when it has one (dated snapshots included), else
    /// the API's defaults — over `connector`, speaking `api`.
    public convenience init(model: String, connector: Connector, api: OpenAIWireAPI = .chatCompletions) {
        self.init(
            metadata: ModelCatalog.metadata(for: model, style: connector.endpoints.first?.style),
            connector: connector, api: api)
    }
}
