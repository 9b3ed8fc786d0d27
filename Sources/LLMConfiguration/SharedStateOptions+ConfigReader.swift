public import Configuration
public import LLMCore
public import LLMSharedState
public import Logging

@available(macOS 15, iOS 18, watchOS 11, tvOS 18, visionOS 2, *)
extension SharedStateOptions {
    /// A shared store's options (the PostgreSQL and SQLite rate-limit stores) from a
    /// swift-configuration reader. Keys: `failureMode` (`local`, `open`, `closed`: what requests do
    /// while the database does not answer), `timeout`, `retryInterval`, `cooldownRefresh` (seconds).
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) naming the key that is wrong.
    public init(config: ConfigReader, logger: Logger = Logger(label: "swift-llm.state")) throws(LLMError) {
        let values = ConfigValues(config, scope: "")
        self.init(logger: logger)
        if let value = try values.choice("failureMode", StoreFailureMode.self) { failureMode = value }
        if let value = try values.seconds("timeout", in: 0.001...600) { timeout = value }
        if let value = try values.seconds("retryInterval", in: 0.001...3600) { retryInterval = value }
        if let value = try values.seconds("cooldownRefresh", in: 0.001...3600) { cooldownRefresh = value }
    }
}
