public import Connectors
public import Foundation
public import LLMCore

/// Amazon Bedrock Runtime (`https://bedrock-runtime.{region}.amazonaws.com`): every attempt,
/// retry and failover is signed afresh with AWS Signature Version 4 for the service `bedrock` in
/// the endpoint's region, at the current time — or carries a Bedrock API key
/// (`AWS_BEARER_TOKEN_BEDROCK`, the endpoint's key) or a token provider's token as
/// `Authorization: Bearer`. `x-amzn-requestid` is the request id; errors come from
/// `x-amzn-errortype` and the JSON body (see ``BedrockErrorMapper``).
///
/// The region is the one the endpoint's host names (`bedrock-runtime.eu-west-1.amazonaws.com`,
/// `bedrock-runtime-fips.us-east-1.amazonaws.com`), else ``region`` (for a proxy or a local
/// simulator), else the environment's (`AWS_REGION`). A backup endpoint in another region is therefore signed for its own region.
public struct BedrockAPI: EndpointAPI {
    /// The region signed for when the endpoint's host names none.
    public var region: String?
    /// Where signing credentials come from; nil: `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` /
    /// `AWS_SESSION_TOKEN`, else the shared credentials file's profile (`AWS_PROFILE`), read at
    /// each attempt.
    public var credentials: AWSCredentials.Provider?
    /// The environment the default credentials are read from.
    var environment: @Sendable () -> [String: String] = { ProcessInfo.processInfo.environment }

    /// Whether `text` can be an AWS region (lower-case letters, digits and dashes), as a
    /// configuration file or `--region` must give it before it becomes part of a host name.
    public static func isRegion(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.utf8.allSatisfy { $0 == 0x2D || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
    }

    /// Creates the API; see ``region`` and ``credentials``.
    public init(region: String? = nil, credentials: AWSCredentials.Provider? = nil) {
        self.region = region
        self.credentials = credentials
    }

    /// `bedrock`
    public var name: String { "bedrock" }

    /// OpenTelemetry's `gen_ai.provider.name` for this API.
    public var telemetryName: String { "aws.bedrock" }

    /// The service name SigV4 signs for (the signing name of `bedrock-runtime`).
    public static let signingName = "bedrock"

    /// The region of an endpoint: its host's, else ``region``, else `AWS_REGION` /
    /// `AWS_DEFAULT_REGION` / the shared config file's.
    public func region(of endpoint: Endpoint) -> String? {
        Self.region(fromHost: endpoint.baseURL.host ?? "") ?? region
            ?? AWSCredentials.region(environment: environment())
    }

    /// The region in a Bedrock Runtime host name, or nil.
    static func region(fromHost host: String) -> String? {
        let labels = host.lowercased().split(separator: ".")
        guard labels.count >= 4, labels[0] == "bedrock-runtime" || labels[0] == "bedrock-runtime-fips",
            labels[2] == "amazonaws"
        else { return nil }
        return String(labels[1])
    }

    /// Needs a region (from the host or ``region``).
    public func validate(_ endpoint: Endpoint, label: String, configuration: ConnectorConfiguration)
        throws(LLMError)
    {
        guard let region = region(of: endpoint), !region.isEmpty,
            region.utf8.allSatisfy({ $0 == 0x2D || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) })
        else {
            throw LLMError(
                code: .invalidConfiguration,
                message: "\(label) '\(endpoint.name)' is a Bedrock endpoint without a valid region",
                hint:
                    "use a https://bedrock-runtime.REGION.amazonaws.com URL, or EndpointStyle.bedrock(region:) (AWS_REGION) for another host",
                parameter: label)
        }
    }

    /// `{base}/`: paths are `model/{modelId}/converse`.
    public func urlParts(for endpoint: Endpoint) -> EndpointURLParts {
        EndpointURLParts(prefix: EndpointURLParts.base(endpoint.baseURL))
    }

    /// A Bedrock API key or token as `Authorization: Bearer`; otherwise a SigV4 signature with the
    /// current credentials and time.
    public func authorize(_ request: inout OutgoingRequest, endpoint: Endpoint, credential: Credential)
        async throws(LLMError)
    {
        switch credential {
        case .apiKey(let key), .bearerToken(let key):
            try request.setHeader("authorization", "Bearer \(key.reveal())")
        case .none:
            guard let url = URL(string: request.url), let region = region(of: endpoint) else {
                throw LLMError(
                    code: .invalidConfiguration, message: "the Bedrock request URL or region is not valid",
                    endpoint: endpoint.name)
            }
            let signature = AWSSigV4(region: region, service: Self.signingName).sign(
                method: request.method, url: url, body: request.body ?? Data(),
                credentials: try await signingCredentials(endpoint), date: Date())
            for (name, value) in signature.headers { try request.setHeader(name, value) }
        }
    }

    /// The credentials to sign with: the provider's, else the environment's, else the shared file's.
    func signingCredentials(_ endpoint: Endpoint) async throws(LLMError) -> AWSCredentials {
        if let credentials {
            do { return try await credentials() } catch {
                throw LLMError(
                    code: .authentication, message: "the AWS credentials provider failed: \(error)",
                    hint: "check the role or credentials the provider uses", endpoint: endpoint.name)
            }
        }
        let environment = environment()
        if let found = AWSCredentials.fromEnvironment(environment) { return found }
        if let found = try AWSCredentials.fromSharedFile(environment: environment) { return found }
        throw LLMError(
            code: .authentication, message: "no AWS credentials for the Bedrock endpoint '\(endpoint.name)'",
            hint:
                "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), a profile in ~/.aws/credentials (AWS_PROFILE), a Bedrock API key (AWS_BEARER_TOKEN_BEDROCK), or pass a credentials provider",
            endpoint: endpoint.name)
    }

    /// `x-amzn-requestid`; Bedrock sends no rate-limit headers.
    public var responseHeaders: ResponseHeaderNames { ResponseHeaderNames(requestId: ["x-amzn-requestid"]) }

    /// Bedrock's error types (see ``BedrockErrorMapper``).
    public func failure(_ response: FailedResponse) -> LLMError {
        BedrockErrorMapper.error(response)
    }
}

extension EndpointStyle {
    /// Amazon Bedrock Runtime with the default credentials (``BedrockAPI``).
    public static let bedrock = EndpointStyle(BedrockAPI())

    /// Amazon Bedrock Runtime signing for `region` when the host names none, with credentials from
    /// `credentials` (refreshing role credentials), else the default chain.
    public static func bedrock(region: String?, credentials: AWSCredentials.Provider? = nil) -> EndpointStyle {
        EndpointStyle(BedrockAPI(region: region, credentials: credentials))
    }
}

extension Endpoint {
    /// The Bedrock Runtime endpoint of `region` (`https://bedrock-runtime.{region}.amazonaws.com`),
    /// or `baseURL` (a VPC endpoint, a proxy, a simulator) signed for `region`. `apiKey` is a Bedrock
    /// API key sent as a bearer token; without one, requests are signed with `credentials` (else the
    /// default chain).
    public static func bedrock(
        region: String, baseURL: URL? = nil, apiKey: APIKey? = nil, credentials: AWSCredentials.Provider? = nil,
        deployment: String? = nil, name: String? = nil
    ) -> Endpoint {
        let url = baseURL ?? URL(string: "https://bedrock-runtime.\(region).amazonaws.com")!
        return Endpoint(
            baseURL: url, style: .bedrock(region: region, credentials: credentials), deployment: deployment,
            apiKey: apiKey, name: name ?? "bedrock-\(region)")
    }
}

extension LLMProvider {
    /// Models served through Amazon Bedrock (Claude, Llama, Mistral, Nova).
    public static let bedrock = LLMProvider(rawValue: "bedrock")
}
