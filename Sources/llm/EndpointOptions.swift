import ArgumentParser
import Foundation
import SwiftLLM

/// The endpoint flags shared by `chat` (and later commands), with environment and config-file fallbacks.
struct EndpointOptions: ParsableArguments {
    @Option(
        help:
            "azure, azure-v1, openai, anthropic, gemini, vertex-ai or bedrock (default: the model's provider for a catalog model, else what the environment configures: AZURE_OPENAI_*, OPENAI_*, ANTHROPIC_*, GEMINI_API_KEY/GOOGLE_API_KEY, GOOGLE_GENAI_USE_VERTEXAI, AWS_BEARER_TOKEN_BEDROCK/AWS_ACCESS_KEY_ID)."
    )
    var provider: String?

    @Option(
        help:
            "Azure resource URL (https://NAME.openai.azure.com), OpenAI base URL including /v1, Anthropic base URL (https://api.anthropic.com), Gemini base URL (https://generativelanguage.googleapis.com), a Vertex AI location URL up to /locations/LOCATION, or a Bedrock Runtime URL (default https://bedrock-runtime.REGION.amazonaws.com)."
    )
    var endpoint: String?

    @Option(
        help:
            "Bedrock: the AWS region to call and sign for (default: AWS_REGION, AWS_DEFAULT_REGION or the profile's region in ~/.aws/config). Credentials: AWS_BEARER_TOKEN_BEDROCK, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, or AWS_PROFILE in the shared files."
    )
    var region: String?

    @Option(help: "Azure deployment name, or the provider's model id (default: the model name).")
    var deployment: String?

    @Option(help: "Model name: a catalog name picks that model class; any other uses the OpenAI-compatible class.")
    var model: String?

    @Option(
        help:
            "The OpenAI API to speak: chat (chat completions, the default) or responses (the Responses API, stateless); OpenAI-family models only."
    )
    var api: String?

    @Option(
        name: .customLong("api-key"),
        help: "API key (prefer AZURE_OPENAI_KEY, OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY).")
    var apiKey: String?

    @Option(
        name: .customLong("api-version"),
        help: "Azure api-version (default 2024-10-21) or anthropic-version (default 2023-06-01).")
    var apiVersion: String?

    @Option(name: .customLong("backup-endpoint"), help: "A backup endpoint URL (repeatable).")
    var backupEndpoints: [String] = []

    @Option(
        help:
            "A JSON config file: provider, api_key, endpoint, deployment_name, api_version, backups[]; or a router file: deployments[] (name, group, provider, endpoint, deployment, model, api_key or api_key_env, backups, timeout, rpm, tpm, region, tags, weight), fallbacks, strategy."
    )
    var config: String?

    @Option(help: "Seconds per attempt until the response starts, and the idle limit between stream chunks.")
    var timeout: Double?

    @Option(help: "Seconds for the whole request across all attempts and failovers.")
    var deadline: Double?

    @Option(
        name: .customLong("ca-file"),
        help:
            "A PEM file (or directory) of extra CAs to trust, for a private CA or TLS inspection (repeatable; SSL_CERT_FILE and SSL_CERT_DIR too)."
    )
    var caFiles: [String] = []

    @Option(name: .customLong("client-cert"), help: "A PEM client certificate (chain) for gateways that require mTLS.")
    var clientCertificate: String?

    @Option(name: .customLong("client-key"), help: "The PEM private key of --client-cert.")
    var clientKey: String?

    /// The longest `--timeout` or `--deadline`: a day.
    static let maxSeconds = 86_400.0

    /// Secrets to mask in any output: the key given here, and any key in the config file (a router
    /// file's keys, and the variables its `api_key_env` names).
    var secrets: [String] {
        var known = apiKey.map { [$0] } ?? []
        guard let config, let data = FileManager.default.contents(atPath: config) else { return known }
        if let file = try? ConnectorConfiguration(json: data) {
            known += file.endpoints.compactMap { $0.apiKey?.reveal() }
        } else if case .array(let deployments)? = (try? JSONValue(parsing: data))?["deployments"] {
            let environment = ProcessInfo.processInfo.environment
            for deployment in deployments {
                let backups = deployment["backups"]?.arrayValue ?? []
                known += ([deployment] + backups).compactMap { $0["api_key"]?.stringValue }
                if let variable = deployment["api_key_env"]?.stringValue, let key = environment[variable] {
                    known.append(key)
                }
            }
        }
        return known
    }

    /// The router of a router file given with `--config` (see `LLMRouter.fromJSON`), else nil.
    func router(_ environment: [String: String], stateStore: (any RateLimitStore)? = nil) async throws -> LLMRouter? {
        guard let config, let data = FileManager.default.contents(atPath: config), LLMRouter.isRouterFile(data)
        else { return nil }
        return try await LLMRouter.fromJSON(data, environment: environment, stateStore: stateStore)
    }

    /// The model name: `--model`, else the deployment, else (for chat) AZURE_OPENAI_DEPLOYMENT, else
    /// `mediaModel` for media commands, else the provider's default (claude-sonnet-4-5 for
    /// Anthropic, gpt-4.1-mini otherwise).
    func modelName(_ environment: [String: String], mediaModel: String? = nil) -> String {
        if let name = model ?? deployment ?? mediaModel { return name }
        switch provider?.lowercased() {
        case "anthropic": return "claude-sonnet-4-5"
        case "gemini", "vertex-ai": return "gemini-2.5-flash"
        case "bedrock": return "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
        default: return environment["AZURE_OPENAI_DEPLOYMENT"] ?? "gpt-4.1-mini"
        }
    }

    /// The OpenAI API of `--api`.
    func wireAPI() throws -> OpenAIWireAPI {
        guard let api else { return .chatCompletions }
        guard let chosen = OpenAIWireAPI.named(api) else {
            throw ValidationError("--api must be chat or responses, not '\(api)'")
        }
        return chosen
    }

    /// The metadata of the chosen model: the catalog entry, or an OpenAI-compatible model.
    func metadata(_ environment: [String: String], mediaModel: String? = nil) -> ModelMetadata {
        let name = modelName(environment, mediaModel: mediaModel)
        var metadata = ModelCatalog.metadata(named: name) ?? ModelCatalog.openAICompatible(name)
        if let deployment { metadata.deployment = deployment }
        return metadata
    }

    /// The style to use: `--provider`, else the config file's, else the catalog model's provider
    /// (Anthropic for a Claude model), else what the environment configures.
    private func style(_ environment: [String: String], file: ConnectorConfiguration?, model: String) throws
        -> EndpointStyle
    {
        if let provider {
            guard let style = EndpointStyle.named(provider) else {
                throw ValidationError(
                    "--provider must be one of \(EndpointStyle.known.map(\.name).joined(separator: ", ")), not '\(provider)'"
                )
            }
            return style
        }
        if let file { return file.primary.style }
        func set(_ name: String) -> Bool { environment[name].map { !$0.isEmpty } ?? false }
        let vertex = ["true", "1"].contains(environment["GOOGLE_GENAI_USE_VERTEXAI"]?.lowercased() ?? "")
        switch ModelCatalog.metadata(named: model)?.provider {
        case .anthropic?: return .anthropic
        case .gemini?: return vertex ? .vertexAI : .gemini
        case .bedrock?: return .bedrock
        default: break
        }
        if region != nil { return .bedrock }
        if endpoint != nil || set("AZURE_OPENAI_ENDPOINT") { return .azure }
        if set("OPENAI_API_KEY") || set("OPENAI_BASE_URL") { return .openAI }
        if set("ANTHROPIC_API_KEY") || set("ANTHROPIC_AUTH_TOKEN") { return .anthropic }
        if vertex { return .vertexAI }
        if set("GEMINI_API_KEY") || set("GOOGLE_API_KEY") { return .gemini }
        return .azure
    }

    /// Builds the connector configuration from flags, then the config file, then the environment.
    /// Media commands pass their default model, whose name is also the default deployment.
    func configuration(_ environment: [String: String] = ProcessInfo.processInfo.environment, mediaModel: String? = nil)
        throws -> ConnectorConfiguration
    {
        var environment = environment
        if let region {
            guard !region.isEmpty,
                region.utf8.allSatisfy({ $0 == 0x2D || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) })
            else { throw ValidationError("--region must be an AWS region such as us-east-1, not '\(region)'") }
            environment["AWS_REGION"] = region
        }
        var fileConfiguration: ConnectorConfiguration?
        if let config {
            guard let data = FileManager.default.contents(atPath: config) else {
                throw LLMError(
                    code: .invalidConfiguration, message: "cannot read the config file '\(config)'",
                    hint: "check the path and permissions", parameter: "--config")
            }
            fileConfiguration = try ConnectorConfiguration(json: data)
        }
        let modelName = modelName(environment, mediaModel: mediaModel)
        let style = try style(environment, file: fileConfiguration, model: modelName)
        var configuration: ConnectorConfiguration
        if var fileConfiguration {
            fileConfiguration.primary.style = style == .bedrock && region != nil ? .bedrock(region: region) : style
            configuration = fileConfiguration
        } else {
            configuration = try ConnectorConfiguration.fromEnvironment(
                environment, style: style, baseURL: try endpoint.map { try Self.url($0, "--endpoint") })
        }
        // Flags override the file and the environment.
        if let endpoint, fileConfiguration != nil {
            configuration.primary.baseURL = try Self.url(endpoint, "--endpoint")
        }
        if let apiKey {
            configuration.primary.apiKey = APIKey(apiKey)
            configuration.tokenProvider = nil
        }
        if let apiVersion { configuration.primary.apiVersion = apiVersion }
        if mediaModel != nil {
            configuration.primary.deployment = deployment ?? modelName
        } else {
            let deploymentVariable = style == .azure ? environment["AZURE_OPENAI_DEPLOYMENT"] : nil
            configuration.primary.deployment =
                deployment ?? configuration.primary.deployment ?? deploymentVariable ?? modelName
        }
        configuration.primary.name = configuration.primary.baseURL.host ?? "primary"
        configuration.backups += try backupEndpoints.map {
            BackupEndpoint(baseURL: try Self.url($0, "--backup-endpoint"))
        }
        if let timeout {
            let duration = try Self.duration(timeout, "--timeout")
            configuration.timeouts.attempt = duration
            configuration.timeouts.idle = duration
            configuration.timeouts.connect = min(configuration.timeouts.connect, duration)
        }
        // Enterprise networks: extra trust roots and a client certificate (the environment's proxy and
        // trust roots come with the environment's configuration, or here for a config file's).
        if fileConfiguration != nil { try configuration.applyNetworkEnvironment(environment) }
        configuration.tls.additionalTrustRoots += caFiles
        switch (clientCertificate, clientKey) {
        case (let certificate?, let key?):
            configuration.tls.clientCertificate = .init(certificateChainPath: certificate, privateKeyPath: key)
        case (nil, nil): break
        default: throw ValidationError("--client-cert and --client-key go together")
        }
        if let deadline {
            configuration.timeouts.total = try Self.duration(deadline, "--deadline")
        }
        try configuration.validate()
        return configuration
    }

    /// Seconds from the command line as a duration: finite, positive and at most a day.
    static func duration(_ seconds: Double, _ flag: String) throws -> Duration {
        guard seconds.isFinite, seconds > 0, seconds <= maxSeconds else {
            throw ValidationError("\(flag) must be a number of seconds above 0 and at most \(Int(maxSeconds))")
        }
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    private static func url(_ text: String, _ flag: String) throws -> URL {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let url = URL(string: trimmed), url.scheme != nil, url.host != nil else {
            throw LLMError(
                code: .invalidConfiguration, message: "\(flag) '\(Endpoint.withoutUserInfo(trimmed))' is not a URL",
                hint: "use a URL such as https://NAME.openai.azure.com", parameter: flag)
        }
        return url
    }
}

extension EndpointOptions {
    /// Runs `body` with the chosen model over a connector built from these options (media commands
    /// pass their default model), shutting the connector down afterwards; any failure becomes the
    /// one-line error and exit 1.
    func withModel(
        mediaModel: String? = nil, stateStore: (any RateLimitStore)? = nil, _ body: (any LLM) async throws -> Void
    ) async throws {
        let api = try wireAPI()
        if mediaModel == nil, let config, let data = FileManager.default.contents(atPath: config),
            LLMRouter.isRouterFile(data)
        {
            Redactor.shared.add(secrets)
            do {
                let router = try await LLMRouter.fromJSON(data, stateStore: stateStore)
                do {
                    try await body(router)
                } catch {
                    try? await router.shutdown()
                    throw error
                }
                try await router.shutdown()
            } catch {
                CLIFailure.exit(error, secrets: secrets)
            }
            return
        }
        try await withConnector(mediaModel: mediaModel, stateStore: stateStore) { connector, environment in
            try await body(
                LLMFactory.make(metadata: metadata(environment, mediaModel: mediaModel), connector: connector, api: api)
            )
        }
    }

    /// Runs `body` with the chosen embedding model (`--model`, else `defaultModel`: a catalog
    /// embedding model, or an OpenAI-compatible one) over a connector built from these options.
    func withEmbeddingModel(defaultModel: String, _ body: (any EmbeddingModel) async throws -> Void) async throws {
        let name = model ?? deployment ?? defaultModel
        var metadata = ModelCatalog.metadata(named: name) ?? ModelCatalog.openAICompatibleEmbedding(name, dimensions: 0)
        if let deployment { metadata.deployment = deployment }
        try await withConnector(mediaModel: name) { connector, _ in
            try await body(LLMFactory.makeEmbedding(metadata: metadata, connector: connector))
        }
    }

    /// Runs `body` with a connector built from these options and the environment, shutting it down
    /// afterwards; a validation error propagates (argument parser's usage message), any other
    /// failure becomes the one-line error and exit 1.
    private func withConnector(
        mediaModel: String?, stateStore: (any RateLimitStore)? = nil,
        _ body: (Connector, [String: String]) async throws -> Void
    ) async throws {
        Redactor.shared.add(secrets)
        do {
            let environment = ProcessInfo.processInfo.environment
            var configuration = try configuration(environment, mediaModel: mediaModel)
            if let stateStore { configuration.rateLimitStore = stateStore }
            let connector = try Connector(configuration: configuration)
            do {
                try await body(connector, environment)
            } catch {
                try? await connector.shutdown()
                throw error
            }
            try await connector.shutdown()
        } catch let error as ValidationError {
            throw error
        } catch {
            CLIFailure.exit(error, secrets: secrets)
        }
    }
}
