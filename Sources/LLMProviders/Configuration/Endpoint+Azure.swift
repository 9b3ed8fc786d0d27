public import Connectors
public import Foundation

extension Endpoint {
    /// Creates an Azure OpenAI classic endpoint (``EndpointStyle/azure``), seed 004's default: a
    /// resource URL and a deployment.
    public init(
        baseURL: URL, deployment: String? = nil, apiKey: APIKey? = nil, apiVersion: String? = nil,
        name: String? = nil, rateLimits: RateLimits? = nil
    ) {
        self.init(
            baseURL: baseURL, style: .azure, deployment: deployment, apiKey: apiKey, apiVersion: apiVersion,
            name: name, rateLimits: rateLimits)
    }
}
