public import Connectors
public import Foundation
public import LLMCore

extension ConnectorConfiguration {
    /// Reads seed 004's JSON shape: `api_key`, `endpoint`, `deployment_name`, `api_version`,
    /// optional `style` (a known style: `azure`, `azure-v1`, `openai`, `groq`, ...) or `provider` (a
    /// provider whose default style is meant, such as `openai`), any field the style needs
    /// (Bedrock's `region`), and `backups` (each with `endpoint` and any of the same keys to
    /// override, a Bedrock backup its own `region`). `endpoint` may be left out for a style with a
    /// default base URL (OpenAI's public API, Groq's, a local server's).
    /// - Throws: ``LLMError`` (`invalidConfiguration`) naming the bad field.
    public init(json: Data) throws(LLMError) {
        guard String(data: json, encoding: .utf8) != nil else {
            throw LLMError(
                code: .invalidConfiguration, message: "the configuration is not valid UTF-8",
                hint: "save the file as UTF-8")
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: json)
        } catch {
            throw LLMError(
                code: .invalidConfiguration, message: "the configuration is not valid JSON",
                hint: "check the file's syntax (a missing comma or quote?)")
        }
        guard let object = value.objectValue else {
            throw Self.invalid("configuration", "the configuration must be a JSON object")
        }
        try self.init(dictionary: object)
    }

    /// Reads seed 004's shape from a parsed JSON object; see ``init(json:)``.
    public init(dictionary: [String: JSONValue]) throws(LLMError) {
        var style = try Self.style(dictionary, "style")
        if style == nil { style = try Self.style(dictionary, "provider") }
        let primaryStyle = try Self.configured(style ?? .azure, dictionary, prefix: "")
        let configuredURL = try Self.url(dictionary, "endpoint", required: primaryStyle.defaultBaseURL == nil)
        guard let primaryURL = configuredURL ?? primaryStyle.defaultBaseURL else {
            throw Self.invalid("endpoint", "endpoint is missing")
        }
        let primary = Endpoint(
            baseURL: primaryURL, style: primaryStyle, deployment: try Self.string(dictionary, "deployment_name"),
            apiKey: try Self.string(dictionary, "api_key").map { APIKey($0) },
            apiVersion: try Self.string(dictionary, "api_version"), name: try Self.string(dictionary, "name"))
        var backups: [BackupEndpoint] = []
        if let list = dictionary["backups"] {
            guard case .array(let items) = list else {
                throw Self.invalid("backups", "backups must be a list of objects with an endpoint")
            }
            for (index, item) in items.enumerated() {
                guard let backup = item.objectValue else {
                    throw Self.invalid("backups[\(index)]", "backups[\(index)] must be an object with an endpoint")
                }
                let prefix = "backups[\(index)]."
                let backupStyle = try Self.style(backup, "style", prefix: prefix)
                backups.append(
                    BackupEndpoint(
                        baseURL: try Self.url(backup, "endpoint", required: true, prefix: prefix)!,
                        deployment: try Self.string(backup, "deployment_name", prefix: prefix),
                        apiKey: try Self.string(backup, "api_key", prefix: prefix).map { APIKey($0) },
                        apiVersion: try Self.string(backup, "api_version", prefix: prefix),
                        // Inherited unless the backup names a style or a field of its own (a region).
                        style: backupStyle == nil && backup.keys.allSatisfy(Self.seedKeys.contains)
                            ? nil : try Self.configured(backupStyle ?? primaryStyle, backup, prefix: prefix),
                        name: try Self.string(backup, "name", prefix: prefix)))
            }
        }
        self.init(primary: primary, backups: backups)
    }

    /// The fields of seed 004's endpoint shape.
    private static let seedKeys: Set<String> = [
        "endpoint", "deployment_name", "api_key", "api_version", "style", "name",
    ]

    /// `style` with the fields its provider reads from an endpoint object (Bedrock's `region`).
    private static func configured(_ style: EndpointStyle, _ object: [String: JSONValue], prefix: String)
        throws(LLMError) -> EndpointStyle
    {
        guard let descriptor = ProviderRegistry.descriptor(for: style) else { return style }
        return try descriptor.styleFields(style, object, prefix)
    }

    private static func string(_ object: [String: JSONValue], _ key: String, prefix: String = "") throws(LLMError)
        -> String?
    {
        guard let value = object[key], value != .null else { return nil }
        guard let string = value.stringValue else {
            throw invalid(prefix + key, "\(prefix + key) must be a string")
        }
        return string
    }

    private static func url(_ object: [String: JSONValue], _ key: String, required: Bool, prefix: String = "")
        throws(LLMError) -> URL?
    {
        guard let string = try string(object, key, prefix: prefix), !string.isEmpty else {
            if required { throw invalid(prefix + key, "\(prefix + key) is missing") }
            return nil
        }
        guard let url = URL(string: string), url.scheme != nil, url.host != nil else {
            throw invalid(
                prefix + key,
                "\(prefix + key) '\(Endpoint.withoutUserInfo(string))' is not a URL such as https://NAME.openai.azure.com"
            )
        }
        return url
    }

    private static func style(_ object: [String: JSONValue], _ key: String, prefix: String = "") throws(LLMError)
        -> EndpointStyle?
    {
        guard let raw = try string(object, key, prefix: prefix) else { return nil }
        guard let style = EndpointStyle.named(raw) else {
            throw invalid(
                prefix + key,
                "\(prefix + key) '\(raw)' is unknown; use one of \(EndpointStyle.known.map(\.name).joined(separator: ", "))"
            )
        }
        return style
    }
}
