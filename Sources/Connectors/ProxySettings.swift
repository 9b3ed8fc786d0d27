public import Foundation
public import LLMCore

/// An HTTP proxy to reach endpoints through: `https://` endpoints through a `CONNECT` tunnel (TLS
/// runs end to end, so the proxy sees only the host), `http://` ones as proxied requests. The
/// proxy's `user:password@` becomes basic `Proxy-Authorization`; neither is ever logged or shown.
public struct ProxySettings: Sendable, Hashable, CustomStringConvertible {
    /// The proxy, `http://[user:password@]host:port`.
    public var url: URL
    /// Hosts reached directly (curl's `NO_PROXY`): a host name matches itself and its subdomains
    /// (`example.com` and `.example.com` both match `api.example.com`), an address itself, `*`
    /// every host. Ports after a `:` are ignored.
    public var noProxy: [String]

    /// Creates proxy settings.
    public init(url: URL, noProxy: [String] = []) {
        self.url = url
        self.noProxy = noProxy
    }

    /// The proxy of the environment: `HTTPS_PROXY` (then `https_proxy`, `HTTP_PROXY`, `http_proxy`;
    /// a value without a scheme means `http://`), with `NO_PROXY` (or `no_proxy`); nil when none is set.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) for a value that is not a proxy URL,
    ///   named without its credentials.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(LLMError) -> ProxySettings?
    {
        func value(_ names: String...) -> (name: String, value: String)? {
            for name in names {
                if let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty {
                    return (name, value)
                }
            }
            return nil
        }
        guard let (name, text) = value("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy") else { return nil }
        let withScheme = text.contains("://") ? text : "http://\(text)"
        guard let url = URL(string: withScheme), url.scheme?.lowercased() == "http", url.host?.isEmpty == false else {
            throw LLMError(
                code: .invalidConfiguration,
                message: "\(name) '\(Endpoint.withoutUserInfo(withScheme))' is not an http:// proxy URL",
                hint: "set it to http://[user:password@]host:port", parameter: name)
        }
        let exempt = value("NO_PROXY", "no_proxy")?.value.split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        return ProxySettings(url: url, noProxy: exempt?.filter { !$0.isEmpty } ?? [])
    }

    /// Whether requests to `host` go through the proxy (it is not exempt by ``noProxy``).
    public func applies(to host: String) -> Bool {
        let host = host.lowercased()
        for entry in noProxy {
            var pattern = entry.lowercased()
            if pattern == "*" { return false }
            if let colon = pattern.lastIndex(of: ":"), !pattern.contains("]"), pattern.filter({ $0 == ":" }).count == 1
            {
                pattern = String(pattern[..<colon])
            }
            while pattern.hasPrefix("*") || pattern.hasPrefix(".") { pattern.removeFirst() }
            guard !pattern.isEmpty else { continue }
            if host == pattern || host.hasSuffix("." + pattern) { return false }
        }
        return true
    }

    /// The proxy's host and port, without credentials.
    public var description: String {
        Endpoint.withoutUserInfo(url)
    }

    /// The proxy's port (its URL's, else 80).
    var port: Int { url.port ?? 80 }
}
