public import Foundation
public import LLMCore

extension ConnectorConfiguration {
    /// Reads the configuration from environment variables.
    ///
    /// Azure when `AZURE_OPENAI_ENDPOINT` is set: `AZURE_OPENAI_KEY` (or `AZURE_OPENAI_API_KEY`),
    /// `AZURE_OPENAI_DEPLOYMENT` (else `deployment`), `AZURE_OPENAI_API_VERSION`, and
    /// `AZURE_OPENAI_BACKUP_ENDPOINTS` (comma-separated; backups inherit deployment, key and version).
    /// Otherwise OpenAI when `OPENAI_API_KEY` or `OPENAI_BASE_URL` is set (the base defaults to
    /// `https://api.openai.com/v1`; the model is `deployment`).
    /// - Throws: ``LLMError`` (`invalidConfiguration`) naming the variables to set.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, deployment: String? = nil
    ) throws(LLMError) -> ConnectorConfiguration {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        func url(_ text: String, _ variable: String) throws(LLMError) -> URL {
            guard let url = URL(string: text.trimmingCharacters(in: .whitespaces)), url.host != nil else {
                throw LLMError(
                    code: .invalidConfiguration, message: "\(variable) '\(text)' is not a URL",
                    hint: "set it to a URL such as https://NAME.openai.azure.com", parameter: variable)
            }
            return url
        }
        if let endpoint = value("AZURE_OPENAI_ENDPOINT") {
            let backups = try (value("AZURE_OPENAI_BACKUP_ENDPOINTS") ?? "").split(separator: ",")
                .map { text throws(LLMError) in
                    BackupEndpoint(baseURL: try url(String(text), "AZURE_OPENAI_BACKUP_ENDPOINTS"))
                }
            let configuration = ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: try url(endpoint, "AZURE_OPENAI_ENDPOINT"), style: .azure,
                    deployment: value("AZURE_OPENAI_DEPLOYMENT") ?? deployment,
                    apiKey: (value("AZURE_OPENAI_KEY") ?? value("AZURE_OPENAI_API_KEY")).map { APIKey($0) },
                    apiVersion: value("AZURE_OPENAI_API_VERSION") ?? Endpoint.defaultAzureAPIVersion),
                backups: backups)
            try configuration.validate()
            return configuration
        }
        if value("OPENAI_API_KEY") != nil || value("OPENAI_BASE_URL") != nil {
            let configuration = ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: try url(value("OPENAI_BASE_URL") ?? "https://api.openai.com/v1", "OPENAI_BASE_URL"),
                    style: .openAI, deployment: deployment, apiKey: value("OPENAI_API_KEY").map { APIKey($0) }))
            try configuration.validate()
            return configuration
        }
        throw LLMError(
            code: .invalidConfiguration, message: "no endpoint is configured in the environment",
            hint:
                "set AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_KEY and AZURE_OPENAI_DEPLOYMENT, or OPENAI_API_KEY (and OPENAI_BASE_URL)"
        )
    }
}
