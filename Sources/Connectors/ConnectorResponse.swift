public import Foundation

/// A complete successful response.
public struct ConnectorResponse: Sendable {
    /// Where and how it was obtained.
    public var info: ResponseInfo
    /// The body bytes.
    public var body: Data

    /// Creates a response.
    public init(info: ResponseInfo, body: Data) {
        self.info = info
        self.body = body
    }
}

/// An element of a streamed response: first the response information, then the events.
public enum ConnectorStreamElement: Sendable {
    /// The stream opened (status 2xx) at this endpoint.
    case opened(ResponseInfo)
    /// The next server-sent event (the terminal event is not yielded; it ends the stream).
    case event(ServerSentEvent)
    /// The server answered the stream request with one whole JSON body instead of events (a
    /// gateway that ignores `stream: true`): the only element after ``opened(_:)``, for the caller
    /// to read as a complete answer.
    case whole(Data)
}

/// An element of a streamed raw body (audio, video): first the response information, then the bytes.
public enum ConnectorByteElement: Sendable {
    /// The response opened (status 2xx) at this endpoint.
    case opened(ResponseInfo)
    /// The next bytes of the body, in order.
    case bytes(Data)
}
