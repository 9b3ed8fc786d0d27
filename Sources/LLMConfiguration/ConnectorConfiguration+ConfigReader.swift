public import Configuration
public import Connectors
import Foundation
public import LLMCore
import LLMProviders

@available(macOS 15, iOS 18, watchOS 11, tvOS 18, visionOS 2, *)
extension ConnectorConfiguration {
    /// Reads a connector's configuration from a swift-configuration reader: environment variables,
    /// JSON or YAML files and command-line arguments, in the order of the reader's providers (see
    /// ``LLMConfigSources``). Scope the reader to keep the keys apart from the app's own
    /// (`config.scoped(to: "llm")`: `LLM_ENDPOINT`, `{"llm": {"endpoint": ...}}`, `--llm-endpoint`).
    ///
    /// Keys (camelCase; seed 004's snake_case spellings are read too, so a seed 004 file without
    /// backups reads as it is):
    /// - `style` or `provider` (`azure`, `azure-v1`, `openai`, `anthropic`, `groq`, ...; default
    ///   `azure`), `endpoint` (may be left out for a style with a default base URL),
    ///   `apiKey`/`api_key` (read as a secret: access logs redact it), `deploymentName`/`deployment_name`,
    ///   `apiVersion`/`api_version`, `name`, `region` (Bedrock);
    /// - `backups`: a list of endpoint URLs, each inheriting the primary's style, deployment, key
    ///   and version (seed 004's list of backup objects is read by ``ConnectorConfiguration/init(json:)``);
    /// - `timeouts.connect`, `timeouts.attempt`, `timeouts.idle`, `timeouts.total`, `cooldown`,
    ///   `shutdownGracePeriod` (seconds), `retry.maxRetries`, `poolSize`, `maxResponseBytes`,
    ///   `allowInsecureHTTP`;
    /// - `httpVersion` (`automatic`, `http1`, `http2`), `http2.streamsPerConnection`,
    ///   `http2.pingInterval` (seconds; 0 sends no pings).
    ///
    /// - Parameter config: The reader, scoped as you like.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) naming the key that is missing, of
    ///   the wrong type or out of range.
    public init(config: ConfigReader) throws(LLMError) {
        let values = ConfigValues(config, scope: "")
        var seed: [String: JSONValue] = [:]
        let fields: [(key: String, seedKey: String, secret: Bool)] = [
            ("style", "style", false), ("provider", "provider", false), ("endpoint", "endpoint", false),
            ("apiKey", "api_key", true), ("deploymentName", "deployment_name", false),
            ("apiVersion", "api_version", false), ("name", "name", false), ("region", "region", false),
        ]
        for field in fields {
            if let value = values.string(field.key, field.seedKey, isSecret: field.secret) {
                seed[field.seedKey] = .string(value)
            }
        }
        if let backups = values.stringArray("backups") {
            seed["backups"] = .array(backups.map { .object(["endpoint": .string($0)]) })
        }
        try self.init(dictionary: seed)
        try apply(values)
        try validate()
    }

    /// The tunables beside the endpoints.
    private mutating func apply(_ values: ConfigValues) throws(LLMError) {
        if let value = try values.seconds("timeouts.connect") { timeouts.connect = value }
        if let value = try values.seconds("timeouts.attempt") { timeouts.attempt = value }
        if let value = try values.seconds("timeouts.idle") { timeouts.idle = value }
        if let value = try values.seconds("timeouts.total") { timeouts.total = value }
        if let value = try values.seconds("cooldown") { cooldown = value }
        if let value = try values.seconds("shutdownGracePeriod") { shutdownGracePeriod = value }
        if let value = try values.int("retry.maxRetries", in: 0...20) { retry.maxRetries = value }
        if let value = try values.int("poolSize", in: 1...4096) { poolSize = value }
        if let value = try values.int("maxResponseBytes", in: 1024...(1 << 40)) { maxResponseBytes = value }
        if let value = try values.bool("allowInsecureHTTP") { allowInsecureHTTP = value }
        if let value = try values.choice("httpVersion", HTTPVersionPreference.self) { httpVersion = value }
        if let value = try values.int("http2.streamsPerConnection", in: 1...10_000) {
            http2StreamsPerConnection = value
        }
        if let value = try values.seconds("http2.pingInterval") { http2PingInterval = value > .zero ? value : nil }
    }
}
