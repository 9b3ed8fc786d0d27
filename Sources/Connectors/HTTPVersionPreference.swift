/// Which HTTP version the connector speaks to its endpoints (``ConnectorConfiguration/httpVersion``).
public enum HTTPVersionPreference: String, Sendable, Hashable, CaseIterable {
    /// HTTP/2 where the server offers it over TLS (ALPN `h2`), else HTTP/1.1: the default. Plain
    /// `http://` (loopback) endpoints speak HTTP/1.1.
    case automatic
    /// HTTP/1.1 only: one connection per request or stream in flight, up to
    /// ``ConnectorConfiguration/poolSize`` kept alive per host.
    case http1
    /// HTTP/2 only: every endpoint must be `https://`, and an answer over HTTP/1.1 is an
    /// `invalidConfiguration` error instead of a silent fallback.
    case http2
}
