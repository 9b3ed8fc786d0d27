import Connectors
import Foundation
import LLMCore
import TestSupport
import Testing

@testable import LLMProviders

/// SigV4 against AWS's published test suite and against botocore's `SigV4Auth` for the same
/// requests, credentials and time; the shared credentials and config files.
@Suite struct AWSSigV4Tests {
    /// The credentials of AWS's published SigV4 test suite (documentation values, valid nowhere).
    static let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: APIKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))
    /// A made-up secret for the other tests.
    static let testSecret = "test-only-secret-not-a-real-key"
    /// 2015-08-30T12:36:00Z, the time of AWS's test suite.
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)

    static func suite(_ method: String, _ url: String, body: String = "", headers: [(String, String)] = [])
        -> AWSSigV4.Signature
    {
        AWSSigV4(region: "us-east-1", service: "service").sign(
            method: method, url: URL(string: url)!, headers: headers, body: Data(body.utf8),
            credentials: credentials, date: suiteDate, signsPayloadHash: false)
    }

    @Test func getVanillaMatchesTheTestSuite() {
        let signature = Self.suite("GET", "https://example.amazonaws.com/")
        #expect(signature.amzDate == "20150830T123600Z")
        #expect(
            signature.authorization
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        )
        #expect(
            signature.canonicalRequest
                == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        )
        #expect(!signature.headers.contains { $0.0 == "x-amz-content-sha256" })
    }

    @Test func queryOrderKeyCaseMatchesTheTestSuite() {
        let signature = Self.suite("GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1")
        #expect(signature.authorization.hasSuffix("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"))
        #expect(signature.canonicalRequest.split(separator: "\n")[2] == "Param1=value1&Param2=value2")
    }

    /// A model id that is an ARN (`:` and `/`) is one path segment, sent percent-encoded and
    /// encoded again in the canonical URI.
    @Test func anARNModelIdIsEncodedTwiceInTheCanonicalURI() {
        let segment = BedrockPath.segment("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.x")
        #expect(segment == "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.x")
        let url = URL(string: "https://bedrock-runtime.us-east-1.amazonaws.com/model/\(segment)/converse")!
        #expect(
            AWSSigV4.canonicalPath(url)
                == "/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A123456789012%253Ainference-profile%252Fus.anthropic.x/converse"
        )
    }

    @Test func theSecretNeverReachesADescription() {
        let credentials = AWSCredentials(
            accessKeyId: "AKIDTESTONLY", secretAccessKey: APIKey(Self.testSecret),
            sessionToken: APIKey("session-token-secret"))
        for text in ["\(credentials)", String(describing: credentials), String(reflecting: credentials)] {
            #expect(!text.contains(Self.testSecret) && !text.contains("session-token-secret"), "\(text)")
        }
    }

    /// botocore signs what it is given, so it gets exactly the headers the library signs.
    @Test(
        arguments: [
            (
                "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-haiku-4-5-20251001-v1%3A0/converse",
                nil
            ),
            (
                "https://bedrock-runtime.eu-west-1.amazonaws.com/model/us.amazon.nova-pro-v1%3A0/converse-stream",
                "tok/en+=="
            ),
            ("http://127.0.0.1:8123/model/meta.llama3-3-70b-instruct-v1%3A0/converse?x=a%20b&a=1", nil),
        ] as [(String, String?)])
    func matchesBotocore(url: String, token: String?) async throws {
        let region = url.contains("eu-west-1") ? "eu-west-1" : "us-east-1"
        let credentials = AWSCredentials(
            accessKeyId: "AKIDTESTONLY", secretAccessKey: APIKey(Self.testSecret),
            sessionToken: token.map { APIKey($0) })
        let body = Data(#"{"messages":[{"role":"user","content":[{"text":"Héllo"}]}]}"#.utf8)
        let date = Date(timeIntervalSince1970: 1_764_600_000)
        let signature = AWSSigV4(region: region, service: "bedrock").sign(
            method: "POST", url: URL(string: url)!, headers: [("content-type", "application/json")], body: body,
            credentials: credentials, date: date)
        var headers: [String: String] = [
            "content-type": "application/json", "host": AWSSigV4.host(of: URL(string: url)!),
        ]
        headers["x-amz-content-sha256"] = signature.payloadHash
        let spec: [String: Any?] = [
            "method": "POST", "url": url, "headers": headers, "body": body.base64EncodedString(),
            "access_key": credentials.accessKeyId, "secret": Self.testSecret, "token": token,
            "region": region, "service": "bedrock", "amz_date": signature.amzDate,
        ]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sigv4-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: spec.compactMapValues { $0 }).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await Subprocess.run(
            program: "python3",
            [RequestValidator.fixtures.appendingPathComponent("botocore_oracle.py").path, "sign", file.path])
        let output = String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(result.status == 0, "\(String(decoding: result.stderr, as: UTF8.self))")
        #expect(output == signature.authorization)
    }

    @Test func credentialsAndRegionComeFromTheSharedFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
        # a comment
        [default]
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = default-secret

        [work]
        aws_access_key_id=AKIAWORK
        aws_secret_access_key=work-secret
        aws_session_token = work-token
        [broken]
        aws_access_key_id = AKIAONLY
        """.write(to: directory.appendingPathComponent("credentials"), atomically: true, encoding: .utf8)
        try "[default]\nregion = us-west-2\n[profile work]\nregion = eu-central-1\n".write(
            to: directory.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        let environment = ["HOME": directory.path.replacingOccurrences(of: "/.aws", with: "")]
            .merging([
                "AWS_SHARED_CREDENTIALS_FILE": directory.appendingPathComponent("credentials").path,
                "AWS_CONFIG_FILE": directory.appendingPathComponent("config").path,
            ]) { $1 }
        let standard = try AWSCredentials.fromSharedFile(environment: environment)
        #expect(standard?.accessKeyId == "AKIADEFAULT" && standard?.sessionToken == nil)
        var work = environment
        work["AWS_PROFILE"] = "work"
        let profile = try AWSCredentials.fromSharedFile(environment: work)
        #expect(profile?.accessKeyId == "AKIAWORK" && profile?.sessionToken?.reveal() == "work-token")
        #expect(AWSCredentials.region(environment: environment) == "us-west-2")
        #expect(AWSCredentials.region(environment: work) == "eu-central-1")
        #expect(AWSCredentials.region(environment: work.merging(["AWS_REGION": "ap-south-1"]) { $1 }) == "ap-south-1")
        #expect(try AWSCredentials.fromSharedFile(profile: "absent", environment: environment) == nil)
        #expect(throws: LLMError.self) {
            try AWSCredentials.fromSharedFile(profile: "broken", environment: environment)
        }
        do {
            _ = try AWSCredentials.fromSharedFile(profile: "broken", environment: environment)
        } catch {
            #expect(!error.message.contains("AKIAONLY"))
        }
        let fromEnvironment = AWSCredentials.fromEnvironment([
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret\n", "AWS_SESSION_TOKEN": "",
        ])
        #expect(fromEnvironment?.secretAccessKey.reveal() == "env-secret" && fromEnvironment?.sessionToken == nil)
        #expect(AWSCredentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "AKIAENV"]) == nil)
    }
}
