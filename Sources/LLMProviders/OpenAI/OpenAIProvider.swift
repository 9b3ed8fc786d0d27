import Connectors
import Foundation
public import LLMCore

extension LLMProvider {
    /// Azure OpenAI (classic deployment URLs or `/openai/v1`).
    public static let azure = LLMProvider(rawValue: "azure")
    /// OpenAI's own API.
    public static let openAI = LLMProvider(rawValue: "openai")
    /// Any OpenAI-compatible server (vLLM, Ollama, llama.cpp, OpenRouter, a LiteLLM proxy).
    public static let openAICompatible = LLMProvider(rawValue: "openai-compatible")
}

extension ProviderDescriptor {
    /// Azure OpenAI: classic deployment URLs (`azure`, the default) and `/openai/v1` (`azure-v1`),
    /// OpenAI's models as profiles, its media and embedding models.
    static let azure = ProviderDescriptor(
        name: "azure", provider: .azure,
        summary:
            "Azure OpenAI (AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_KEY, AZURE_OPENAI_DEPLOYMENT); azure-v1 for /openai/v1",
        styles: [.init(.azure), .init(.azureV1)], environment: [.azure],
        secretVariables: ["AZURE_OPENAI_KEY", "AZURE_OPENAI_API_KEY"], profiles: OpenAIProfiles.all,
        defaultModel: "gpt-4.1-mini", builders: OpenAIProfiles.builders, responsesFamilies: OpenAIProfiles.chatFamilies,
        embeddingBuilders: OpenAIProfiles.embeddingBuilders,
        general: { OpenAIProfiles.general($0, provider: .azure) }, generalEmbedding: OpenAIProfiles.generalEmbedding)

    /// OpenAI's own API (and any server that speaks it at a base URL ending in `/v1`).
    static let openAI = ProviderDescriptor(
        name: "openai", provider: .openAI, summary: "OpenAI (OPENAI_API_KEY, OPENAI_BASE_URL)",
        styles: [.init(.openAI, defaultBaseURL: "https://api.openai.com/v1")], environment: [.openAI],
        secretVariables: ["OPENAI_API_KEY"], profiles: OpenAIProfiles.all, defaultModel: "gpt-4.1-mini",
        builders: OpenAIProfiles.builders, responsesFamilies: OpenAIProfiles.chatFamilies,
        embeddingBuilders: OpenAIProfiles.embeddingBuilders,
        general: { OpenAIProfiles.general($0, provider: .openAI) }, generalEmbedding: OpenAIProfiles.generalEmbedding)
}

extension OpenAIProfiles {
    /// The families whose classes speak chat completions and the Responses API.
    static let chatFamilies: Set<String> = [
        gpt41MiniFamily, chatFamily, reasoningFamily, LLMFactory.openAICompatibleFamily,
    ]

    /// The model classes of OpenAI's families.
    static let builders: [String: LLMFactory.APIBuilder] = [
        gpt41MiniFamily: { GPT41MiniLLM(metadata: $0, connector: $1, api: $2) },
        chatFamily: { OpenAILLM(metadata: $0, connector: $1, api: $2) },
        LLMFactory.openAICompatibleFamily: { OpenAILLM(metadata: $0, connector: $1, api: $2) },
        reasoningFamily: { OpenAIReasoningLLM(metadata: $0, connector: $1, api: $2) },
        "dall-e-3": { metadata, connector, _ in DallE3LLM(metadata: metadata, connector: connector) },
        "gpt-image-1": { metadata, connector, _ in GPTImage1LLM(metadata: metadata, connector: connector) },
        "tts": { metadata, connector, _ in SpeechLLM(metadata: metadata, connector: connector) },
        "transcription": { metadata, connector, _ in TranscriptionLLM(metadata: metadata, connector: connector) },
        "sora": { metadata, connector, _ in SoraLLM(metadata: metadata, connector: connector) },
    ]

    /// An embedding model id no profile describes (dimensions 0: whatever the service returns).
    @Sendable static func generalEmbedding(_ id: String) -> ModelMetadata {
        ModelCatalog.openAICompatibleEmbedding(id, dimensions: 0)
    }

    /// The embedding classes: OpenAI's models and any OpenAI-compatible server's.
    static let embeddingBuilders: [String: LLMFactory.EmbeddingBuilder] = [
        "text-embedding": { OpenAIEmbeddingLLM(metadata: $0, connector: $1) },
        LLMFactory.openAICompatibleEmbeddingFamily: { OpenAIEmbeddingLLM(metadata: $0, connector: $1) },
    ]
}

extension EnvironmentSource {
    static let azure = EnvironmentSource(
        providers: [.azure], styles: [.azure, .azureV1],
        variables: "AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_KEY and AZURE_OPENAI_DEPLOYMENT",
        isSet: { $0["AZURE_OPENAI_ENDPOINT"] != nil },
        configuration: { variables, deployment, baseURL throws(LLMError) in
            let base: URL
            if let baseURL {
                base = baseURL
            } else if let endpoint = variables["AZURE_OPENAI_ENDPOINT"] {
                base = try variables.url(endpoint, "AZURE_OPENAI_ENDPOINT")
            } else {
                throw LLMError(
                    code: .invalidConfiguration, message: "no Azure endpoint is configured",
                    hint: "set AZURE_OPENAI_ENDPOINT to the resource URL (https://NAME.openai.azure.com), or give it",
                    parameter: "AZURE_OPENAI_ENDPOINT")
            }
            let backups = try (variables["AZURE_OPENAI_BACKUP_ENDPOINTS"] ?? "").split(separator: ",")
                .map { text throws(LLMError) in
                    BackupEndpoint(baseURL: try variables.url(String(text), "AZURE_OPENAI_BACKUP_ENDPOINTS"))
                }
            return ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: base, style: .azure, deployment: variables["AZURE_OPENAI_DEPLOYMENT"] ?? deployment,
                    apiKey: (variables["AZURE_OPENAI_KEY"] ?? variables["AZURE_OPENAI_API_KEY"]).map { APIKey($0) },
                    apiVersion: variables["AZURE_OPENAI_API_VERSION"]),
                backups: backups)
        })

    static let openAI = EnvironmentSource(
        providers: [.openAI, .openAICompatible, .azure], styles: [.openAI],
        variables: "OPENAI_API_KEY (and OPENAI_BASE_URL)",
        isSet: { $0["OPENAI_API_KEY"] != nil || $0["OPENAI_BASE_URL"] != nil },
        configuration: { variables, deployment, baseURL throws(LLMError) in
            ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: try variables.base(baseURL, "OPENAI_BASE_URL", else: "https://api.openai.com/v1"),
                    style: .openAI, deployment: deployment, apiKey: variables["OPENAI_API_KEY"].map { APIKey($0) }))
        })
}
