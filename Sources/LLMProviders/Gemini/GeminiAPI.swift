public import Connectors
import Foundation
public import LLMCore

/// The Gemini API (`https://generativelanguage.googleapis.com`): `{base}/{version}/{path}` with the
/// version `v1beta` unless the endpoint sets one, the key in `x-goog-api-key` (a bearer token from
/// a token provider in `Authorization`). Google sends no request-id or rate-limit headers; an
/// answer's `responseId` is its id.
public struct GeminiAPI: EndpointAPI {
    /// The API version sent when the endpoint sets none.
    public static let defaultVersion = "v1beta"

    /// Creates the API.
    public init() {}

    /// `gemini`
    public var name: String { "gemini" }

    /// OpenTelemetry's `gen_ai.provider.name` for this API.
    public var telemetryName: String { "gcp.gemini" }

    /// Needs a key or a token provider.
    public func validate(_ endpoint: Endpoint, label: String, configuration: ConnectorConfiguration)
        throws(LLMError)
    {
        if (endpoint.apiKey?.isEmpty ?? true) && configuration.tokenProvider == nil {
            throw ConnectorConfiguration.invalid(
                label, "\(label) is a Gemini endpoint without an api key (GEMINI_API_KEY) or token provider")
        }
    }

    /// `{base}/v1beta/`: paths are `models/{model}:{method}`.
    public func urlParts(for endpoint: Endpoint) -> EndpointURLParts {
        EndpointURLParts(
            prefix: EndpointURLParts.base(endpoint.baseURL, then: "/\(endpoint.apiVersion ?? Self.defaultVersion)"))
    }

    /// `x-goog-api-key` for a key, `Authorization: Bearer` for a token.
    public func authorize(_ request: inout OutgoingRequest, endpoint: Endpoint, credential: Credential)
        async throws(LLMError)
    {
        try GoogleAuth.authorize(&request, credential: credential)
    }

    /// Google sends no request-id or rate-limit headers.
    public var responseHeaders: ResponseHeaderNames { ResponseHeaderNames(requestId: []) }

    /// `google.rpc.Status` bodies (see ``GeminiErrorMapper``).
    public func failure(_ response: FailedResponse) -> LLMError {
        GeminiErrorMapper.error(response)
    }
}

/// Vertex AI's Gemini endpoints, the same wire format as ``GeminiAPI`` at
/// `https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:{method}`.
/// The endpoint's base URL is the location's resource URL up to the location
/// (``Endpoint/vertexAI(project:location:apiKey:deployment:)`` builds it); the credential is a
/// bearer token from the connector's token provider (an OAuth access token), or an API key
/// (Vertex AI express mode) in `x-goog-api-key`.
public struct VertexAIAPI: EndpointAPI {
    /// Creates the API.
    public init() {}

    /// `vertex-ai`
    public var name: String { "vertex-ai" }

    /// OpenTelemetry's `gen_ai.provider.name` for this API.
    public var telemetryName: String { "gcp.vertex_ai" }

    /// Needs a base URL naming the project and location, and a token provider or a key.
    public func validate(_ endpoint: Endpoint, label: String, configuration: ConnectorConfiguration)
        throws(LLMError)
    {
        let path = endpoint.baseURL.path
        guard path.contains("/projects/"), path.contains("/locations/") else {
            throw LLMError(
                code: .invalidConfiguration,
                message: "\(label) is a Vertex AI endpoint whose URL names no project and location",
                hint:
                    "use Endpoint.vertexAI(project:location:), or a URL such as https://us-central1-aiplatform.googleapis.com/v1/projects/PROJECT/locations/us-central1",
                parameter: label)
        }
        if (endpoint.apiKey?.isEmpty ?? true) && configuration.tokenProvider == nil {
            throw ConnectorConfiguration.invalid(
                label, "\(label) is a Vertex AI endpoint without a token provider (an OAuth access token) or api key")
        }
    }

    /// `{base}/publishers/google/`: paths are `models/{model}:{method}`.
    public func urlParts(for endpoint: Endpoint) -> EndpointURLParts {
        EndpointURLParts(prefix: EndpointURLParts.base(endpoint.baseURL, then: "/publishers/google"))
    }

    /// `Authorization: Bearer` for a token, `x-goog-api-key` for an express-mode key.
    public func authorize(_ request: inout OutgoingRequest, endpoint: Endpoint, credential: Credential)
        async throws(LLMError)
    {
        try GoogleAuth.authorize(&request, credential: credential)
    }

    /// Google sends no request-id or rate-limit headers.
    public var responseHeaders: ResponseHeaderNames { ResponseHeaderNames(requestId: []) }

    /// `google.rpc.Status` bodies (see ``GeminiErrorMapper``).
    public func failure(_ response: FailedResponse) -> LLMError {
        GeminiErrorMapper.error(response)
    }
}

/// How Google's APIs take credentials.
enum GoogleAuth {
    static func authorize(_ request: inout OutgoingRequest, credential: Credential) throws(LLMError) {
        switch credential {
        case .none: break
        case .apiKey(let key): try request.setHeader("x-goog-api-key", key.reveal())
        case .bearerToken(let token): try request.setHeader("authorization", "Bearer \(token.reveal())")
        }
    }
}

extension Endpoint {
    /// A Vertex AI endpoint for `project` in `location` (`us-central1`, `europe-west4`, or `global`):
    /// `https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/{location}`
    /// (`https://aiplatform.googleapis.com/...` for `global`). Give the connector a token provider
    /// for its OAuth access tokens, or `apiKey` for express mode.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) when the project or location cannot
    ///   be part of a URL.
    public static func vertexAI(
        project: String, location: String, apiKey: APIKey? = nil, deployment: String? = nil, name: String? = nil
    ) throws(LLMError) -> Endpoint {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_"))
        guard !project.isEmpty, !location.isEmpty,
            project.unicodeScalars.allSatisfy(allowed.contains), location.unicodeScalars.allSatisfy(allowed.contains)
        else {
            throw LLMError(
                code: .invalidConfiguration,
                message: "the Vertex AI project '\(project)' or location '\(location)' is not valid",
                hint: "use the project id (letters, digits, dashes) and a region such as us-central1",
                parameter: "project")
        }
        let host = location == "global" ? "aiplatform.googleapis.com" : "\(location)-aiplatform.googleapis.com"
        let url = URL(string: "https://\(host)/v1/projects/\(project)/locations/\(location)")!
        return Endpoint(baseURL: url, style: .vertexAI, deployment: deployment, apiKey: apiKey, name: name ?? host)
    }
}

extension EndpointStyle {
    /// The Gemini API (``GeminiAPI``).
    public static let gemini = EndpointStyle(GeminiAPI())
    /// Vertex AI's Gemini endpoints (``VertexAIAPI``).
    public static let vertexAI = EndpointStyle(VertexAIAPI())
}

extension LLMProvider {
    /// Google's Gemini models (through the Gemini API or Vertex AI).
    public static let gemini = LLMProvider(rawValue: "gemini")
}
