public import Connectors
public import Foundation

extension EndpointStyle {
    /// The styles the library knows, for configuration files and the command line.
    public static var known: [EndpointStyle] { KnownStyles.all.map(\.style) }

    /// The known style named `name` (`azure`, `azure-v1`, `openai`, ...), or nil.
    public static func named(_ name: String) -> EndpointStyle? {
        KnownStyles.all.first { $0.style.name == name.lowercased() }?.style
    }

    /// The base URL an endpoint of this style has when none is configured (OpenAI's public API),
    /// or nil when it must be given (Azure resources).
    public var defaultBaseURL: URL? {
        KnownStyles.all.first { $0.style == self }?.defaultBaseURL
    }
}

/// The styles of the built-in APIs, and their default base URLs. A new API adds one line here.
enum KnownStyles {
    static let all: [(style: EndpointStyle, defaultBaseURL: URL?)] = [
        (.azure, nil),
        (.azureV1, nil),
        (.openAI, URL(string: "https://api.openai.com/v1")),
        (.anthropic, URL(string: "https://api.anthropic.com")),
        (.gemini, URL(string: "https://generativelanguage.googleapis.com")),
        (.vertexAI, nil),
        (.bedrock, nil),
    ]
}
