import Foundation
public import LLMCore
import NIOSSL
import PostgresNIO

/// A PostgreSQL connection string, `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…]`
/// (also `postgresql://`), parsed into its parts. The password is kept out of every description:
/// ``redacted`` (and any error about the string) shows `***` in its place.
public struct PostgresConnectionString: Sendable, Hashable, CustomStringConvertible {
    /// How the connection uses TLS (`sslmode`): `disable`, `prefer` (the default) or `require`.
    public enum TLSMode: String, Sendable, Hashable {
        case disable
        case prefer
        case require
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port (5432 when the string gives none).
    public var port: Int
    /// The user to connect as.
    public var username: String
    /// The password, if the string has one; never printed.
    var password: String?
    /// The database, if the string names one (else the server uses the user's name).
    public var database: String?
    /// How the connection uses TLS.
    public var tls: TLSMode

    /// Parses `text`.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) saying what is wrong, without the password.
    public init(_ text: String) throws(LLMError) {
        let shown = Self.redact(text)
        func invalid(_ why: String) -> LLMError {
            LLMError(
                code: .invalidConfiguration, message: "the PostgreSQL connection string '\(shown)' \(why)",
                hint: "use postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE", parameter: "--state")
        }
        guard let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql"
        else { throw invalid("is not a postgres:// URL") }
        guard let host = components.host, !host.isEmpty else { throw invalid("has no host") }
        guard let user = components.user, !user.isEmpty else { throw invalid("has no user") }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw invalid("has a port outside 1...65535") }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else { throw invalid("has an unknown parameter '\(item.name)'") }
            guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw invalid("has an sslmode other than disable, prefer or require")
            }
            tls = mode
        }
        self.host = host
        self.port = port
        self.username = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? nil : path
        self.tls = tls
    }

    /// The string with its password replaced by `***`.
    public var redacted: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database ?? "")"
    }

    /// ``redacted``.
    public var description: String { redacted }

    /// `text` with whatever stands between `://USER:` and `@` replaced by `***`, for messages
    /// about a string that did not parse.
    static func redact(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@"),
            let colon = text[scheme.upperBound..<at].firstIndex(of: ":")
        else { return text }
        return String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
    }
}

extension PostgresConnectionString {
    /// postgres-nio's client configuration for this string: its TLS mode, a pool of up to
    /// `maximumConnections` (at least 1) and `connectTimeout`.
    func clientConfiguration(maximumConnections: Int, connectTimeout: Duration) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: clientTLS)
        configuration.options.maximumConnections = max(1, maximumConnections)
        configuration.options.connectTimeout = connectTimeout
        return configuration
    }

    /// The `sslmode` as postgres-nio's client setting.
    var clientTLS: PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }
}
