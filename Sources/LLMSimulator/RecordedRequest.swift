public import Foundation

/// A request the simulator received, for assertions.
public struct RecordedRequest: Sendable, Hashable {
    /// The HTTP method.
    public var method: String
    /// The path and query.
    public var uri: String
    /// The headers, lower-cased names, in order.
    public var headers: [String: String]
    /// The body.
    public var body: Data
    /// When the whole request had arrived.
    public var receivedAt: ContinuousClock.Instant

    /// Creates a record.
    public init(
        method: String, uri: String, headers: [String: String], body: Data, receivedAt: ContinuousClock.Instant = .now
    ) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.receivedAt = receivedAt
    }

    /// The body parsed as a JSON object, or nil.
    public var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }
}
