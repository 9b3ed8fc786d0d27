import Foundation

/// A private CA, a server certificate it signed for 127.0.0.1 and localhost, and a client
/// certificate it signed, made with `openssl` once per test run (EC P-256, valid two days).
struct TestCertificates: Sendable {
    let directory: URL
    var caPath: String { directory.appendingPathComponent("ca.pem").path }
    var serverCertificatePath: String { directory.appendingPathComponent("server.pem").path }
    var serverKeyPath: String { directory.appendingPathComponent("server.key").path }
    var clientCertificatePath: String { directory.appendingPathComponent("client.pem").path }
    var clientKeyPath: String { directory.appendingPathComponent("client.key").path }
    /// A CA the server certificate does not chain to.
    var otherCAPath: String { directory.appendingPathComponent("other-ca.pem").path }

    enum Failure: Error, CustomStringConvertible {
        case openssl(String)
        var description: String {
            switch self {
            case .openssl(let output): "openssl failed: \(output)"
            }
        }
    }

    /// The certificates, made on first use.
    static func shared() throws -> TestCertificates {
        try cache.get()
    }

    private static let cache = Result { try make() }

    private static func make() throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "swift-llm-certs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func run(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["openssl"] + arguments
            process.currentDirectoryURL = directory
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw Failure.openssl(text) }
        }
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for name in ["ca", "other-ca"] {
            try run(
                ["req", "-x509"] + key + [
                    "-keyout", "\(name).key", "-out", "\(name).pem", "-days", "2", "-subj", "/CN=swift-llm \(name)",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                ])
        }
        for (name, usage, subject) in [
            ("server", "serverAuth", "subjectAltName=IP:127.0.0.1,DNS:localhost"), ("client", "clientAuth", ""),
        ] {
            try run(
                ["req"] + key + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=swift-llm \(name)"])
            let extensions = ["basicConstraints=CA:FALSE", "extendedKeyUsage=\(usage)", subject].filter { !$0.isEmpty }
            try Data(extensions.joined(separator: "\n").utf8).write(to: directory.appendingPathComponent("\(name).ext"))
            try run([
                "x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                "\(name).pem", "-days", "2", "-extfile", "\(name).ext",
            ])
        }
        return TestCertificates(directory: directory)
    }
}

/// `Tests/Fixtures/connect_proxy.py`, running: its port, and the tunnels it opened.
final class ConnectProxy: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let lock = NSLock()
    private var lines: [String] = []
    let port: Int

    /// Starts the proxy; with `credentials` (`user:password`) it requires them.
    init(credentials: String? = nil) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/connect_proxy.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + (credentials.map { [$0] } ?? [])
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var first = Data()
        while !first.contains(0x0A) {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            first.append(byte)
        }
        port = Int(String(decoding: first, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Every line the proxy printed (`CONNECT host:port auth=...`), complete once `stop()` returned:
    /// the proxy has exited and its output was read to the end.
    var log: [String] { lock.withLock { lines } }

    /// Stops the proxy and reads the rest of its output.
    func stop() {
        try? input.fileHandleForWriting.close()
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        lock.withLock { lines = String(decoding: rest, as: UTF8.self).split(separator: "\n").map(String.init) }
    }
}
