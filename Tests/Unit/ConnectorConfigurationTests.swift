import Connectors
import Foundation
import LLMCore
import LLMProviders
import Testing

@Suite struct ConnectorConfigurationTests {
    @Test func seedShapeBackupsInheritDeploymentKeyAndVersion() throws {
        let json = """
            {"api_key": "k1", "endpoint": "https://eastus.openai.azure.com", "deployment_name": "gpt-4.1-mini",
             "api_version": "2025-01-01-preview",
             "backups": [{"endpoint": "https://westus.openai.azure.com"},
                         {"endpoint": "https://north.openai.azure.com", "api_key": "k2", "deployment_name": "other"}]}
            """
        let configuration = try ConnectorConfiguration(json: Data(json.utf8))
        let endpoints = configuration.endpoints
        #expect(endpoints.count == 3)
        #expect(endpoints[1].deployment == "gpt-4.1-mini")
        #expect(endpoints[1].apiKey?.reveal() == "k1")
        #expect(endpoints[1].apiVersion == "2025-01-01-preview")
        #expect(endpoints[2].apiKey?.reveal() == "k2")
        #expect(endpoints[2].deployment == "other")
        #expect(
            endpoints[1].url(for: "chat/completions")
                == "https://westus.openai.azure.com/openai/deployments/gpt-4.1-mini/chat/completions?api-version=2025-01-01-preview"
        )
        try configuration.validate()
    }

    @Test(arguments: [
        ("{", "the configuration is not valid JSON", "configuration"),
        ("[1]", "the configuration must be a JSON object", "configuration"),
        ("{\"api_key\": \"k\"}", "endpoint is missing", "endpoint"),
        (
            "{\"endpoint\": \"not a url\"}", "endpoint 'not a url' is not a URL such as https://NAME.openai.azure.com",
            "endpoint"
        ),
        ("{\"endpoint\": 5}", "endpoint must be a string", "endpoint"),
        (
            "{\"endpoint\": \"https://a.com\", \"backups\": {\"endpoint\": \"https://b.com\"}}",
            "backups must be a list of objects with an endpoint", "backups"
        ),
        (
            "{\"endpoint\": \"https://a.com\", \"backups\": [{}]}", "backups[0].endpoint is missing",
            "backups[0].endpoint"
        ),
        (
            "{\"endpoint\": \"https://a.com\", \"style\": \"gcp\"}",
            "style 'gcp' is unknown; use one of azure, azure-v1, openai, anthropic, gemini, vertex-ai, bedrock, groq, xai, deepseek, mistral, openrouter, together, fireworks, ollama, vllm, llamacpp, lmstudio",
            "style"
        ),
    ])
    func malformedConfigurationIsATypedError(json: String, message: String, parameter: String) {
        do {
            _ = try ConnectorConfiguration(json: Data(json.utf8))
            Issue.record("expected an error for \(json)")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message == message)
            if parameter != "configuration" { #expect(error.parameter == parameter) }
        }
    }

    @Test func validationRefusesPlainHTTPToRemoteHostsAndMissingPieces() {
        let remote = ConnectorConfiguration(
            primary: Endpoint(baseURL: URL(string: "http://example.com")!, deployment: "d", apiKey: "k"))
        #expect(capture { try remote.validate() }?.message.contains("plain http://") == true)
        var allowed = remote
        allowed.allowInsecureHTTP = true
        #expect(capture { try allowed.validate() } == nil)
        let loopback = ConnectorConfiguration(
            primary: Endpoint(baseURL: URL(string: "http://127.0.0.1:8080")!, deployment: "d", apiKey: "k"))
        #expect(capture { try loopback.validate() } == nil)
        let noDeployment = ConnectorConfiguration(
            primary: Endpoint(baseURL: URL(string: "https://a.com")!, apiKey: "k"))
        #expect(
            capture { try noDeployment.validate() }?.message
                == "endpoint is an Azure endpoint without a deployment name")
        let noKey = ConnectorConfiguration(primary: Endpoint(baseURL: URL(string: "https://a.com")!, deployment: "d"))
        #expect(
            capture { try noKey.validate() }?.message
                == "endpoint is an Azure endpoint without an api key or token provider")
        let openAINoKey = ConnectorConfiguration(
            primary: Endpoint(baseURL: URL(string: "http://localhost:11434/v1")!, style: .openAI))
        #expect(capture { try openAINoKey.validate() } == nil)
    }

    @Test func urlsPerStyle() {
        let base = URL(string: "https://r.openai.azure.com/")!
        #expect(
            Endpoint(baseURL: base, style: .azure, deployment: "my dep").url(for: "chat/completions")
                == "https://r.openai.azure.com/openai/deployments/my%20dep/chat/completions?api-version=2024-10-21")
        #expect(
            Endpoint(baseURL: base, style: .azureV1).url(for: "chat/completions")
                == "https://r.openai.azure.com/openai/v1/chat/completions")
        #expect(
            Endpoint(baseURL: URL(string: "https://api.openai.com/v1")!, style: .openAI).url(for: "chat/completions")
                == "https://api.openai.com/v1/chat/completions")
        #expect(
            Endpoint(baseURL: base, deployment: "d").redactedURL(for: "chat/completions")
                == "https://r.openai.azure.com/openai/deployments/d/chat/completions")
        // A path's own query is dropped too.
        #expect(
            Endpoint(baseURL: base, style: .azureV1).redactedURL(for: "video/jobs?limit=5")
                == "https://r.openai.azure.com/openai/v1/video/jobs")
    }

    @Test func apiKeyNeverPrints() {
        let key: APIKey = "sk-secret-123"
        let endpoint = Endpoint(baseURL: URL(string: "https://a.com")!, apiKey: key)
        var dumped = ""
        dump(endpoint, to: &dumped)
        for text in [key.description, key.debugDescription, "\(key)", String(reflecting: key), "\(endpoint)", dumped] {
            #expect(!text.contains("sk-secret-123"))
        }
        #expect(key.reveal() == "sk-secret-123")
    }

    @Test func backoffDoublesToItsCapWithJitterWithinHalfAndAll() {
        let policy = RetryPolicy(baseBackoff: .milliseconds(500), maxBackoff: .seconds(8), jitter: false)
        #expect(policy.backoff(forRetry: 0) == .milliseconds(500))
        #expect(policy.backoff(forRetry: 3) == .seconds(4))
        #expect(policy.backoff(forRetry: 10) == .seconds(8))
        let jittered = RetryPolicy()
        for retry in 0..<6 {
            let full = min(Duration.milliseconds(500) * (1 << retry), .seconds(8))
            let value = jittered.backoff(forRetry: retry)
            #expect(value >= full / 2 && value <= full)
        }
    }

    /// Keys that cannot be header values, limits that cannot hold anything and rate limits below
    /// one are configuration errors before any request, and none of them prints the key.
    @Test func unusableKeysAndLimitsAreRefusedWithoutPrintingTheKey() {
        let base = URL(string: "https://a.openai.azure.com")!
        for key in ["sk-secret-9\r", "sk-secret-9\nX-Injected: 1", "sk-\u{0}secret-9"] {
            let error = capture {
                try ConnectorConfiguration(primary: Endpoint(baseURL: base, deployment: "d", apiKey: APIKey(key)))
                    .validate()
            }
            #expect(error?.code == .invalidConfiguration)
            #expect(error?.message.contains("control character") == true)
            #expect(!"\(error.map { "\($0)" } ?? "")".contains("secret-9"))
        }
        let primary = Endpoint(baseURL: base, deployment: "d", apiKey: "k")
        for (configuration, parameter) in [
            (ConnectorConfiguration(primary: primary, maxStreamEventBytes: 0), "maxStreamEventBytes"),
            (ConnectorConfiguration(primary: primary, maxStreamBytes: -1), "maxStreamBytes"),
            (
                ConnectorConfiguration(
                    primary: Endpoint(
                        baseURL: base, style: .azure, deployment: "d", apiKey: "k",
                        rateLimits: RateLimits(requestsPerMinute: 0))),
                "rateLimits.requestsPerMinute"
            ),
        ] {
            #expect(capture { try configuration.validate() }?.parameter == parameter)
        }
    }

    /// A server that echoes a key back, in any spelling, cannot put it into an error.
    @Test func redactingRemovesEverySpellingOfTheKey() {
        let key = APIKey("sk-a/b+c\"d\r")
        let spellings = key.spellings
        #expect(spellings.contains("sk-a/b+c\"d") && spellings.contains(#"sk-a/b+c\"d\r"#))
        #expect(spellings.contains("sk%2Da%2Fb%2Bc%22d%0D"))
        let inner = LLMError(code: .authentication, message: "bad key sk-a/b+c\"d", body: #"{"key":"sk-a/b+c\"d\r"}"#)
        let outer = LLMError(
            code: .server, message: "all failed: sk%2Da%2Fb%2Bc%22d%0D", hint: "sk-a/b+c\"d", attemptErrors: [inner]
        ).redacting([key])
        let text = "\(outer) \(outer.hint ?? "") \(outer.attemptErrors.map { "\($0) \($0.body ?? "")" })"
        for spelling in spellings { #expect(!text.contains(spelling), "\(spelling)") }
        #expect(outer.attemptErrors.first?.body == #"{"key":"***"}"#)
    }
}
