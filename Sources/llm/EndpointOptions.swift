import ArgumentParser
import Foundation
import SwiftLLM

/// The endpoint flags shared by `chat` (and later commands), with environment and config-file fallbacks.
struct EndpointOptions: ParsableArguments {
    @Option(help: "azure or openai (default: azure, unless only OPENAI_API_KEY/OPENAI_BASE_URL is configured).")
    var provider: String?

    @Option(help: "Azure resource URL (https://NAME.openai.azure.com) or OpenAI base URL including /v1.")
    var endpoint: String?

    @Option(help: "Azure deployment name (default: the model name).")
    var deployment: String?

    @Option(help: "Model name: a catalog name picks that model class; any other uses the OpenAI-compatible class.")
    var model: String?

    @Option(name: .customLong("api-key"), help: "API key (prefer AZURE_OPENAI_KEY or OPENAI_API_KEY).")
    var apiKey: String?

    @Option(name: .customLong("api-version"), help: "Azure api-version (default 2024-10-21).")
    var apiVersion: String?

    @Option(name: .customLong("backup-endpoint"), help: "A backup endpoint URL (repeatable).")
    var backupEndpoints: [String] = []

    @Option(help: "A JSON config file: api_key, endpoint, deployment_name, api_version, backups[].")
    var config: String?

    @Option(help: "Seconds per attempt until the response starts, and the idle limit between stream chunks.")
    var timeout: Double?

    @Option(help: "Seconds for the whole request across all attempts and failovers.")
    var deadline: Double?

    /// Secrets to mask in any output.
    var secrets: [String] { apiKey.map { [$0] } ?? [] }

    /// The model name: `--model`, else the deployment, else (for chat) AZURE_OPENAI_DEPLOYMENT, else
    /// `mediaModel` for media commands or gpt-4.1-mini.
    func modelName(_ environment: [String: String], mediaModel: String? = nil) -> String {
        model ?? deployment ?? (mediaModel == nil ? environment["AZURE_OPENAI_DEPLOYMENT"] : nil) ?? mediaModel
            ?? "gpt-4.1-mini"
    }

    /// The metadata of the chosen model: the catalog entry, or an OpenAI-compatible model.
    func metadata(_ environment: [String: String], mediaModel: String? = nil) -> ModelMetadata {
        let name = modelName(environment, mediaModel: mediaModel)
        var metadata = ModelCatalog.metadata(named: name) ?? ModelCatalog.openAICompatible(name)
        if let deployment { metadata.deployment = deployment }
        return metadata
    }

    /// Builds the connector configuration from flags, then the config file, then the environment.
    /// Media commands pass their default model, whose name is also the default deployment.
    func configuration(_ environment: [String: String] = ProcessInfo.processInfo.environment, mediaModel: String? = nil)
        throws -> ConnectorConfiguration
    {
        var fileConfiguration: ConnectorConfiguration?
        if let config {
            guard let data = FileManager.default.contents(atPath: config) else {
                throw LLMError(
                    code: .invalidConfiguration, message: "cannot read the config file '\(config)'",
                    hint: "check the path and permissions", parameter: "--config")
            }
            fileConfiguration = try ConnectorConfiguration(json: data)
        }
        let azureEndpointGiven =
            (endpoint != nil && provider != "openai") || fileConfiguration != nil
            || environment["AZURE_OPENAI_ENDPOINT"].map { !$0.isEmpty } == true
        let openAIConfigured = environment["OPENAI_API_KEY"] != nil || environment["OPENAI_BASE_URL"] != nil
        let style: EndpointStyle
        switch provider?.lowercased() {
        case "azure": style = .azure
        case "openai": style = .openAI
        case nil: style = !azureEndpointGiven && openAIConfigured ? .openAI : .azure
        case let other?:
            throw ValidationError("--provider must be azure or openai, not '\(other)'")
        }
        let modelName = modelName(environment, mediaModel: mediaModel)
        var configuration: ConnectorConfiguration
        if let fileConfiguration {
            configuration = fileConfiguration
            configuration.primary.style = style == .openAI ? .openAI : configuration.primary.style
        } else if style == .azure {
            guard let url = endpoint ?? environment["AZURE_OPENAI_ENDPOINT"] else {
                throw LLMError(
                    code: .invalidConfiguration, message: "no Azure endpoint is configured",
                    hint:
                        "pass --endpoint https://NAME.openai.azure.com or set AZURE_OPENAI_ENDPOINT (or use --provider openai)",
                    parameter: "--endpoint")
            }
            configuration = ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: try Self.url(url, "--endpoint"), style: .azure,
                    apiKey: (environment["AZURE_OPENAI_KEY"] ?? environment["AZURE_OPENAI_API_KEY"]).map { APIKey($0) },
                    apiVersion: environment["AZURE_OPENAI_API_VERSION"]))
            let backups = (environment["AZURE_OPENAI_BACKUP_ENDPOINTS"] ?? "").split(separator: ",")
            configuration.backups = try backups.map {
                BackupEndpoint(baseURL: try Self.url(String($0), "AZURE_OPENAI_BACKUP_ENDPOINTS"))
            }
        } else {
            let url = endpoint ?? environment["OPENAI_BASE_URL"] ?? "https://api.openai.com/v1"
            configuration = ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: try Self.url(url, "--endpoint"), style: .openAI,
                    apiKey: environment["OPENAI_API_KEY"].map { APIKey($0) }))
        }
        // Flags override the file and the environment.
        if let endpoint, fileConfiguration != nil {
            configuration.primary.baseURL = try Self.url(endpoint, "--endpoint")
        }
        if let apiKey { configuration.primary.apiKey = APIKey(apiKey) }
        if let apiVersion { configuration.primary.apiVersion = apiVersion }
        if mediaModel != nil {
            configuration.primary.deployment = deployment ?? modelName
        } else {
            configuration.primary.deployment =
                deployment ?? configuration.primary.deployment ?? environment["AZURE_OPENAI_DEPLOYMENT"] ?? modelName
        }
        configuration.primary.name = configuration.primary.baseURL.host ?? "primary"
        configuration.backups += try backupEndpoints.map {
            BackupEndpoint(baseURL: try Self.url($0, "--backup-endpoint"))
        }
        if let timeout {
            guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
            configuration.timeouts.attempt = .milliseconds(Int64(timeout * 1000))
            configuration.timeouts.idle = .milliseconds(Int64(timeout * 1000))
        }
        if let deadline {
            guard deadline > 0 else { throw ValidationError("--deadline must be positive") }
            configuration.timeouts.total = .milliseconds(Int64(deadline * 1000))
        }
        try configuration.validate()
        return configuration
    }

    private static func url(_ text: String, _ flag: String) throws -> URL {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let url = URL(string: trimmed), url.scheme != nil, url.host != nil else {
            throw LLMError(
                code: .invalidConfiguration, message: "\(flag) '\(trimmed)' is not a URL",
                hint: "use a URL such as https://NAME.openai.azure.com", parameter: flag)
        }
        return url
    }
}

extension EndpointOptions {
    /// Runs `body` with the chosen model over a connector built from these options (media commands
    /// pass their default model), shutting the connector down afterwards; any failure becomes the
    /// one-line error and exit 1.
    func withModel(mediaModel: String? = nil, _ body: (any LLM) async throws -> Void) async throws {
        do {
            let environment = ProcessInfo.processInfo.environment
            let connector = try Connector(configuration: configuration(environment, mediaModel: mediaModel))
            do {
                try await body(
                    LLMFactory.make(metadata: metadata(environment, mediaModel: mediaModel), connector: connector))
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
