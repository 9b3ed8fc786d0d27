public import Foundation

/// What the connector's TLS trusts and presents, besides the system's trust roots: private CAs
/// (the corporate TLS-inspection proxy's, say), and a client certificate for gateways that
/// require one (mTLS). Certificate verification is always full (chain and host name).
public struct TLSSettings: Sendable, Hashable {
    /// PEM files, or directories of them (`*.pem`, `*.crt`), whose certificates are trusted as
    /// well as the system's.
    public var additionalTrustRoots: [String]
    /// The certificate (chain) and key the client presents, as PEM files.
    public var clientCertificate: ClientCertificate?

    /// A client certificate for mutual TLS.
    public struct ClientCertificate: Sendable, Hashable {
        /// The PEM file of the certificate, then any intermediates.
        public var certificateChainPath: String
        /// The PEM file of the private key.
        public var privateKeyPath: String

        /// Creates a client certificate from its files.
        public init(certificateChainPath: String, privateKeyPath: String) {
            self.certificateChainPath = certificateChainPath
            self.privateKeyPath = privateKeyPath
        }
    }

    /// Creates TLS settings; by default only the system's roots, no client certificate.
    public init(additionalTrustRoots: [String] = [], clientCertificate: ClientCertificate? = nil) {
        self.additionalTrustRoots = additionalTrustRoots
        self.clientCertificate = clientCertificate
    }

    /// The trust roots the environment adds, as OpenSSL's tools read them: `SSL_CERT_FILE` and
    /// `SSL_CERT_DIR` (colon-separated directories).
    public static func environmentTrustRoots(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> [String]
    {
        var roots: [String] = []
        if let file = environment["SSL_CERT_FILE"], !file.isEmpty { roots.append(file) }
        if let directories = environment["SSL_CERT_DIR"] {
            roots += directories.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        return roots
    }
}
