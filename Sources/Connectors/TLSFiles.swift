import Foundation
import LLMCore
import NIOSSL

/// Loads ``TLSSettings``' files into a TLS configuration, at once, so that an unreadable file is a
/// configuration error before any request rather than a failed handshake later.
enum TLSFiles {
    static func apply(_ settings: TLSSettings, to tls: inout TLSConfiguration) throws(LLMError) {
        var roots: [NIOSSLCertificate] = []
        for (index, path) in settings.additionalTrustRoots.enumerated() {
            for file in try pemFiles(at: path, parameter: "tls.additionalTrustRoots[\(index)]") {
                roots += try certificates(file, parameter: "tls.additionalTrustRoots[\(index)]")
            }
        }
        if !roots.isEmpty { tls.additionalTrustRoots = [.certificates(roots)] }
        if let client = settings.clientCertificate {
            let chain = try certificates(client.certificateChainPath, parameter: "tls.clientCertificate")
            let key: NIOSSLPrivateKey
            do {
                key = try NIOSSLPrivateKey(file: client.privateKeyPath, format: .pem)
            } catch {
                throw invalid(
                    "tls.clientCertificate", "the private key file '\(client.privateKeyPath)' is not a readable PEM key"
                )
            }
            tls.certificateChain = chain.map { .certificate($0) }
            tls.privateKey = .privateKey(key)
        }
    }

    /// The file itself, or a directory's `*.pem`, `*.crt` and `*.cer` files.
    private static func pemFiles(at path: String, parameter: String) throws(LLMError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw invalid(parameter, "\(parameter) '\(path)' does not exist")
        }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { ["pem", "crt", "cer"].contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
            .map { (path as NSString).appendingPathComponent($0) }
    }

    private static func certificates(_ path: String, parameter: String) throws(LLMError) -> [NIOSSLCertificate] {
        do {
            let certificates = try NIOSSLCertificate.fromPEMFile(path)
            guard !certificates.isEmpty else { throw invalid(parameter, "'\(path)' holds no PEM certificate") }
            return certificates
        } catch let error as LLMError {
            throw error
        } catch {
            throw invalid(parameter, "'\(path)' is not a readable PEM certificate file")
        }
    }

    private static func invalid(_ parameter: String, _ message: String) -> LLMError {
        LLMError(
            code: .invalidConfiguration, message: message, hint: "check the TLS settings' file paths",
            parameter: parameter)
    }
}
