import ArgumentParser
import Foundation
import LLMConfiguration
import LLMProviders
import SwiftLLM

/// The endpoint flags shared by `chat` (and later commands), with environment and config-file fallbacks.
struct EndpointOptions: ParsableArguments {
    @Option(help: ArgumentHelp(EndpointOptions.providerHelp, valueName: "provider"))
    var provider: String?

    @Option(
        help:
            "The provider's base URL in place of its default: an Azure resource URL (https://NAME.openai.azure.com), an OpenAI-compatible base URL including its /v1 (a local server's, Groq's, ...), an Anthropic base URL (https://api.anthropic.com, or a server that speaks the Messages API), a Gemini base URL, a Vertex AI location URL up to /locations/LOCATION, or a Bedrock Runtime URL (default https://bedrock-runtime.REGION.amazonaws.com)."
    )
    var endpoint: String?

    @Option(
        help:
            "Bedrock: the AWS region to call and sign for (default: AWS_REGION, AWS_DEFAULT_REGION or the profile's region in ~/.aws/config). Credentials: AWS_BEARER_TOKEN_BEDROCK, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, or AWS_PROFILE in the shared files."
    )
    var region: String?

    @Option(help: "Azure deployment name, or the provider's model id (default: the model name).")
    var deployment: String?

    @Option(
        help:
            "Any model id of the provider's API: a catalog profile (or a dated snapshot of one, a Bedrock inference profile or ARN) brings its limits and prices; any other id uses the API's defaults (see llm models)."
    )
    var model: String?

    @Option(
        help:
            "The OpenAI API to speak: chat (chat completions, the default) or responses (the Responses API, stateless); OpenAI-family models only."
    )
    var api: String?

    @Option(
        name: .customLong("api-key"),
        help:
            "API key (prefer the provider's variable: AZURE_OPENAI_KEY, OPENAI_API_KEY, ANTHROPIC_API_KEY, GROQ_API_KEY, ...)."
    )
    var apiKey: String?

    @Option(
        name: .customLong("api-version"),
        help: "Azure api-version (default 2024-10-21) or anthropic-version (default 2023-06-01).")
    var apiVersion: String?

    @Option(name: .customLong("backup-endpoint"), help: "A backup endpoint URL (repeatable).")
    var backupEndpoints: [String] = []

    @Option(
        help:
            "A config file: JSON (provider, api_key, endpoint, deployment_name, api_version, backups[]) or YAML (the same keys; backups a list of URLs); or a router file: deployments[] (name, group, provider, endpoint, deployment, model, api_key or api_key_env, backups, timeout, rpm, tpm, region, tags, weight), fallbacks, strategy."
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

    @Flag(name: .customLong("http1"), help: "Speak HTTP/1.1 only (default: HTTP/2 where the server offers it).")
    var http1 = false

    @Flag(
        name: .customLong("http2"),
        help: "Require HTTP/2 (https:// endpoints only; an answer over HTTP/1.1 is an error instead of a fallback).")
    var http2 = false

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

    /// The connector configuration of `--config`: seed 004's JSON shape, or a YAML file with the
    /// same keys read through swift-configuration (``LLMConfiguration``; camelCase or snake_case,
    /// `backups` a list of URLs). Its keys join the secrets masked in any output.
    private func fileConfiguration() async throws -> ConnectorConfiguration? {
        guard let config else { return nil }
        let configuration: ConnectorConfiguration
        if [".yaml", ".yml"].contains(where: config.lowercased().hasSuffix) {
            guard #available(macOS 15, *) else {
                throw LLMError(
                    code: .invalidConfiguration, message: "YAML config files need macOS 15 or later",
                    hint: "use a JSON config file", parameter: "--config")
            }
            configuration = try ConnectorConfiguration(
                config: try await LLMConfigSources.reader(environment: [:], files: [config]))
        } else {
            guard let data = FileManager.default.contents(atPath: config) else {
                throw LLMError(
                    code: .invalidConfiguration, message: "cannot read the config file '\(config)'",
                    hint: "check the path and permissions", parameter: "--config")
            }
            configuration = try ConnectorConfiguration(json: data)
        }
        Redactor.shared.add(configuration.endpoints.compactMap { $0.apiKey?.reveal() })
        return configuration
    }

    /// The router of a router file given with `--config` (see `LLMRouter.fromJSON`), else nil.
    func router(_ environment: [String: String], stateStore: (any RateLimitStore)? = nil) async throws -> LLMRouter? {
        guard let config, let data = FileManager.default.contents(atPath: config), LLMRouter.isRouterFile(data)
        else { return nil }
        return try await LLMRouter.fromJSON(data, environment: environment, stateStore: stateStore)
    }

    /// The `--provider` help: every registered provider's name and line.
    static var providerHelp: String {
        "The provider: "
            + ProviderRegistry.all.map { "\($0.name) — \($0.summary)" }.joined(separator: "; ")
            + ". Default: the model's provider for a catalog model, else what the environment configures."
    }

    /// The provider `--provider` names (a provider or one of its styles, such as `vertex-ai`).
    func descriptor() throws -> ProviderDescriptor? {
        guard let provider else { return nil }
        guard let descriptor = ProviderRegistry.descriptor(named: provider) else {
            throw ValidationError(
                "--provider must be one of \(EndpointStyle.known.map(\.name).joined(separator: ", ")), not '\(provider)'"
            )
        }
        return descriptor
    }

    /// The model name: `--model`, else the deployment, else `mediaModel` for media commands, else
    /// (for chat on Azure) AZURE_OPENAI_DEPLOYMENT, else `--provider`'s default model (gpt-4.1-mini
    /// without one).
    /// - Throws: `ValidationError` for a provider without a default model (a local server's).
    func modelName(_ environment: [String: String], mediaModel: String? = nil) throws -> String {
        if let name = model ?? deployment ?? mediaModel { return name }
        guard let descriptor = try descriptor() else { return environment["AZURE_OPENAI_DEPLOYMENT"] ?? "gpt-4.1-mini" }
        if descriptor.provider == .azure, let name = environment["AZURE_OPENAI_DEPLOYMENT"] { return name }
        guard let name = descriptor.defaultModel else {
            throw ValidationError(
                "--provider \(descriptor.name) has no default model; pass --model (the server's model id)")
        }
        return name
    }

    /// The OpenAI API of `--api`.
    func wireAPI() throws -> OpenAIWireAPI {
        guard let api else { return .chatCompletions }
        guard let chosen = OpenAIWireAPI.named(api) else {
            throw ValidationError("--api must be chat or responses, not '\(api)'")
        }
        return chosen
    }

    /// The metadata of the chosen model on `style`'s API: its profile, else the API's defaults for
    /// any id.
    func metadata(_ environment: [String: String], style: EndpointStyle, mediaModel: String? = nil) throws
        -> ModelMetadata
    {
        var metadata = ModelCatalog.metadata(for: try modelName(environment, mediaModel: mediaModel), style: style)
        if let deployment { metadata.deployment = deployment }
        return metadata
    }

    /// The style to use: `--provider`'s, else the config file's, else the catalog model's provider
    /// (Anthropic for a Claude model), else what the environment configures.
    private func style(_ environment: [String: String], file: ConnectorConfiguration?, model: String) throws
        -> EndpointStyle
    {
        if let provider, let descriptor = try descriptor() {
            return EndpointStyle.named(provider) ?? descriptor.styles[0].style
        }
        if let file { return file.primary.style }
        func set(_ name: String) -> Bool { environment[name].map { !$0.isEmpty } ?? false }
        let vertex = ["true", "1"].contains(environment["GOOGLE_GENAI_USE_VERTEXAI"]?.lowercased() ?? "")
        switch ModelCatalog.profile(for: model)?.provider {
        case .anthropic?: return .anthropic
        case .gemini?: return vertex ? .vertexAI : .gemini
        case .bedrock?: return .bedrock
        default: break
        }
        if region != nil { return .bedrock }
        if endpoint != nil || set("AZURE_OPENAI_ENDPOINT") { return .azure }
        // The first provider whose environment is set (OpenAI, Anthropic, Gemini, ..., Groq, ...).
        if let configured = ProviderRegistry.configuredStyle(environment) { return configured }
        return .azure
    }

    /// Builds the connector configuration from flags, then the config file, then the environment.
    /// Media commands pass their default model, whose name is also the default deployment.
    func configuration(_ environment: [String: String] = ProcessInfo.processInfo.environment, mediaModel: String? = nil)
        async throws -> ConnectorConfiguration
    {
        var environment = environment
        if let region {
            guard BedrockAPI.isRegion(region) else {
                throw ValidationError("--region must be an AWS region such as us-east-1, not '\(region)'")
            }
            environment["AWS_REGION"] = region
        }
        let fileConfiguration = try await fileConfiguration()
        let modelName = try modelName(environment, mediaModel: mediaModel)
        let style = try style(environment, file: fileConfiguration, model: modelName)
        var configuration: ConnectorConfiguration
        if var fileConfiguration {
            // The file's own style stays when it is the one chosen (a Bedrock file's region with it).
            if style != fileConfiguration.primary.style { fileConfiguration.primary.style = style }
            if style == .bedrock, let region { fileConfiguration.primary.style = .bedrock(region: region) }
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
        switch (http1, http2) {
        case (true, true): throw ValidationError("--http1 and --http2 exclude each other")
        case (true, false): configuration.httpVersion = .http1
        case (false, true): configuration.httpVersion = .http2
        case (false, false): break
        }
        try configuration.validate()
        return configuration
    }

    /// The context of a command's calls: its `--deadline` from now, when given (it bounds an agent
    /// run, its MCP servers and a router's walk as a whole, not only each model call).
    func requestContext() throws -> RequestContext {
        RequestContext(deadline: try deadline.map { ContinuousClock.now + (try Self.duration($0, "--deadline")) })
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
            let metadata = try metadata(environment, style: connector.endpoints[0].style, mediaModel: mediaModel)
            try await body(LLMFactory.make(metadata: metadata, connector: connector, api: api))
        }
    }

    /// Runs `body` with the chosen embedding model (`--model`, else `defaultModel`: any id, a
    /// profile when the catalog has one) over a connector built from these options.
    func withEmbeddingModel(defaultModel: String, _ body: (any EmbeddingModel) async throws -> Void) async throws {
        let name = model ?? deployment ?? defaultModel
        try await withConnector(mediaModel: name) { connector, _ in
            var metadata = ModelCatalog.embeddingMetadata(for: name, style: connector.endpoints[0].style)
            if let deployment { metadata.deployment = deployment }
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
            var configuration = try await configuration(environment, mediaModel: mediaModel)
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
