public import Connectors
public import Foundation
public import LLMCore

extension ConnectorConfiguration {
    /// Reads the configuration from environment variables, for `provider`'s API when given (the
    /// model's provider, say), else for the first provider configured.
    ///
    /// Azure when `AZURE_OPENAI_ENDPOINT` is set: `AZURE_OPENAI_KEY` (or `AZURE_OPENAI_API_KEY`),
    /// `AZURE_OPENAI_DEPLOYMENT` (else `deployment`), `AZURE_OPENAI_API_VERSION`, and
    /// `AZURE_OPENAI_BACKUP_ENDPOINTS` (comma-separated; backups inherit deployment, key and version).
    /// OpenAI when `OPENAI_API_KEY` or `OPENAI_BASE_URL` is set (the base defaults to
    /// `https://api.openai.com/v1`; the model is `deployment`). Anthropic when `ANTHROPIC_API_KEY`
    /// (sent as `x-api-key`) or `ANTHROPIC_AUTH_TOKEN` (an OAuth token, sent as a bearer token) is
    /// set, with `ANTHROPIC_BASE_URL` (default `https://api.anthropic.com`). Vertex AI when
    /// `GOOGLE_GENAI_USE_VERTEXAI` is true (`GOOGLE_CLOUD_PROJECT`, `GOOGLE_CLOUD_LOCATION`,
    /// `GOOGLE_OAUTH_ACCESS_TOKEN`); Gemini when `GOOGLE_API_KEY` or `GEMINI_API_KEY` is set, with
    /// `GOOGLE_GEMINI_BASE_URL`. Each OpenAI-compatible provider when its key or base-URL variable
    /// is set (`GROQ_API_KEY`, `XAI_API_KEY`, ..., `OLLAMA_BASE_URL`; `llm models` lists them). The
    /// providers are searched in the provider registry's order. In every case the
    /// environment's proxy (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`) and extra trust roots
    /// (`SSL_CERT_FILE`, `SSL_CERT_DIR`) apply.
    /// - Throws: ``LLMError`` (`invalidConfiguration`) naming the variables to set.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, deployment: String? = nil,
        provider: LLMProvider? = nil
    ) throws(LLMError) -> ConnectorConfiguration {
        let variables = EnvironmentVariables(environment)
        for source in EnvironmentSource.all where (provider.map(source.serves) ?? true) && source.isSet(variables) {
            var configuration = try source.configuration(variables, deployment, nil)
            try configuration.applyNetworkEnvironment(environment)
            try configuration.validate()
            return configuration
        }
        let wanted = EnvironmentSource.all.filter { provider.map($0.serves) ?? true }
        throw LLMError(
            code: .invalidConfiguration,
            message: "no endpoint\(provider.map { " for \($0)" } ?? "") is configured in the environment",
            hint: "set " + wanted.map(\.variables).joined(separator: ", or "))
    }

    /// The configuration of `style`'s API from its environment variables, set or not (a key may
    /// be added afterwards), with `baseURL`, when given, in place of the base URL variable; for
    /// the `azure` and `azure-v1` styles the Azure variables, for `openai` the OpenAI ones, for
    /// `anthropic` Anthropic's. The environment's proxy and trust roots apply. Not validated: the
    /// connector validates it.
    /// - Throws: ``LLMError`` (`invalidConfiguration`): an Azure style without an endpoint, a
    ///   variable that is not a URL, a style without environment variables.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, style: EndpointStyle,
        baseURL: URL? = nil, deployment: String? = nil
    ) throws(LLMError) -> ConnectorConfiguration {
        guard let source = EnvironmentSource.all.first(where: { $0.styles.contains(style) }) else {
            throw LLMError(
                code: .invalidConfiguration, message: "the \(style.name) style has no environment variables",
                hint: "configure its endpoint in code or in a configuration file")
        }
        var configuration = try source.configuration(EnvironmentVariables(environment), deployment, baseURL)
        // The source's own style of that name stays (Bedrock's carries its region and environment).
        if configuration.primary.style != style { configuration.primary.style = style }
        try configuration.applyNetworkEnvironment(environment)
        return configuration
    }

    /// Applies the environment's network settings: its proxy (`HTTPS_PROXY`, `HTTP_PROXY`,
    /// `NO_PROXY`) and extra trust roots (`SSL_CERT_FILE`, `SSL_CERT_DIR`).
    /// - Throws: ``LLMError`` (`invalidConfiguration`) for a proxy variable that is not a proxy URL.
    public mutating func applyNetworkEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(LLMError)
    {
        proxy = try ProxySettings.fromEnvironment(environment)
        tls.additionalTrustRoots += TLSSettings.environmentTrustRoots(environment)
    }
}

/// The environment, with blank values treated as unset.
struct EnvironmentVariables {
    let environment: [String: String]

    init(_ environment: [String: String]) {
        self.environment = environment
    }

    /// The variable's value, trimmed; nil when unset or blank.
    subscript(_ name: String) -> String? {
        environment[name].flatMap {
            let trimmed = $0.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
    }

    /// `given`, else the variable as a URL, else `fallback`.
    func base(_ given: URL?, _ variable: String, else fallback: String) throws(LLMError) -> URL {
        if let given { return given }
        return try url(self[variable] ?? fallback, variable)
    }

    /// The variable as a URL.
    /// - Throws: ``LLMError`` (`invalidConfiguration`) naming the variable, without any userinfo.
    func url(_ text: String, _ variable: String) throws(LLMError) -> URL {
        guard let url = URL(string: text.trimmingCharacters(in: .whitespaces)), url.host != nil else {
            throw LLMError(
                code: .invalidConfiguration, message: "\(variable) '\(Endpoint.withoutUserInfo(text))' is not a URL",
                hint: "set it to a URL such as https://NAME.openai.azure.com", parameter: variable)
        }
        return url
    }
}

/// One provider's environment variables; each provider's descriptor lists its own.
struct EnvironmentSource: Sendable {
    /// The providers whose models it configures.
    let providers: Set<LLMProvider>
    /// The endpoint styles it configures.
    let styles: [EndpointStyle]
    /// The variables to set, for the error when none is.
    let variables: String
    /// Whether its variables are set (so that ``ConnectorConfiguration/fromEnvironment(_:deployment:provider:)``
    /// picks it).
    let isSet: @Sendable (EnvironmentVariables) -> Bool
    /// The configuration from its variables (a deployment, and a base URL in place of the
    /// variable's, when given).
    let configuration: @Sendable (EnvironmentVariables, String?, URL?) throws(LLMError) -> ConnectorConfiguration

    func serves(_ provider: LLMProvider) -> Bool {
        providers.contains(provider)
    }

    /// Every registered provider's sources, in the registry's order.
    static var all: [EnvironmentSource] { ProviderRegistry.all.flatMap(\.environment) }
}
