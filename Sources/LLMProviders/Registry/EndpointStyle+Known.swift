public import Connectors
public import Foundation

extension EndpointStyle {
    /// The styles the library knows (every registered provider's), for configuration files and
    /// the command line.
    public static var known: [EndpointStyle] { ProviderRegistry.styles.map(\.style) }

    /// The known style named `name` (`azure`, `azure-v1`, `openai`, `groq`, ...), or nil.
    public static func named(_ name: String) -> EndpointStyle? {
        let name = name.lowercased()
        return ProviderRegistry.styles.first { $0.style.name == name }?.style
    }

    /// The base URL an endpoint of this style has when none is configured (OpenAI's public API,
    /// Groq's, a local server's default port), or nil when it must be given (Azure resources).
    public var defaultBaseURL: URL? {
        ProviderRegistry.styles.first { $0.style == self }?.defaultBaseURL
    }
}
