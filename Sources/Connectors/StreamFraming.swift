public import LLMCore

/// How the connector reads a stream's events (one per request kind and API): which event ends the
/// stream, which report a failure, and which come before the answer's content. Events before the
/// first content event are read inside the retry loop, so a failure event there (Anthropic's
/// `overloaded_error` after a 200) is retried or failed over like a failed response.
public protocol StreamFraming: Sendable {
    /// What `event` is to the connector.
    func role(of event: ServerSentEvent) -> StreamEventRole
    /// Whether the stream must end with a ``StreamEventRole/terminal`` event; a body that ends
    /// without one is then an interrupted stream, never a silently short answer.
    var requiresTerminal: Bool { get }
    /// The terminal event as errors name it (`[DONE]`, `message_stop`).
    var terminalName: String { get }
    /// How the body carries the events: server-sent events (the default) or AWS event-stream
    /// frames.
    var encoding: StreamEncoding { get }
}

extension StreamFraming {
    /// Server-sent events.
    public var encoding: StreamEncoding { .serverSentEvents }
}

/// How a stream's body carries its events.
public enum StreamEncoding: Sendable, Hashable {
    /// `text/event-stream` (OpenAI, Anthropic, Gemini).
    case serverSentEvents
    /// `application/vnd.amazon.eventstream` binary frames (Bedrock), each handed on as
    /// ``EventStreamMessage/serverSentEvent``. A 2xx answer of another content type (a JSON error)
    /// is a failed response, read and mapped by the endpoint's API before any frame is decoded.
    case awsEventStream

    /// The media type asked for in `accept`, and required of the answer for event streams.
    public var mediaType: String {
        switch self {
        case .serverSentEvents: "text/event-stream"
        case .awsEventStream: "application/vnd.amazon.eventstream"
        }
    }

    /// The content type a 2xx answer must have to be decoded as a stream: none for server-sent
    /// events (servers label them loosely), ``mediaType`` for binary frames.
    public var requiredContentType: String? {
        self == .awsEventStream ? mediaType : nil
    }
}

/// What an event is to the connector.
public enum StreamEventRole: Sendable {
    /// Before the content (stream metadata, keep-alive pings): read inside the retry loop.
    case preamble
    /// Part of the answer: the stream is committed to this endpoint from the first one on.
    case content
    /// The end of the stream; not yielded.
    case terminal
    /// The service reported a failure in the stream; before the content it is retried or failed
    /// over by its code, afterwards it ends the stream as `streamInterrupted`.
    case failure(LLMError)
}

/// A stream that ends when its body does, every event being content (image generation streams).
public struct EndOfBodyFraming: StreamFraming {
    /// Creates the framing.
    public init() {}

    /// Every event is content.
    public func role(of event: ServerSentEvent) -> StreamEventRole { .content }

    /// The body's end ends it.
    public var requiresTerminal: Bool { false }

    /// "the end of the body".
    public var terminalName: String { "the end of the body" }
}
