import Foundation
import LLMSimulator
import SwiftLLM
import Testing

/// Corporate networks: a server whose certificate comes from a private CA, a gateway that requires
/// a client certificate (mTLS), and an HTTP CONNECT proxy with basic auth — over real sockets
/// (the simulator serving TLS, `Tests/Fixtures/connect_proxy.py` as the proxy).
@Suite(.serialized) struct EnterpriseNetworkTests {
    static let key = "sk-enterprise-0123456789"

    static func simulator(clientCA: Bool = false) async throws -> LLMSimulator {
        let certificates = try TestCertificates.shared()
        let simulator = LLMSimulator(
            configuration: SimulatorConfiguration(
                apiKey: key, name: "tls",
                tls: SimulatorTLS(
                    certificateChainPath: certificates.serverCertificatePath,
                    privateKeyPath: certificates.serverKeyPath,
                    clientCARootPath: clientCA ? certificates.caPath : nil)))
        try await simulator.start()
        return simulator
    }

    static func ask(_ simulator: LLMSimulator, tls: TLSSettings, proxy: ProxySettings? = nil) async throws
        -> LLMResponse
    {
        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: simulator.baseURL.appendingPathComponent("v1"), style: .openAI, deployment: "gpt-4o",
                    apiKey: APIKey(key)),
                retry: RetryPolicy(maxRetries: 0), proxy: proxy, tls: tls))
        let model = try LLMFactory.make(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
        do {
            // Generous: under ThreadSanitizer beside the other suites, a TLS connection whose
            // protocol AsyncHTTPClient learns by ALPN (HTTP/2 is offered by default) took over 10 s.
            let answer = try await model.getAnswer(
                [.user("through the network")], context: RequestContext(timeout: .seconds(30)))
            try await connector.shutdown()
            return answer
        } catch {
            try await connector.shutdown()
            throw error
        }
    }

    @Test func aPrivateCAIsTrustedWhenConfiguredAndOnlyThen() async throws {
        let certificates = try TestCertificates.shared()
        let simulator = try await Self.simulator()
        let untrusted = await captureError { _ = try await Self.ask(simulator, tls: TLSSettings()) }
        #expect(untrusted?.code == .tlsFailure, "\(untrusted.map { "\($0)" } ?? "")")
        #expect(untrusted?.hint?.contains("additionalTrustRoots") == true)
        let wrong = await captureError {
            _ = try await Self.ask(simulator, tls: TLSSettings(additionalTrustRoots: [certificates.otherCAPath]))
        }
        #expect(wrong?.code == .tlsFailure)
        let answer = try await Self.ask(simulator, tls: TLSSettings(additionalTrustRoots: [certificates.caPath]))
        #expect(answer.content == "tls says: through the network")
        // A directory of PEM files works too.
        let directory = try await Self.ask(
            simulator, tls: TLSSettings(additionalTrustRoots: [certificates.directory.path]))
        #expect(directory.content == "tls says: through the network")
        #expect(simulator.requests.count == 2)  // the refused handshakes never reached HTTP
        try await simulator.shutdown()
    }

    @Test func aGatewayThatRequiresAClientCertificateGetsOne() async throws {
        let certificates = try TestCertificates.shared()
        let simulator = try await Self.simulator(clientCA: true)
        let trusted = TLSSettings(additionalTrustRoots: [certificates.caPath])
        let refused = await captureError { _ = try await Self.ask(simulator, tls: trusted) }
        #expect(refused?.code == .tlsFailure || refused?.code == .connectionFailed, "\(refused.map { "\($0)" } ?? "")")
        var mutual = trusted
        mutual.clientCertificate = .init(
            certificateChainPath: certificates.clientCertificatePath, privateKeyPath: certificates.clientKeyPath)
        let answer = try await Self.ask(simulator, tls: mutual)
        #expect(answer.content == "tls says: through the network")
        try await simulator.shutdown()
    }

    @Test func unreadableCertificateFilesAreConfigurationErrorsBeforeAnyRequest() throws {
        let endpoint = Endpoint(baseURL: URL(string: "https://a.example/v1")!, style: .openAI)
        let missing = capture {
            _ = try Connector(
                configuration: ConnectorConfiguration(
                    primary: endpoint, tls: TLSSettings(additionalTrustRoots: ["/nonexistent/ca.pem"])))
        }
        #expect(missing?.code == .invalidConfiguration && missing?.parameter == "tls.additionalTrustRoots[0]")
        let notPEM = capture {
            _ = try Connector(
                configuration: ConnectorConfiguration(
                    primary: endpoint, tls: TLSSettings(additionalTrustRoots: ["/etc/hostname"])))
        }
        #expect(notPEM?.message.contains("not a readable PEM certificate") == true)
    }

    @Test func aConnectProxyWithBasicAuthCarriesTheTunnel() async throws {
        let certificates = try TestCertificates.shared()
        let simulator = try await Self.simulator()
        let proxy = try ConnectProxy(credentials: "proxy-user:proxy-pa55")
        let trusted = TLSSettings(additionalTrustRoots: [certificates.caPath])
        let url = URL(string: "http://proxy-user:proxy-pa55@127.0.0.1:\(proxy.port)")!
        let answer = try await Self.ask(simulator, tls: trusted, proxy: ProxySettings(url: url))
        #expect(answer.content == "tls says: through the network")

        let wrong = URL(string: "http://proxy-user:nope@127.0.0.1:\(proxy.port)")!
        let refused = await captureError {
            _ = try await Self.ask(simulator, tls: trusted, proxy: ProxySettings(url: wrong))
        }
        #expect(refused?.code == .invalidConfiguration, "\(refused.map { "\($0)" } ?? "")")
        #expect(refused.map { "\($0)" }?.contains("nope") == false)

        // NO_PROXY: the endpoint's host is reached directly.
        let direct = try await Self.ask(simulator, tls: trusted, proxy: ProxySettings(url: url, noProxy: ["127.0.0.1"]))
        #expect(direct.content == "tls says: through the network")
        proxy.stop()
        // One tunnel, one refusal (not retried), nothing for the direct request.
        let target = "CONNECT 127.0.0.1:\(simulator.port!)"
        #expect(proxy.log == ["\(target) auth=ok", "\(target) auth=wrong"], "\(proxy.log)")
        try await simulator.shutdown()
    }

    @Test func theToolHonoursHTTPSProxyAndCAFile() async throws {
        let certificates = try TestCertificates.shared()
        let simulator = try await Self.simulator()
        let proxy = try ConnectProxy(credentials: "cli:pa55word")
        let endpoint = simulator.baseURL.appendingPathComponent("v1").absoluteString
        let result = try await CLIRunner.run(
            [
                "chat", "via the proxy", "--provider", "openai", "--endpoint", endpoint, "--ca-file",
                certificates.caPath,
            ],
            environment: ["HTTPS_PROXY": "http://cli:pa55word@127.0.0.1:\(proxy.port)", "OPENAI_API_KEY": Self.key])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "tls says: via the proxy\n")
        // SSL_CERT_FILE works like --ca-file; a wrong proxy password is an error that never shows it.
        let refused = try await CLIRunner.run(
            ["chat", "x", "--provider", "openai", "--endpoint", endpoint],
            environment: [
                "https_proxy": "http://cli:wrong-pa55@127.0.0.1:\(proxy.port)", "SSL_CERT_FILE": certificates.caPath,
                "OPENAI_API_KEY": Self.key,
            ])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("error[invalidConfiguration]: the proxy refused"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("wrong-pa55"))
        proxy.stop()
        #expect(
            proxy.log.first?.hasPrefix("CONNECT 127.0.0.1:") == true && proxy.log.first?.hasSuffix("auth=ok") == true)
        #expect(proxy.log.dropFirst().allSatisfy { $0.hasSuffix("auth=wrong") } && proxy.log.count == 2, "\(proxy.log)")
        try await simulator.shutdown()
    }

    @Test func proxySettingsFromTheEnvironment() throws {
        #expect(try ProxySettings.fromEnvironment([:]) == nil)
        let settings = try #require(
            try ProxySettings.fromEnvironment([
                "http_proxy": "http://low:1", "HTTPS_PROXY": "proxy.corp:3128",
                "no_proxy": " .internal, 10.0.0.1:443 ,*.svc",
            ]))
        #expect(settings.url.absoluteString == "http://proxy.corp:3128")
        #expect(settings.noProxy == [".internal", "10.0.0.1:443", "*.svc"])
        #expect(!settings.applies(to: "api.internal") && !settings.applies(to: "internal"))
        #expect(!settings.applies(to: "10.0.0.1") && !settings.applies(to: "a.b.svc"))
        #expect(settings.applies(to: "api.openai.com") && settings.applies(to: "notinternal"))
        #expect(!ProxySettings(url: settings.url, noProxy: ["*"]).applies(to: "anything"))
        let bad = capture { _ = try ProxySettings.fromEnvironment(["HTTPS_PROXY": "socks5://user:secret@h:1"]) }
        #expect(bad?.code == .invalidConfiguration)
        #expect(bad?.message.contains("secret") == false)
        #expect(ProxySettings(url: URL(string: "http://u:p4ss@h:8080")!).description == "http://h:8080")
    }
}
