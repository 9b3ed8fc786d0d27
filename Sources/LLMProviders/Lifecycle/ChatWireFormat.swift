import Connectors
import Foundation
import LLMCore

/// One chat API's wire format: how a provider base builds the request from the library's neutral
/// messages and options, and parses the response and the stream events back. The request
/// lifecycle around it — checks, events, metrics, spans, rate-limit settlement, stream pulling —
/// is written once, in the extension of this protocol (``complete(_:context:options:)``,
/// ``completeStream(_:context:options:)``).
///
/// A provider base (``OpenAIBaseLLM``, ``AnthropicBaseLLM``) conforms; its concrete `final`
/// model classes declare `LLM` and hold only their transforms: `getAnswer`/`streamAnswer` come
/// from the lifecycle (`extension ChatWireFormat where Self: LLM`). To add an API: an
/// ``Connectors/EndpointAPI`` for its transport, a provider base conforming to this protocol, and
/// model classes.
protocol ChatWireFormat: RemoteBaseLLM {
    /// The stream decoder of this API (one per stream, so it may keep state).
    associatedtype StreamDecoder: ChatStreamDecoder

    /// The API's request for a checked conversation and the options the model accepts (already
    /// merged and validated); `stream` asks for a streamed answer. The lifecycle adds the
    /// framing and the token estimate.
    /// - Throws: ``LLMCore/LLMError`` for what the API cannot carry (an unreadable image, ...).
    func wireRequest(_ messages: [ChatMessage], options: GenerationOptions, stream: Bool, context: RequestContext)
        throws(LLMError) -> ConnectorRequest

    /// Parses a complete (non-streamed) answer.
    /// - Throws: ``LLMCore/LLMError`` (`decoding`) when the body is not an answer, or the error it
    ///   carries.
    func parseResponse(_ body: Data, info: ResponseInfo) throws(LLMError) -> LLMResponse

    /// A decoder for one stream.
    func makeStreamDecoder() -> StreamDecoder

    /// How this API's streams end, fail and begin.
    var streamFraming: any StreamFraming { get }
}

/// Decodes one API's stream events into chunks; one decoder per stream.
protocol ChatStreamDecoder: Sendable {
    /// Decodes one event: the chunk it carries, or nil when it carries nothing for the caller (a
    /// keep-alive, the start of a block whose content comes later).
    /// Failure events never reach it (the API's ``Connectors/StreamFraming`` classifies them), and
    /// it attaches no partial text (the lifecycle does, once).
    /// - Throws: ``LLMCore/LLMError``: `decoding` for an event that is not what the API sends.
    mutating func decode(_ event: ServerSentEvent) throws(LLMError) -> LLMStreamChunk?

    /// Called when the stream ended; throws if it ended incomplete in a way its framing cannot tell.
    mutating func finish() throws(LLMError)
}

extension ChatStreamDecoder {
    /// Nothing to check by default: the framing's terminal event marks a complete stream.
    mutating func finish() throws(LLMError) {}
}
