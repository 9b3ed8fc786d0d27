import Connectors
import Foundation
import LLMCore
import Testing

@testable import LLMProviders

/// Bedrock's transport without sockets: the region of each endpoint, SigV4 on every attempt (a
/// backup in another region signed for its own), Bedrock API keys as bearer tokens, missing
/// credentials, and the error types.
@Suite struct BedrockAPITests {
    static let credentials = AWSCredentials(
        accessKeyId: "AKIDTESTONLY", secretAccessKey: APIKey("test-only-secret-not-a-real-key"),
        sessionToken: APIKey("the-session-token"))

    static func signed(_ endpoint: Endpoint, credential: Credential = .none) async throws -> OutgoingRequest {
        var request = OutgoingRequest(
            method: "POST",
            url: endpoint.url(for: BedrockPath.converse("anthropic.claude-haiku-4-5-20251001-v1:0", stream: false)),
            body: Data(#"{"messages":[]}"#.utf8))
        try await endpoint.style.api.authorize(&request, endpoint: endpoint, credential: credential)
        return request
    }

    @Test func theRegionComesFromTheHostElseTheStyle() {
        let api = BedrockAPI(region: "ap-south-1")
        let east = Endpoint(baseURL: URL(string: "https://bedrock-runtime.us-east-1.amazonaws.com")!, style: .bedrock)
        let fips = Endpoint(
            baseURL: URL(string: "https://bedrock-runtime-fips.us-west-2.amazonaws.com")!, style: .bedrock)
        let local = Endpoint(baseURL: URL(string: "http://127.0.0.1:9000")!, style: .bedrock)
        #expect(api.region(of: east) == "us-east-1")
        #expect(api.region(of: fips) == "us-west-2")
        #expect(api.region(of: local) == "ap-south-1")
        var bare = BedrockAPI()
        bare.environment = { [:] }
        #expect(bare.region(of: local) == nil)
        #expect(throws: LLMError.self) {
            try bare.validate(local, label: "endpoint", configuration: ConnectorConfiguration(primary: local))
        }
        bare.environment = { ["AWS_REGION": "eu-north-1"] }
        #expect(bare.region(of: local) == "eu-north-1")
    }

    @Test func everyAttemptIsSignedForItsEndpointsRegion() async throws {
        let provider: AWSCredentials.Provider = { Self.credentials }
        let primary = Endpoint.bedrock(region: "us-east-1", credentials: provider)
        let backup = Endpoint.bedrock(
            region: "eu-west-1", baseURL: URL(string: "http://127.0.0.1:9000")!, credentials: provider)
        let first = try await Self.signed(primary)
        let second = try await Self.signed(backup)
        let east = try #require(first.header("authorization"))
        let west = try #require(second.header("authorization"))
        #expect(east.contains("/us-east-1/bedrock/aws4_request"))
        #expect(west.contains("/eu-west-1/bedrock/aws4_request"))
        #expect(east.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token"))
        #expect(first.header("x-amz-security-token") == "the-session-token")
        #expect(first.header("x-amz-content-sha256")?.count == 64)
        #expect(first.url.hasSuffix("/model/anthropic.claude-haiku-4-5-20251001-v1%3A0/converse"))
        // The signature is the pure signer's for the same time.
        let date = try #require(first.header("x-amz-date"))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let expected = AWSSigV4(region: "us-east-1", service: "bedrock").sign(
            method: "POST", url: URL(string: first.url)!, body: first.body!, credentials: Self.credentials,
            date: try #require(formatter.date(from: date)))
        #expect(expected.authorization == east)
    }

    @Test func aBedrockAPIKeyIsABearerToken() async throws {
        let endpoint = Endpoint.bedrock(region: "us-west-2", apiKey: APIKey("bedrock-api-key-123"))
        let request = try await Self.signed(endpoint, credential: .apiKey(APIKey("bedrock-api-key-123")))
        #expect(request.header("authorization") == "Bearer bedrock-api-key-123")
        #expect(request.header("x-amz-date") == nil)
    }

    @Test func missingCredentialsAreATypedErrorBeforeAnyRequest() async throws {
        var api = BedrockAPI(region: "us-east-1")
        api.environment = { ["HOME": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials"] }
        let endpoint = Endpoint(
            baseURL: URL(string: "https://bedrock-runtime.us-east-1.amazonaws.com")!, style: EndpointStyle(api))
        await #expect(throws: LLMError.self) { _ = try await Self.signed(endpoint) }
        let failing = Endpoint.bedrock(region: "us-east-1") {
            throw LLMError(code: .authentication, message: "role expired")
        }
        do {
            _ = try await Self.signed(failing)
            Issue.record("a failing provider signed")
        } catch let error as LLMError {
            #expect(error.code == .authentication && error.message.contains("role expired"))
        }
    }

    static func failure(_ status: Int, type: String?, message: String) -> LLMError {
        var headers: [(String, String)] = [("x-amzn-requestid", "req-1")]
        if let type {
            headers.append(("x-amzn-errortype", "\(type):http://internal.amazon.com/coral/com.amazon.bedrock/"))
        }
        return BedrockErrorMapper.error(
            FailedResponse(
                status: status, body: Data(#"{"message":"\#(message)"}"#.utf8), requestId: "req-1", headers: headers))
    }

    @Test(
        arguments: [
            (
                429, "ThrottlingException", "Too many requests, please wait before trying again.",
                LLMErrorCode.rateLimited
            ),
            (503, "ServiceUnavailableException", "Service unavailable", .serviceUnavailable),
            (429, "ModelNotReadyException", "Model is not ready", .serviceUnavailable),
            (500, "InternalServerException", "boom", .server),
            (408, "ModelTimeoutException", "slow", .timeout),
            (403, "AccessDeniedException", "You don't have access to the model", .permissionDenied),
            (403, "InvalidSignatureException", "The request signature we calculated does not match", .authentication),
            (404, "ResourceNotFoundException", "Model not found", .notFound),
            (400, "ValidationException", "Malformed input request", .invalidRequest),
            (400, "ValidationException", "Input is too long for requested model.", .contextLengthExceeded),
            (424, "ModelErrorException", "The model returned an error", .invalidRequest),
            (400, "ServiceQuotaExceededException", "quota", .quotaExceeded),
            (502, nil, "gateway", .serviceUnavailable),
        ] as [(Int, String?, String, LLMErrorCode)])
    func errorTypesMapToCodes(status: Int, type: String?, message: String, code: LLMErrorCode) {
        let error = Self.failure(status, type: type, message: message)
        #expect(error.code == code)
        #expect(error.providerMessage == message)
        #expect(error.providerCode == type)
        #expect(error.httpStatus == status)
    }

    @Test func theBodysTypeIsUsedWithoutTheHeaderAndAJSONStreamIsNotAChecksumFailure() {
        let error = BedrockErrorMapper.error(
            FailedResponse(
                status: 400, body: Data(#"{"__type":"com.amazon#ValidationException","Message":"bad"}"#.utf8)))
        #expect(
            error.code == .invalidRequest && error.providerCode == "ValidationException"
                && error.providerMessage == "bad")
        let json = BedrockErrorMapper.error(
            FailedResponse(
                status: 200, body: Data(#"{"output":{}}"#.utf8), headers: [("content-type", "application/json")]))
        #expect(json.code == .decoding && json.message.contains("application/json"))
        let exception = BedrockErrorMapper.error(exception: "throttlingException", payload: #"{"message":"slow down"}"#)
        #expect(exception.code == .rateLimited && exception.providerCode == "ThrottlingException")
        #expect(BedrockErrorMapper.error(exception: "modelStreamErrorException", payload: "{}").code == .invalidRequest)
    }

    @Test func theEnvironmentConfiguresBedrockAsAWSSDKsReadIt() async throws {
        let keyed = try ConnectorConfiguration.fromEnvironment(
            ["AWS_REGION": "eu-central-1", "AWS_BEARER_TOKEN_BEDROCK": "bedrock-key-for-tests"], provider: .bedrock)
        #expect(keyed.primary.baseURL.absoluteString == "https://bedrock-runtime.eu-central-1.amazonaws.com")
        #expect(keyed.primary.style == .bedrock)
        #expect(keyed.primary.apiKey?.reveal() == "bedrock-key-for-tests")
        // Signed with the given environment's credentials, for its region, at a custom endpoint.
        let environment = [
            "AWS_DEFAULT_REGION": "ap-northeast-1", "AWS_ACCESS_KEY_ID": "AKIDTESTONLY",
            "AWS_SECRET_ACCESS_KEY": "test-only-secret-not-a-real-key",
            "AWS_ENDPOINT_URL_BEDROCK_RUNTIME": "http://127.0.0.1:9",
        ]
        let signed = try ConnectorConfiguration.fromEnvironment(environment, style: .bedrock)
        #expect(signed.primary.baseURL.absoluteString == "http://127.0.0.1:9")
        #expect(signed.primary.apiKey == nil)
        let request = try await Self.signed(signed.primary)
        #expect(request.header("authorization")?.contains("AKIDTESTONLY/") == true)
        #expect(request.header("authorization")?.contains("/ap-northeast-1/bedrock/aws4_request") == true)
        // Without a region anywhere: a typed error naming AWS_REGION.
        let error = capture {
            _ = try ConnectorConfiguration.fromEnvironment(
                ["AWS_ACCESS_KEY_ID": "AKIDTESTONLY", "HOME": "/nonexistent"], provider: .bedrock)
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.parameter == "AWS_REGION")
        // Picked last: another provider's variables win when both are set.
        let both = try ConnectorConfiguration.fromEnvironment(
            ["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIDTESTONLY", "ANTHROPIC_API_KEY": "k"])
        #expect(both.primary.style == .anthropic)
    }
}
