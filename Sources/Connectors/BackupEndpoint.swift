public import Foundation

/// A backup endpoint as configured: whatever it leaves nil it inherits from the primary
/// (deployment, key, API version, style), as in seed 004's `backups` list.
public struct BackupEndpoint: Sendable, Hashable {
    /// The backup's resource or base URL.
    public var baseURL: URL
    /// Its deployment, if different from the primary's.
    public var deployment: String?
    /// Its key, if different from the primary's.
    public var apiKey: APIKey?
    /// Its API version, if different from the primary's.
    public var apiVersion: String?
    /// Its style, if different from the primary's.
    public var style: EndpointStyle?
    /// A short name for logs; defaults to the host.
    public var name: String?
    /// Its quota, if different from the primary's.
    public var rateLimits: RateLimits?

    /// Creates a backup; nil fields are inherited from the primary.
    public init(
        baseURL: URL, deployment: String? = nil, apiKey: APIKey? = nil, apiVersion: String? = nil,
        style: EndpointStyle? = nil, name: String? = nil, rateLimits: RateLimits? = nil
    ) {
        self.baseURL = baseURL
        self.deployment = deployment
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.style = style
        self.name = name
        self.rateLimits = rateLimits
    }

    /// The endpoint this backup becomes when it inherits from `primary`.
    public func resolved(inheriting primary: Endpoint) -> Endpoint {
        Endpoint(
            baseURL: baseURL, style: style ?? primary.style, deployment: deployment ?? primary.deployment,
            apiKey: apiKey ?? primary.apiKey, apiVersion: apiVersion ?? primary.apiVersion, name: name,
            rateLimits: rateLimits ?? primary.rateLimits)
    }
}
