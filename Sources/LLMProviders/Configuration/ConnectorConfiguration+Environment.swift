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
    /// set, with `ANTHROPIC_BASE_URL` (default `https://api.anthropic.com`). In every case the
    /// environment's proxy (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`) and extra trust roots
    /// (`SSL_CERT_FILE`, `SSL_CERT_DIR`) apply.
    /// - Throws: ``LLMError`` (`invalidConfiguration`) naming the variables to set.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, deployment: String? = nil,
        provider: LLMProvider? = nil
    ) throws(LLMError) -> ConnectorConfiguration {
        let variables = EnvironmentVariables(environment)
        for source in EnvironmentSource.all where provider.map(source.serves) ?? true {
            guard var configuration = try source.configuration(variables, deployment) else { continue }
            configuration.proxy = try ProxySettings.fromEnvironment(environment)
            configuration.tls.additionalTrustRoots += TLSSettings.environmentTrustRoots(environment)
            try configuration.validate()
            return configuration
        }
        let wanted = EnvironmentSource.all.filter { provider.map($0.serves) ?? true }
        throw LLMError(
            code: .invalidConfiguration,
            message: "no endpoint\(provider.map { " for \($0)" } ?? "") is configured in the environment",
            hint: "set " + wanted.map(\.variables).joined(separator: ", or "))
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

/// One provider's environment variables. A new API adds its entry to ``all``.
struct EnvironmentSource: Sendable {
    /// The providers whose models it configures.
    let providers: Set<LLMProvider>
    /// The variables to set, for the error when none is.
    let variables: String
    /// The configuration, or nil when its variables are not set.
    let configuration: @Sendable (EnvironmentVariables, String?) throws(LLMError) -> ConnectorConfiguration?

    func serves(_ provider: LLMProvider) -> Bool {
        providers.contains(provider)
    }

    static let all: [EnvironmentSource] = [azure, openAI, anthropic]

    static let azure = EnvironmentSource(
        providers: [.azure],
        variables: "AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_KEY and AZURE_OPENAI_DEPLOYMENT"
    ) { variables, deployment throws(LLMError) in
        guard let endpoint = variables["AZURE_OPENAI_ENDPOINT"] else { return nil }
        let backups = try (variables["AZURE_OPENAI_BACKUP_ENDPOINTS"] ?? "").split(separator: ",")
            .map { text throws(LLMError) in
                BackupEndpoint(baseURL: try variables.url(String(text), "AZURE_OPENAI_BACKUP_ENDPOINTS"))
            }
        return ConnectorConfiguration(
            primary: Endpoint(
                baseURL: try variables.url(endpoint, "AZURE_OPENAI_ENDPOINT"), style: .azure,
                deployment: variables["AZURE_OPENAI_DEPLOYMENT"] ?? deployment,
                apiKey: (variables["AZURE_OPENAI_KEY"] ?? variables["AZURE_OPENAI_API_KEY"]).map { APIKey($0) },
                apiVersion: variables["AZURE_OPENAI_API_VERSION"]),
            backups: backups)
    }

    static let openAI = EnvironmentSource(
        providers: [.openAI, .openAICompatible, .azure], variables: "OPENAI_API_KEY (and OPENAI_BASE_URL)"
    ) { variables, deployment throws(LLMError) in
        guard variables["OPENAI_API_KEY"] != nil || variables["OPENAI_BASE_URL"] != nil else { return nil }
        return ConnectorConfiguration(
            primary: Endpoint(
                baseURL: try variables.url(
                    variables["OPENAI_BASE_URL"] ?? "https://api.openai.com/v1", "OPENAI_BASE_URL"),
                style: .openAI, deployment: deployment, apiKey: variables["OPENAI_API_KEY"].map { APIKey($0) }))
    }

    static let anthropic = EnvironmentSource(
        providers: [.anthropic], variables: "ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN, and ANTHROPIC_BASE_URL)"
    ) { variables, deployment throws(LLMError) in
        let key = variables["ANTHROPIC_API_KEY"]
        let token = variables["ANTHROPIC_AUTH_TOKEN"]
        guard key != nil || token != nil else { return nil }
        var tokenProvider: ConnectorConfiguration.TokenProvider?
        if key == nil, let token { tokenProvider = { token } }
        return ConnectorConfiguration(
            primary: Endpoint(
                baseURL: try variables.url(
                    variables["ANTHROPIC_BASE_URL"] ?? "https://api.anthropic.com", "ANTHROPIC_BASE_URL"),
                style: .anthropic, deployment: deployment, apiKey: key.map { APIKey($0) }),
            tokenProvider: tokenProvider)
    }
}
