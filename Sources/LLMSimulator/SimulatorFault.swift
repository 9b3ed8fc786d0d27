/// A misbehaviour the simulator can show for one request.
public enum SimulatorFault: Sendable, Hashable {
    /// Answer with this status and an OpenAI-shaped error body; optional `retry-after-ms` /
    /// `retry-after` headers.
    case status(Int, retryAfterMs: Int? = nil, retryAfter: String? = nil)
    /// HTTP 400 with Azure's content-filter error body (`code: content_filter`, `innererror`);
    /// Anthropic: an answer that stops with `refusal`.
    case contentFilter
    /// Wait this long before sending the response head, then answer normally.
    case delayHeaders(Duration)
    /// Wait this long between stream chunks (a slow or stalled stream).
    case delayChunks(Duration)
    /// Close the connection after this many stream chunks, without the terminator. The close comes
    /// 50 ms after the last chunk, as a real mid-stream failure follows data the client has read
    /// (a client's HTTP stack may discard bytes that arrive together with the close).
    case dropMidStream(afterChunks: Int)
    /// Close the connection without answering.
    case dropConnection
    /// A 200 whose body is not JSON (or, for streams, an event that is not JSON).
    case malformedJSON
    /// A stream that carries an `{"error": ...}` event after its first chunk (Anthropic: an
    /// `overloaded_error` event after the first text).
    case errorInStream
    /// A stream whose service reports a failure after this many events (OpenAI: an
    /// `{"error": ...}` event; Anthropic: an `overloaded_error` event, counted after the message's
    /// start, so 0 comes before any content).
    case streamError(afterEvents: Int)
    /// HTTP 429 for a spent quota (OpenAI `insufficient_quota`; Anthropic's spend limit,
    /// `enforced_spend_limit_reached`), which no wait clears.
    case quotaExhausted
    /// A stream that ends (cleanly) without `data: [DONE]`.
    case missingTerminator
    /// A stream whose answer is cut by the content filter (`finish_reason: content_filter`;
    /// Anthropic: `stop_reason: refusal`).
    case contentFilterFinish
    /// A `307` redirect to this location.
    case redirect(String)
    /// A 200 with a body of this many bytes.
    case hugeBody(bytes: Int)
    /// HTTP/2: reset the request's stream with `REFUSED_STREAM` (the server did not process it).
    /// Over HTTP/1.1, the connection closes without an answer.
    case refuseStream
    /// HTTP/2: a `GOAWAY` whose last stream id is below this request's stream, so the client knows
    /// the server never processed it (nor any later stream on the connection), which then closes.
    /// Over HTTP/1.1, the connection closes without an answer.
    case goAway
}
