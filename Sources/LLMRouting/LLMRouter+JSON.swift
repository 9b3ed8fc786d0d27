public import Connectors
public import Foundation
public import LLMCore
public import LLMProviders

extension RouterDeployment {
    /// A deployment of the catalog model (or any model) `metadata` over `connector`, which the
    /// deployment owns from now on (``LLMRouter/shutdown()`` shuts it down); its headroom is what
    /// the connector's rate-limit headers and client-side limits report.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) when the connector's endpoints do not
    ///   speak the model's API.
    public init(
        name: String, group: String, metadata: ModelMetadata, connector: Connector,
        api: OpenAIWireAPI = .chatCompletions,
        weight: Double = 1, region: String? = nil, tags: Set<String> = []
    ) throws(LLMError) {
        let model = try LLMFactory.make(metadata: metadata, connector: connector, api: api)
        self.init(
            name: name, group: group, model: model, weight: weight, region: region, tags: tags,
            headroom: { await connector.rateLimitHeadroom() },
            shutdown: { try await connector.shutdown() })
    }
}

extension LLMRouter {
    /// Whether `json` is a router file (a JSON object with `deployments`) rather than seed 004's
    /// single-deployment shape.
    public static func isRouterFile(_ json: Data) -> Bool {
        (try? JSONValue(parsing: json))?["deployments"] != nil
    }

    /// The keys a router file takes at its top.
    static let fileKeys: Set<String> = [
        "deployments", "fallbacks", "context_window_fallbacks", "content_filter_fallbacks", "strategy",
        "allowed_fails", "cooldown", "timeout", "max_deployments", "seed",
    ]
    /// The keys a deployment takes.
    static let deploymentKeys: Set<String> = [
        "name", "group", "provider", "style", "endpoint", "deployment", "model", "api", "api_key", "api_key_env",
        "api_version", "backups", "timeout", "rpm", "tpm", "region", "tags", "weight",
    ]

    /// Builds a router from a router file:
    ///
    /// ```json
    /// {"deployments": [
    ///    {"name": "azure-east", "group": "chat", "provider": "azure", "endpoint": "https://…",
    ///     "deployment": "gpt-4.1-mini", "model": "gpt-4.1-mini", "api_key_env": "AZURE_EAST_KEY"},
    ///    {"name": "claude", "group": "backup-chat", "provider": "anthropic", "model": "claude-haiku-4-5",
    ///     "api_key": "…"}],
    ///  "fallbacks": ["chat", "backup-chat"], "strategy": "lowest-latency"}
    /// ```
    ///
    /// Each deployment: `name`, `group`, `model` (a catalog name, else an OpenAI-compatible model),
    /// `provider` (or `style`), `endpoint` (optional where the provider has a default),
    /// `deployment` (the provider's model or deployment id), `api_key` or `api_key_env` (the
    /// variable holding it), `api_version`, `api` (`chat` or `responses`), `backups` (as in the
    /// single-deployment file), `timeout` (seconds per attempt), `rpm` / `tpm` (client-side
    /// limits), `region` (a Bedrock endpoint's too), `tags`, `weight`. At the top: `fallbacks`,
    /// `context_window_fallbacks`, `content_filter_fallbacks` (group names), `strategy`
    /// (`ordered`, `weighted-random`, `lowest-latency`, `least-busy`, `most-headroom`),
    /// `allowed_fails`, `cooldown` and `timeout` (seconds), `max_deployments`, `seed`.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) naming the key that is wrong or
    ///   unknown; the connectors made before the error are shut down.
    /// - Parameter stateStore: where every deployment's connector keeps its rate limits, pauses
    ///   and endpoint cooldowns, and the router its deployment cooldowns (a shared SQL store makes
    ///   several processes one quota); nil keeps each connector's own in-memory store.
    public static func fromJSON(
        _ json: Data, environment: [String: String] = ProcessInfo.processInfo.environment,
        stateStore: (any RateLimitStore)? = nil
    ) async throws -> LLMRouter {
        let file = try object(try JSONValue(parsingConfiguration: json), "configuration")
        try checkKeys(file, allowed: fileKeys, prefix: "")
        guard case .array(let entries)? = file["deployments"], !entries.isEmpty else {
            throw invalid("deployments", "deployments must be a non-empty list of objects")
        }
        let strategyName = try string(file, "strategy", prefix: "") ?? RoutingStrategy.ordered.rawValue
        guard let strategy = RoutingStrategy(rawValue: strategyName) else {
            throw invalid(
                "strategy",
                "strategy '\(strategyName)' is unknown; use one of \(RoutingStrategy.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        var deployments: [RouterDeployment] = []
        do {
            for (index, entry) in entries.enumerated() {
                deployments.append(
                    try await deployment(entry, index: index, environment: environment, stateStore: stateStore))
            }
            var configuration = RouterConfiguration(
                deployments: deployments, fallbacks: try strings(file, "fallbacks"),
                contextWindowFallbacks: try strings(file, "context_window_fallbacks"),
                contentFilterFallbacks: try strings(file, "content_filter_fallbacks"), strategy: strategy,
                cooldownStore: stateStore)
            if let fails = try number(file, "allowed_fails", prefix: "") { configuration.allowedFails = Int(fails) }
            if let seconds = try number(file, "cooldown", prefix: "") { configuration.cooldown = .seconds(seconds) }
            if let seconds = try number(file, "timeout", prefix: "") { configuration.timeout = .seconds(seconds) }
            if let count = try number(file, "max_deployments", prefix: "") { configuration.maxDeployments = Int(count) }
            if let seed = try number(file, "seed", prefix: "") { configuration.seed = UInt64(seed) }
            return try LLMRouter(configuration: configuration)
        } catch {
            for deployment in deployments { try? await deployment.shutdown?() }
            throw error
        }
    }

    /// One deployment of the file, over a connector of its own.
    private static func deployment(
        _ entry: JSONValue, index: Int, environment: [String: String], stateStore: (any RateLimitStore)?
    ) async throws -> RouterDeployment {
        let prefix = "deployments[\(index)]."
        let object = try object(entry, "deployments[\(index)]")
        try checkKeys(object, allowed: deploymentKeys, prefix: prefix)
        guard let name = try string(object, "name", prefix: prefix),
            let model = try string(object, "model", prefix: prefix)
        else { throw invalid(prefix + "name", "\(prefix)name and \(prefix)model are required") }
        var single: [String: JSONValue] = [:]
        for (from, to) in [
            ("provider", "provider"), ("style", "style"), ("endpoint", "endpoint"), ("deployment", "deployment_name"),
            ("api_key", "api_key"), ("api_version", "api_version"), ("backups", "backups"), ("region", "region"),
        ] {
            if let value = object[from] { single[to] = value }
        }
        single["name"] = .string(name)
        if let variable = try string(object, "api_key_env", prefix: prefix) {
            guard let key = environment[variable], !key.isEmpty else {
                throw invalid(prefix + "api_key_env", "\(prefix)api_key_env names \(variable), which is not set")
            }
            single["api_key"] = .string(key)
        }
        // A Bedrock deployment's (and each backup's) region is read with the configuration.
        var configuration = try ConnectorConfiguration(dictionary: single)
        let region = try string(object, "region", prefix: prefix)
        if let seconds = try number(object, "timeout", prefix: prefix) {
            configuration.timeouts.attempt = .seconds(seconds)
            configuration.timeouts.idle = .seconds(seconds)
        }
        let rpm = try number(object, "rpm", prefix: prefix).map { Int($0) }
        let tpm = try number(object, "tpm", prefix: prefix).map { Int($0) }
        if rpm != nil || tpm != nil {
            configuration.primary.rateLimits = RateLimits(requestsPerMinute: rpm, tokensPerMinute: tpm)
        }
        var metadata = ModelCatalog.metadata(for: model, style: configuration.primary.style)
        if let deployment = try string(object, "deployment", prefix: prefix) { metadata.deployment = deployment }
        let apiName = try string(object, "api", prefix: prefix) ?? "chat"
        guard let api = OpenAIWireAPI.named(apiName) else {
            throw invalid(prefix + "api", "\(prefix)api must be chat or responses, not '\(apiName)'")
        }
        if let stateStore { configuration.rateLimitStore = stateStore }
        let connector = try Connector(configuration: configuration)
        do {
            return try RouterDeployment(
                name: name, group: try string(object, "group", prefix: prefix) ?? "default", metadata: metadata,
                connector: connector, api: api, weight: try number(object, "weight", prefix: prefix) ?? 1,
                region: region, tags: Set(try strings(object, "tags", prefix: prefix)))
        } catch {
            try? await connector.shutdown()
            throw error
        }
    }

    private static func invalid(_ parameter: String, _ message: String) -> LLMError {
        LLMError(
            code: .invalidConfiguration, message: message, hint: "fix the router file (see LLMRouter.fromJSON)",
            parameter: parameter)
    }

    private static func object(_ value: JSONValue, _ name: String) throws(LLMError) -> [String: JSONValue] {
        guard let object = value.objectValue else { throw invalid(name, "\(name) must be a JSON object") }
        return object
    }

    private static func checkKeys(_ object: [String: JSONValue], allowed: Set<String>, prefix: String)
        throws(LLMError)
    {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw invalid(
                prefix + unknown,
                "\(prefix + unknown) is not a router setting; use \(allowed.sorted().joined(separator: ", "))")
        }
    }

    private static func string(_ object: [String: JSONValue], _ key: String, prefix: String) throws(LLMError)
        -> String?
    {
        guard let value = object[key], value != .null else { return nil }
        guard let text = value.stringValue else { throw invalid(prefix + key, "\(prefix + key) must be a string") }
        return text
    }

    /// A finite, non-negative number (at most a day's seconds or a billion).
    private static func number(_ object: [String: JSONValue], _ key: String, prefix: String) throws(LLMError)
        -> Double?
    {
        guard let value = object[key], value != .null else { return nil }
        let number: Double? =
            switch value {
            case .int(let int): Double(int)
            case .double(let double): double
            default: nil
            }
        guard let number, number.isFinite, number >= 0, number <= 1e9 else {
            throw invalid(prefix + key, "\(prefix + key) must be a number from 0 to 1e9")
        }
        return number
    }

    private static func strings(_ object: [String: JSONValue], _ key: String, prefix: String = "") throws(LLMError)
        -> [String]
    {
        guard let value = object[key], value != .null else { return [] }
        guard case .array(let items) = value, let texts = Optional(items.compactMap(\.stringValue)),
            texts.count == items.count
        else { throw invalid(prefix + key, "\(prefix + key) must be a list of strings") }
        return texts
    }
}

extension JSONValue {
    /// Parses a configuration file's bytes.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) when they are not JSON.
    init(parsingConfiguration data: Data) throws(LLMError) {
        do { self = try JSONValue(parsing: data) } catch {
            throw LLMError(
                code: .invalidConfiguration, message: "the configuration is not valid JSON",
                hint: "check the file's syntax (a missing comma or quote?)")
        }
    }
}
