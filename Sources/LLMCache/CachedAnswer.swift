package import Foundation
package import LLMCore

/// An answer as a cache stores it: the neutral fields of an ``LLMCore/LLMResponse`` (not the
/// provider's typed extras, the filter verdicts, the endpoint or the attempts), as JSON.
package struct CachedAnswer: Codable, Sendable, Hashable {
    /// The layout's version: a value of another version is a miss.
    package var version = 1
    package var id: String
    package var model: String
    package var content: String
    package var refusal: String?
    package var toolCalls: [ToolCall]
    package var reasoning: [StoredReasoning]
    package var finishReason: String?
    package var stopSequence: String?
    package var logprobs: [StoredLogprob]?
    package var usage: Usage?
    package var additionalChoices: [String]
    package var costUSD: Double?
    /// When it was stored, in seconds since 1970.
    package var storedAt: Double

    package struct StoredReasoning: Codable, Sendable, Hashable {
        var text: String
        var signature: String?
        var redactedData: String?
        var provider: String?
        var id: String?
        var origin: String?
    }

    package struct StoredLogprob: Codable, Sendable, Hashable {
        var token: String
        var logprob: Double
        var top: [Alternative]

        struct Alternative: Codable, Sendable, Hashable {
            var token: String
            var logprob: Double
        }
    }

    /// The storable part of `response`.
    package init(_ response: LLMResponse, storedAt: Date = Date()) {
        id = response.id
        model = response.model
        content = response.content
        refusal = response.refusal
        toolCalls = response.toolCalls
        reasoning = response.reasoning.map {
            StoredReasoning(
                text: $0.text, signature: $0.signature, redactedData: $0.redactedData, provider: $0.provider?.rawValue,
                id: $0.id, origin: $0.origin)
        }
        finishReason = response.finishReason?.description
        stopSequence = response.stopSequence
        logprobs = response.logprobs?.map { token in
            StoredLogprob(
                token: token.token, logprob: token.logprob,
                top: token.top.map { StoredLogprob.Alternative(token: $0.token, logprob: $0.logprob) })
        }
        usage = response.usage
        additionalChoices = response.additionalChoices
        costUSD = response.costUSD
        self.storedAt = storedAt.timeIntervalSince1970
    }

    /// The answer as a response (one attempt, no latency: nothing was sent).
    package var response: LLMResponse {
        LLMResponse(
            id: id, model: model, content: content, refusal: refusal, toolCalls: toolCalls,
            reasoning: reasoning.map {
                Reasoning(
                    text: $0.text, signature: $0.signature, redactedData: $0.redactedData,
                    provider: $0.provider.map(LLMProvider.init(rawValue:)), id: $0.id, origin: $0.origin)
            },
            finishReason: finishReason.map(Self.finishReason), usage: usage, additionalChoices: additionalChoices,
            attempts: 0, costUSD: costUSD, stopSequence: stopSequence,
            logprobs: logprobs?.map { token in
                TokenLogprob(
                    token: token.token, logprob: token.logprob,
                    top: token.top.map { TokenLogprob.Alternative(token: $0.token, logprob: $0.logprob) })
            })
    }

    /// The answer as a stream: its reasoning, its text, its tool calls, then the finish with the
    /// usage (the chunk boundaries are not the upstream's).
    package var chunks: [LLMStreamChunk] {
        var chunks: [LLMStreamChunk] = []
        let answer = response
        if !answer.reasoning.isEmpty {
            chunks.append(
                LLMStreamChunk(
                    id: id, model: model, reasoningDelta: answer.reasoning.map(\.text).joined(),
                    reasoning: answer.reasoning))
        }
        if !content.isEmpty || refusal != nil {
            chunks.append(LLMStreamChunk(id: id, model: model, textDelta: content, refusalDelta: refusal))
        }
        if !toolCalls.isEmpty {
            chunks.append(
                LLMStreamChunk(
                    id: id, model: model,
                    toolCallDeltas: toolCalls.enumerated().map { index, call in
                        ToolCallDelta(
                            index: index, id: call.id, name: call.name, arguments: call.arguments,
                            signature: call.signature)
                    }))
        }
        chunks.append(
            LLMStreamChunk(
                id: id, model: model, finishReason: answer.finishReason, usage: usage, stopSequence: stopSequence))
        return chunks
    }

    /// The stored JSON.
    package var bytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain strings, numbers and arrays cannot fail.
        return (try? Array(encoder.encode(self))) ?? []
    }

    /// The answer in `bytes`, or nil when they are not one of this version (another program's
    /// row, a damaged one, a newer layout).
    package init?(bytes: [UInt8]) {
        guard let decoded = try? JSONDecoder().decode(CachedAnswer.self, from: Data(bytes)),
            decoded.version == 1
        else { return nil }
        self = decoded
    }

    private static func finishReason(_ text: String) -> FinishReason {
        switch text {
        case "stop": .stop
        case "length": .length
        case "toolCalls": .toolCalls
        case "contentFilter": .contentFilter
        case "functionCall": .functionCall
        default: .other(text)
        }
    }
}
