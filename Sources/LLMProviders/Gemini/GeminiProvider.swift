import Connectors
import Foundation
import LLMCore

extension ProviderDescriptor {
    /// Google's Gemini models through the Gemini API (`gemini`) or Vertex AI (`vertex-ai`).
    static let gemini = ProviderDescriptor(
        name: "gemini", provider: .gemini,
        summary:
            "Gemini API (GEMINI_API_KEY or GOOGLE_API_KEY, GOOGLE_GEMINI_BASE_URL); vertex-ai for Vertex AI (GOOGLE_GENAI_USE_VERTEXAI, GOOGLE_CLOUD_PROJECT, GOOGLE_CLOUD_LOCATION, GOOGLE_OAUTH_ACCESS_TOKEN)",
        styles: [.init(.gemini, defaultBaseURL: "https://generativelanguage.googleapis.com"), .init(.vertexAI)],
        environment: [.vertexAI, .gemini],
        secretVariables: ["GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_OAUTH_ACCESS_TOKEN"],
        profiles: GeminiCatalog.models + GeminiCatalog.embeddings, defaultModel: "gemini-2.5-flash",
        builders: [
            GeminiCatalog.family: { metadata, connector, _ in GeminiLLM(metadata: metadata, connector: connector) }
        ],
        embeddingBuilders: ["gemini-embedding": { GeminiEmbeddingLLM(metadata: $0, connector: $1) }],
        general: GeminiCatalog.general, generalEmbedding: GeminiCatalog.generalEmbedding)
}

extension EnvironmentSource {
    /// The Gemini API, as Google's SDK reads it: `GOOGLE_API_KEY`, else `GEMINI_API_KEY` (the SDK
    /// prefers the former when both are set), and `GOOGLE_GEMINI_BASE_URL`.
    static let gemini = EnvironmentSource(
        providers: [.gemini], styles: [.gemini],
        variables: "GEMINI_API_KEY or GOOGLE_API_KEY (and GOOGLE_GEMINI_BASE_URL)",
        isSet: { $0["GEMINI_API_KEY"] != nil || $0["GOOGLE_API_KEY"] != nil },
        configuration: { variables, deployment, baseURL throws(LLMError) in
            ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: try variables.base(
                        baseURL, "GOOGLE_GEMINI_BASE_URL", else: "https://generativelanguage.googleapis.com"),
                    style: .gemini, deployment: deployment,
                    apiKey: (variables["GOOGLE_API_KEY"] ?? variables["GEMINI_API_KEY"]).map { APIKey($0) }))
        })

    static let vertexAI = EnvironmentSource(
        providers: [.gemini], styles: [.vertexAI],
        variables:
            "GOOGLE_GENAI_USE_VERTEXAI=true, GOOGLE_CLOUD_PROJECT, GOOGLE_CLOUD_LOCATION and GOOGLE_OAUTH_ACCESS_TOKEN",
        isSet: { ["true", "1"].contains($0["GOOGLE_GENAI_USE_VERTEXAI"]?.lowercased() ?? "") },
        configuration: { variables, deployment, baseURL throws(LLMError) in
            guard let project = variables["GOOGLE_CLOUD_PROJECT"] else {
                throw LLMError(
                    code: .invalidConfiguration, message: "no Vertex AI project is configured",
                    hint: "set GOOGLE_CLOUD_PROJECT (and GOOGLE_CLOUD_LOCATION)", parameter: "GOOGLE_CLOUD_PROJECT")
            }
            let location = variables["GOOGLE_CLOUD_LOCATION"] ?? "us-central1"
            var endpoint = try Endpoint.vertexAI(
                project: project, location: location, apiKey: variables["GOOGLE_API_KEY"].map { APIKey($0) },
                deployment: deployment)
            var base = baseURL
            if base == nil, let text = variables["GOOGLE_VERTEX_BASE_URL"] {
                base = try variables.url(text, "GOOGLE_VERTEX_BASE_URL")
            }
            if let base {
                endpoint.baseURL = URL(
                    string: EndpointURLParts.base(base, then: "/v1/projects/\(project)/locations/\(location)"))!
                endpoint.name = base.host ?? endpoint.name
            }
            var tokenProvider: ConnectorConfiguration.TokenProvider?
            if let token = variables["GOOGLE_OAUTH_ACCESS_TOKEN"] { tokenProvider = { token } }
            return ConnectorConfiguration(primary: endpoint, tokenProvider: tokenProvider)
        })
}
