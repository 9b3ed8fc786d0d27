import Connectors
import Foundation
import LLMCore

/// An OpenAI-compatible service at `{baseURL}/{path}` (the base includes its `/v1` or other prefix)
/// with `Authorization: Bearer`, under its own style name (`groq`, `ollama`, ...) so that
/// configuration files, the CLI and errors name it, and with its differences from OpenAI on the
/// wire as data (``ChatDialect``). Hosted services require a key before anything is sent; local
/// servers take one when given.
struct OpenAICompatibleAPI: OpenAIFamilyAPI {
    /// The style's name.
    let name: String
    /// How its chat-completions body differs from OpenAI's.
    let dialect: ChatDialect
    /// The environment variable its key comes from, for the error when it is missing; nil for a
    /// local server that needs no key.
    let requiredKey: String?
    /// OpenTelemetry's `gen_ai.provider.name` for the service (`mistral_ai`), else its name.
    let telemetryName: String

    init(
        _ name: String, dialect: ChatDialect = ChatDialect(), requiredKey: String? = nil, telemetryName: String? = nil
    ) {
        self.name = name
        self.dialect = dialect
        self.requiredKey = requiredKey
        self.telemetryName = telemetryName ?? name
    }

    /// A hosted service needs a key or a token provider.
    func validate(_ endpoint: Endpoint, label: String, configuration: ConnectorConfiguration) throws(LLMError) {
        guard let requiredKey, endpoint.apiKey?.isEmpty ?? true, configuration.tokenProvider == nil else { return }
        throw ConnectorConfiguration.invalid(
            label, "\(label) is a \(name) endpoint without an api key; set \(requiredKey) or pass --api-key")
    }

    /// `{baseURL}/`.
    func urlParts(for endpoint: Endpoint) -> EndpointURLParts {
        EndpointURLParts(prefix: EndpointURLParts.base(endpoint.baseURL))
    }

    /// Keys go in `Authorization: Bearer`.
    var keyHeader: String? { nil }
}

/// Where a service's chat-completions body differs from OpenAI's, applied to the body each of its
/// endpoints is sent: the name it takes for the output limit, whether it takes `stream_options`,
/// parameters it names differently, and parameters it rejects (removed; a debug log would not
/// reach the service either way, and sending them fails the request).
struct ChatDialect: Sendable, Hashable {
    /// The name of the output limit (`max_tokens` for services that reject
    /// `max_completion_tokens`); nil keeps what the model class sends.
    var maxTokensField: String?
    /// Whether it takes `stream_options` (`include_usage`).
    var streamOptions = true
    /// Parameters it takes under another name (Mistral's `random_seed` for `seed`).
    var renamed: [String: String] = [:]
    /// Parameters it rejects.
    var unsupported: [String] = []
    /// Whether it takes a named function as `tool_choice` (an object); llama.cpp takes only
    /// `auto`, `none` and `required`, so a named function is sent as `required` with only that tool.
    var namedToolChoice = true

    /// Changes `body` to what the service takes.
    func apply(to body: inout ChatBody) {
        if !namedToolChoice, case .string(let name)? = body["tool_choice"]?["function"]?["name"] {
            body["tool_choice"] = "required"
            if case .array(let tools)? = body["tools"] {
                body["tools"] = .array(tools.filter { $0["function"]?["name"] == .string(name) })
            }
        }
        if let maxTokensField {
            for other in ["max_tokens", "max_completion_tokens"] where other != maxTokensField {
                body.rename(other, to: maxTokensField)
            }
        }
        if !streamOptions { body.remove("stream_options") }
        for (from, to) in renamed { body.rename(from, to: to) }
        if !unsupported.isEmpty { body.removeAll(unsupported) }
    }
}

extension ProviderDescriptor {
    /// An OpenAI-compatible service: its style, environment variables (`KEY` for the key, `BASE`
    /// for the base URL, either selecting it from the environment), the chat model of any id
    /// (``OpenAILLM``, ``OpenAIReasoningLLM`` for ids that name an OpenAI reasoning model) and
    /// embedding models.
    static func openAICompatible(
        style: EndpointStyle, provider: LLMProvider, summary: String, baseURL: String, keyVariable: String,
        baseURLVariable: String, defaultModel: String?
    ) -> ProviderDescriptor {
        ProviderDescriptor(
            name: style.name, provider: provider, summary: summary,
            styles: [.init(style, defaultBaseURL: baseURL)],
            environment: [
                EnvironmentSource(
                    providers: [provider], styles: [style],
                    variables: "\(keyVariable) (and \(baseURLVariable))",
                    isSet: { $0[keyVariable] != nil || $0[baseURLVariable] != nil },
                    configuration: { variables, deployment, base throws(LLMError) in
                        ConnectorConfiguration(
                            primary: Endpoint(
                                baseURL: try variables.base(base, baseURLVariable, else: baseURL), style: style,
                                deployment: deployment, apiKey: variables[keyVariable].map { APIKey($0) }))
                    })
            ],
            secretVariables: [keyVariable], defaultModel: defaultModel, builders: [:],
            embeddingBuilders: [:], general: { OpenAIProfiles.general($0, provider: provider) })
    }
}
