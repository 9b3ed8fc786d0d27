import Connectors
import Foundation
import LLMCore
import LLMProviders
import Testing

/// The seam between the connector and the APIs: a style the connector has never heard of plugs
/// in, a model refuses endpoints of another API, and what the connector checks itself holds for
/// every style.
@Suite struct EndpointStyleTests {
    /// An API defined outside the library: its own URL shape, auth header and failure mapping.
    struct CustomAPI: EndpointAPI {
        var name: String { "custom" }

        func validate(_ endpoint: Endpoint, label: String, configuration: ConnectorConfiguration) throws(LLMError) {
            if endpoint.apiKey == nil { throw ConnectorConfiguration.invalid(label, "\(label) needs a key") }
        }

        func urlParts(for endpoint: Endpoint) -> EndpointURLParts {
            EndpointURLParts(prefix: EndpointURLParts.base(endpoint.baseURL, then: "/api"), query: "?v=1")
        }

        func authorize(_ request: inout OutgoingRequest, endpoint: Endpoint, credential: Credential)
            async throws(LLMError)
        {
            if case .apiKey(let key) = credential { try request.setHeader("x-custom-key", key.reveal()) }
        }

        var responseHeaders: ResponseHeaderNames { ResponseHeaderNames(requestId: ["x-trace"]) }

        func failure(_ response: FailedResponse) -> LLMError {
            response.error(code: response.status == 418 ? .serviceUnavailable : nil, providerMessage: "custom")
        }
    }

    static let custom = EndpointStyle(CustomAPI())

    @Test func aNewStyleFormsItsOwnURLsAndValidatesItsOwnEndpoints() throws {
        let endpoint = Endpoint(baseURL: URL(string: "https://api.example.com/")!, style: Self.custom, apiKey: "k")
        #expect(endpoint.url(for: "things") == "https://api.example.com/api/things?v=1")
        #expect(endpoint.redactedURL(for: "things") == "https://api.example.com/api/things")
        let keyless = ConnectorConfiguration(
            primary: Endpoint(baseURL: URL(string: "https://api.example.com")!, style: Self.custom))
        #expect(capture { try keyless.validate() }?.message == "endpoint needs a key")
        #expect(Self.custom == EndpointStyle(CustomAPI()) && Self.custom != .openAI)
        #expect(Self.custom.name == "custom")
    }

    @Test func aNewStyleClassifiesItsOwnFailures() {
        let failure = CustomAPI().failure(FailedResponse(status: 418, body: Data(), endpoint: "https://x"))
        #expect(failure.code == .serviceUnavailable && failure.triggersFailover)
        #expect(failure.message == "HTTP 418: custom")
        let plain = CustomAPI().failure(FailedResponse(status: 401, body: Data("nope".utf8)))
        #expect(plain.code == .authentication && plain.body == "nope")
    }

    @Test func aModelRefusesEndpointsThatSpeakAnotherAPI() async throws {
        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(baseURL: URL(string: "https://api.example.com")!, style: Self.custom, apiKey: "k")))
        let error = capture {
            _ = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message == "gpt-4o (azure) is not spoken at endpoint 'api.example.com', a custom endpoint")
        #expect(error?.hint == "use an endpoint of style azure or azure-v1 or openai for this model")
        // Built directly, the model refuses each request before anything is sent.
        let model = OpenAILLM(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
        let refused = await captureAsync { _ = try await model.getAnswer("hi") }
        #expect(refused?.code == .invalidConfiguration)
        try await connector.shutdown()
    }

    @Test func loopbackIsDecidedByTheAddressNotItsSpelling() {
        for host in ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "127.255.255.255", "::1", "[::1]"] {
            #expect(Endpoint.isLoopbackHost(host), "\(host)")
        }
        for host in [
            "127.example.com", "127.0.0.1.evil.com", "127.0.0", "127.0.0.256", "127.0.0.1a", "0127.0.0.1",
            "128.0.0.1", "localhost.evil.com", "", "127..0.1",
        ] {
            #expect(!Endpoint.isLoopbackHost(host), "\(host)")
        }
        let bypass = ConnectorConfiguration(
            primary: Endpoint(baseURL: URL(string: "http://127.example.com:8080")!, deployment: "d", apiKey: "k"))
        #expect(capture { try bypass.validate() }?.message.contains("plain http://") == true)
    }

    @Test func aKeyWithAControlCharacterIsRefusedBeforeAnyRequestWithoutQuotingIt() {
        for key in ["sk-secret\r", "sk-secret\n", "sk-\u{0}secret", "sk-secret\u{7F}"] {
            let configuration = ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: URL(string: "https://a.openai.azure.com")!, deployment: "d", apiKey: APIKey(key)))
            let error = capture { try configuration.validate() }
            #expect(error?.code == .invalidConfiguration)
            #expect(error?.message.contains("control character") == true)
            #expect(error.map { "\($0)" }?.contains("sk-") == false)
        }
    }

    @Test func userInfoNeverAppearsInAnEndpointsDescription() {
        let endpoint = Endpoint(baseURL: URL(string: "https://user:pa55@proxy.example.com/v1")!, style: .openAI)
        #expect(endpoint.description == "proxy.example.com (https://proxy.example.com/v1)")
        #expect(Endpoint.withoutUserInfo("not a url://u:p@h/x") == "not a url://h/x")
        #expect(Endpoint.withoutUserInfo("https://host/p@th") == "https://host/p@th")
    }
}
