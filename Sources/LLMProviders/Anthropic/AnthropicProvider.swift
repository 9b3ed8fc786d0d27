import Connectors
import Foundation
import LLMCore

extension ProviderDescriptor {
    /// Anthropic's Messages API (Anthropic, or a server that speaks it): any Claude model id.
    static let anthropic = ProviderDescriptor(
        name: "anthropic", provider: .anthropic,
        summary: "Anthropic's Messages API (ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN, ANTHROPIC_BASE_URL)",
        styles: [.init(.anthropic, defaultBaseURL: "https://api.anthropic.com")], environment: [.anthropic],
        secretVariables: ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"], profiles: AnthropicCatalog.models,
        defaultModel: "claude-sonnet-4-5",
        builders: [
            AnthropicCatalog.family: { metadata, connector, _ in ClaudeLLM(metadata: metadata, connector: connector) }
        ],
        general: AnthropicCatalog.general)
}

extension EnvironmentSource {
    static let anthropic = EnvironmentSource(
        providers: [.anthropic], styles: [.anthropic],
        variables: "ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN, and ANTHROPIC_BASE_URL)",
        isSet: { $0["ANTHROPIC_API_KEY"] != nil || $0["ANTHROPIC_AUTH_TOKEN"] != nil },
        configuration: { variables, deployment, baseURL throws(LLMError) in
            let key = variables["ANTHROPIC_API_KEY"]
            var tokenProvider: ConnectorConfiguration.TokenProvider?
            if key == nil, let token = variables["ANTHROPIC_AUTH_TOKEN"] { tokenProvider = { token } }
            return ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: try variables.base(baseURL, "ANTHROPIC_BASE_URL", else: "https://api.anthropic.com"),
                    style: .anthropic, deployment: deployment, apiKey: key.map { APIKey($0) }),
                tokenProvider: tokenProvider)
        })
}
