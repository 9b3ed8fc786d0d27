/// How an endpoint is spoken to: an ``EndpointAPI`` under its name. Providers define the styles
/// as static members (LLMProviders: `.azure`, `.azureV1`, `.openAI`, `.anthropic`), so a new API
/// is added without changing the connector.
public struct EndpointStyle: Sendable, Hashable, CustomStringConvertible {
    /// The API behind the style.
    public let api: any EndpointAPI

    /// Wraps an API.
    public init(_ api: any EndpointAPI) {
        self.api = api
    }

    /// The API's name (`azure`, `openai`, ...).
    public var name: String { api.name }

    /// The name.
    public var description: String { api.name }

    /// Styles are equal when their APIs have the same type and name.
    public static func == (lhs: EndpointStyle, rhs: EndpointStyle) -> Bool {
        lhs.name == rhs.name && type(of: lhs.api) == type(of: rhs.api)
    }

    /// Hashes the name.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
    }
}
