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
    /// `GOOGLE_GEMINI_BASE_URL`. In every case the
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

/// One provider's environment variables. A new API adds its entry to ``all``.
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

    static let all: [EnvironmentSource] = [azure, openAI, anthropic, vertexAI, gemini, bedrock]

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

    /// Vertex AI, as Google's SDK reads it: `GOOGLE_GENAI_USE_VERTEXAI=true` with
    /// `GOOGLE_CLOUD_PROJECT` and `GOOGLE_CLOUD_LOCATION` (default `us-central1`), an access token
    /// in `GOOGLE_OAUTH_ACCESS_TOKEN` (sent as a bearer token; in code, pass a refreshing token
    /// provider) or an express-mode `GOOGLE_API_KEY`, and `GOOGLE_VERTEX_BASE_URL` in place of
    /// the location's host.
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

    /// Amazon Bedrock, as AWS's SDKs read it: the region from `AWS_REGION` / `AWS_DEFAULT_REGION`
    /// / the shared config file's profile; `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` (else
    /// `AWS_ENDPOINT_URL`) in place of `https://bedrock-runtime.{region}.amazonaws.com`; a Bedrock
    /// API key from `AWS_BEARER_TOKEN_BEDROCK`, else SigV4 with `AWS_ACCESS_KEY_ID` /
    /// `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN` or the shared credentials file's profile
    /// (`AWS_PROFILE`), read at each attempt. Picked from the environment last, and only when a
    /// Bedrock key or AWS access key is set.
    static let bedrock = EnvironmentSource(
        providers: [.bedrock], styles: [.bedrock],
        variables:
            "AWS_REGION with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or AWS_BEARER_TOKEN_BEDROCK)",
        isSet: { $0["AWS_BEARER_TOKEN_BEDROCK"] != nil || $0["AWS_ACCESS_KEY_ID"] != nil },
        configuration: { variables, deployment, baseURL throws(LLMError) in
            let environment = variables.environment
            let region = AWSCredentials.region(environment: environment)
            var base = baseURL
            if base == nil, let text = variables["AWS_ENDPOINT_URL_BEDROCK_RUNTIME"] ?? variables["AWS_ENDPOINT_URL"] {
                base = try variables.url(text, "AWS_ENDPOINT_URL_BEDROCK_RUNTIME")
            }
            guard let region = region ?? base.flatMap({ BedrockAPI.region(fromHost: $0.host ?? "") }) else {
                throw LLMError(
                    code: .invalidConfiguration, message: "no AWS region is configured for Bedrock",
                    hint: "set AWS_REGION (or a region in the profile of ~/.aws/config), or pass --region",
                    parameter: "AWS_REGION")
            }
            var api = BedrockAPI(region: region)
            api.environment = { environment }
            var endpoint = Endpoint.bedrock(
                region: region, baseURL: base, apiKey: variables["AWS_BEARER_TOKEN_BEDROCK"].map { APIKey($0) },
                deployment: deployment)
            endpoint.style = EndpointStyle(api)
            return ConnectorConfiguration(primary: endpoint)
        })
}
