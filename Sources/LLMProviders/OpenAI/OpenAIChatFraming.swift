package import Connectors
public import LLMCore

/// How OpenAI and Azure chat streams end and fail: `data: [DONE]` ends them (a body that ends
/// without it is interrupted), and an `{"error": ...}` event reports a failure (before any content
/// it is retried or failed over like a failed response). Every other event is content.
package struct OpenAIChatFraming: StreamFraming {
    /// Creates the framing.
    package init() {}

    /// `[DONE]` is terminal, an error object a failure, anything else content.
    package func role(of event: ServerSentEvent) -> StreamEventRole {
        let data = event.data.utf8
        if data.count == 6 && event.data == "[DONE]" { return .terminal }
        guard Self.startsWithErrorMember(data),
            let wire = try? ChatCompletionWire.read(data), let error = wire.error
        else { return .content }
        return .failure(WireMapping.error(error, info: nil))
    }

    /// `[DONE]` must end the stream.
    package var requiresTerminal: Bool { true }

    /// `[DONE]`
    package var terminalName: String { "[DONE]" }

    /// Whether the event is an object whose first member is `"error"`: the only events parsed here.
    private static func startsWithErrorMember(_ data: String.UTF8View) -> Bool {
        var bytes = data.lazy.filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }.makeIterator()
        for expected in #"{"error""#.utf8 where bytes.next() != expected { return false }
        return true
    }
}

/// What OpenAI and Azure report beyond the neutral fields of a chat answer.
public struct OpenAIChatExtras: ProviderExtra {
    /// The backend configuration fingerprint (`system_fingerprint`).
    public var systemFingerprint: String?

    /// Creates the extras.
    public init(systemFingerprint: String? = nil) {
        self.systemFingerprint = systemFingerprint
    }
}

extension LLMResponse {
    /// What OpenAI or Azure reported beyond the neutral fields, when this answer came from them.
    public var openAI: OpenAIChatExtras? { extras[OpenAIChatExtras.self] }
}
