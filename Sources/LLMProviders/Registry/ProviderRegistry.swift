package import Connectors
package import LLMCore

/// The one list of providers. Everything that needs to know the providers — the factory,
/// `ConnectorConfiguration.fromEnvironment()`, configuration files, the catalog, the CLI's
/// `--provider` choice, its defaults, help and redactor — reads it from here.
package enum ProviderRegistry {
    /// The registered providers, in the order the environment is searched.
    package static let all: [ProviderDescriptor] = [
        .azure,
        .openAI,
        .anthropic,
        .gemini,
        .bedrock,
        .groq,
        .xAI,
        .deepSeek,
        .mistral,
        .openRouter,
        .together,
        .fireworks,
        .ollama,
        .vLLM,
        .llamaCpp,
        .lmStudio,
    ]

    /// Every known endpoint style with its default base URL.
    package static let styles: [ProviderDescriptor.Style] = all.flatMap(\.styles)

    /// The descriptor with this name, or one of whose styles has it (`vertex-ai` is Gemini's).
    package static func descriptor(named name: String) -> ProviderDescriptor? {
        let name = name.lowercased()
        return all.first { $0.name == name } ?? all.first { $0.styles.contains { $0.style.name == name } }
    }

    /// The descriptor one of whose styles is `style`.
    package static func descriptor(for style: EndpointStyle) -> ProviderDescriptor? {
        all.first { $0.has(style) } ?? all.first { $0.styles.contains { $0.style.name == style.name } }
    }

    /// The first descriptor of `provider`'s models.
    package static func descriptor(for provider: LLMProvider) -> ProviderDescriptor? {
        all.first { $0.provider == provider }
    }

    /// Every profile once, in the descriptors' order.
    static let profiles: [ModelMetadata] = {
        var seen = Set<String>()
        return all.flatMap(\.profiles).filter { seen.insert($0.name.lowercased()).inserted }
    }()

    /// The profiles by exact (lower-cased) name and by ``ModelID/key(_:)``, first entry winning.
    private static let index: (exact: [String: ModelMetadata], keyed: [String: ModelMetadata]) = {
        var exact: [String: ModelMetadata] = [:]
        var keyed: [String: ModelMetadata] = [:]
        for profile in profiles {
            exact[profile.name.lowercased()] = exact[profile.name.lowercased()] ?? profile
            keyed[ModelID.key(profile.name)] = keyed[ModelID.key(profile.name)] ?? profile
        }
        return (exact, keyed)
    }()

    /// The profile of model id `id` among `descriptor`'s profiles (all when nil): the entry of
    /// that name, else the entry of the same model under another spelling — a dated snapshot
    /// (`claude-haiku-4-5-20251001`), a version suffix (`-v1:0`), a Bedrock inference
    /// profile or ARN (the geographic prefix kept where the catalog prices it, dropped where it
    /// does not). A profile found by another spelling carries `id` as its name, so that is what is
    /// sent.
    package static func profile(for id: String, in descriptor: ProviderDescriptor? = nil) -> ModelMetadata? {
        let trimmed = id.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        let allowed = descriptor.map { Set($0.profiles.map(\.name)) }
        func admitted(_ profile: ModelMetadata?) -> ModelMetadata? {
            guard let profile, allowed?.contains(profile.name) ?? true else { return nil }
            return profile
        }
        if let exact = admitted(index.exact[trimmed.lowercased()]) { return exact }
        for key in ModelID.keys(trimmed) {
            if var found = admitted(index.keyed[key]) {
                found.name = trimmed
                return found
            }
        }
        return nil
    }

    /// The builder of `family`, and whether it speaks the Responses API.
    static func builder(family: String) -> (build: LLMFactory.APIBuilder, responses: Bool)? {
        for descriptor in all {
            if let builder = descriptor.builders[family] {
                return (builder, descriptor.responsesFamilies.contains(family))
            }
        }
        return nil
    }

    /// The embedding builder of `family`.
    static func embeddingBuilder(family: String) -> LLMFactory.EmbeddingBuilder? {
        all.lazy.compactMap { $0.embeddingBuilders[family] }.first
    }

    /// The style of the first provider whose environment variables are set, in the list's order.
    package static func configuredStyle(_ environment: [String: String]) -> EndpointStyle? {
        let variables = EnvironmentVariables(environment)
        return EnvironmentSource.all.first { $0.isSet(variables) }?.styles.first
    }

    /// The environment variables of every provider that hold secrets.
    package static var secretVariables: [String] {
        all.flatMap(\.secretVariables)
    }
}
