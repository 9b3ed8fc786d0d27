package import Connectors
package import Foundation
package import LLMCore

/// Everything the rest of the package needs to know about one provider, declared in the provider's
/// own folder: its endpoint styles and their default base URLs, its environment variables (and
/// which of them hold secrets), its catalog profiles, the model classes it builds, the model built
/// for an id no profile describes, its default model, and its name and help line on the command
/// line.
///
/// ``ProviderRegistry/all`` lists the descriptors; the factory, `fromEnvironment()`, configuration
/// files, the CLI and its redactor read them from there. Adding a provider is one folder and one
/// line in that list.
package struct ProviderDescriptor: Sendable {
    /// An endpoint style of the provider and the base URL it has when none is configured.
    package struct Style: Sendable {
        /// The style.
        package let style: EndpointStyle
        /// The base URL an endpoint of this style has by default, or nil when it must be given.
        package let defaultBaseURL: URL?

        /// Creates the entry.
        package init(_ style: EndpointStyle, defaultBaseURL: String? = nil) {
            self.style = style
            self.defaultBaseURL = defaultBaseURL.flatMap(URL.init(string:))
        }
    }

    /// Reads what a style needs beyond seed 004's fields from one endpoint object of a
    /// configuration file (Bedrock's `region`): the style as configured, or `style` unchanged.
    typealias StyleFields =
        @Sendable (_ style: EndpointStyle, _ object: [String: JSONValue], _ prefix: String) throws(LLMError) ->
        EndpointStyle

    /// The provider's name on the command line and in `llm models` (`anthropic`, `groq`).
    package let name: String
    /// The models' provider.
    package let provider: LLMProvider
    /// One line for `llm --help` and `llm models`: what it is and where its key comes from.
    package let summary: String
    /// The endpoint styles, the default first.
    package let styles: [Style]
    /// The environment's configurations of its endpoints, in the order they are tried.
    let environment: [EnvironmentSource]
    /// The environment variables that hold its secrets (keys, tokens), masked in everything the
    /// CLI prints.
    package let secretVariables: [String]
    /// Its catalog profiles (chat, media and embedding models), looked up by id.
    package let profiles: [ModelMetadata]
    /// The model the CLI uses when none is given; nil when the server decides which models exist.
    package let defaultModel: String?
    /// The model classes it builds, by family.
    let builders: [String: LLMFactory.APIBuilder]
    /// The families whose builders speak the Responses API too.
    let responsesFamilies: Set<String>
    /// The embedding model classes it builds, by family.
    let embeddingBuilders: [String: LLMFactory.EmbeddingBuilder]
    /// The metadata of a model id no profile describes: the API's defaults, no limits the client
    /// cannot know, no prices.
    let general: @Sendable (String) -> ModelMetadata
    /// The metadata of an embedding model id no profile describes, where the provider embeds.
    let generalEmbedding: (@Sendable (String) -> ModelMetadata)?
    /// The style's extra fields from a configuration file's endpoint object.
    let styleFields: StyleFields

    init(
        name: String, provider: LLMProvider, summary: String, styles: [Style], environment: [EnvironmentSource],
        secretVariables: [String], profiles: [ModelMetadata] = [], defaultModel: String?,
        builders: [String: LLMFactory.APIBuilder], responsesFamilies: Set<String> = [],
        embeddingBuilders: [String: LLMFactory.EmbeddingBuilder] = [:],
        general: @escaping @Sendable (String) -> ModelMetadata,
        generalEmbedding: (@Sendable (String) -> ModelMetadata)? = nil,
        styleFields: @escaping StyleFields = { style, _, _ throws(LLMError) in style }
    ) {
        self.name = name
        self.provider = provider
        self.summary = summary
        self.styles = styles
        self.environment = environment
        self.secretVariables = secretVariables
        self.profiles = profiles
        self.defaultModel = defaultModel
        self.builders = builders
        self.responsesFamilies = responsesFamilies
        self.embeddingBuilders = embeddingBuilders
        self.general = general
        self.generalEmbedding = generalEmbedding
        self.styleFields = styleFields
    }

    /// Whether one of its styles is `style`.
    package func has(_ style: EndpointStyle) -> Bool {
        styles.contains { $0.style == style }
    }
}
