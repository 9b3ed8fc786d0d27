/// The simulator's HTTPS: its certificate and key (PEM files), and optionally the CA whose client
/// certificates it requires (mutual TLS).
public struct SimulatorTLS: Sendable, Hashable {
    /// The PEM file of the server certificate (and any intermediates).
    public var certificateChainPath: String
    /// The PEM file of its private key.
    public var privateKeyPath: String
    /// When set, clients must present a certificate signed by this CA (a PEM file).
    public var clientCARootPath: String?

    /// Creates the TLS settings.
    public init(certificateChainPath: String, privateKeyPath: String, clientCARootPath: String? = nil) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.clientCARootPath = clientCARootPath
    }
}
