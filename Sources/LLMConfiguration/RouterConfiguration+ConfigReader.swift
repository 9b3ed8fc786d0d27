public import Configuration
public import LLMCore
public import LLMRouting

@available(macOS 15, iOS 18, watchOS 11, tvOS 18, visionOS 2, *)
extension RouterConfiguration {
    /// A router's settings from a swift-configuration reader, over `deployments` made in code (each
    /// deployment's connector can come from ``Connectors/ConnectorConfiguration/init(config:)`` over
    /// a scope of its own, `config.scoped(to: "deployments.east")`); a router file with its list of
    /// deployments is read by `LLMRouter.fromJSON`.
    ///
    /// Keys: `strategy` (`ordered`, `weighted-random`, `lowest-latency`, ...), `fallbacks`, `contextWindowFallbacks`,
    /// `contentFilterFallbacks` (lists of group names), `allowedFails`, `cooldown`, `timeout`,
    /// `shutdownGracePeriod` (seconds), `probeEvery`, `maxDeployments`.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) naming the key that is wrong.
    public init(config: ConfigReader, deployments: [RouterDeployment]) throws(LLMError) {
        let values = ConfigValues(config, scope: "")
        self.init(deployments: deployments)
        if let value = try values.choice("strategy", RoutingStrategy.self) { strategy = value }
        if let value = values.stringArray("fallbacks") { fallbacks = value }
        if let value = values.stringArray("contextWindowFallbacks") { contextWindowFallbacks = value }
        if let value = values.stringArray("contentFilterFallbacks") { contentFilterFallbacks = value }
        if let value = try values.int("allowedFails", in: 1...1000) { allowedFails = value }
        if let value = try values.seconds("cooldown") { cooldown = value }
        if let value = try values.seconds("timeout", in: 0.001...86_400) { timeout = value }
        if let value = try values.seconds("shutdownGracePeriod") { shutdownGracePeriod = value }
        if let value = try values.int("probeEvery", in: 1...1_000_000) { probeEvery = value }
        if let value = try values.int("maxDeployments", in: 1...1000) { maxDeployments = value }
    }
}
