import Foundation
import LLMCore
import LLMSupport

// The Gemini API's wire format (`GenerateContentResponse` and `google.rpc.Status`), read straight
// from the bytes with the pull parser. Every field is optional, a member of the wrong type reads
// as absent, unknown members are skipped (their syntax still checked).

/// A `GenerateContentResponse`: a whole answer, or one event of a stream.
struct GeminiResponseWire: WireObject {
    var candidates: [GeminiCandidateWire]?
    var promptFeedback: GeminiPromptFeedbackWire?
    var usage: GeminiUsageWire?
    var modelVersion: String?
    var responseId: String?
    var error: GeminiStatusWire?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "candidates": candidates = try parser.readElements(GeminiCandidateWire.self)
        case "promptFeedback": promptFeedback = try parser.readMembers(GeminiPromptFeedbackWire.self)
        case "usageMetadata": usage = try parser.readMembers(GeminiUsageWire.self)
        case "modelVersion": modelVersion = try parser.readString()
        case "responseId": responseId = try parser.readString()
        case "error": error = try parser.readMembers(GeminiStatusWire.self)
        default: try parser.skipValue()
        }
    }
}

/// One candidate answer.
struct GeminiCandidateWire: WireObject {
    var parts: [GeminiPartWire]?
    var finishReason: String?
    var finishMessage: String?
    var safetyRatings: [GeminiSafetyRatingWire]?
    var index: Int?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "content":
            try parser.readObject { parser, key throws(JSONParser.Failure) in
                switch key {
                case "parts": parts = try parser.readElements(GeminiPartWire.self)
                default: try parser.skipValue()
                }
            }
        case "finishReason": finishReason = try parser.readString()
        case "finishMessage": finishMessage = try parser.readString()
        case "safetyRatings": safetyRatings = try parser.readElements(GeminiSafetyRatingWire.self)
        case "index": index = try parser.readInt()
        default: try parser.skipValue()
        }
    }
}

/// A part of a candidate's content: text (a thought when `thought` is true), a function call,
/// with the thought signature of the part that carries one.
struct GeminiPartWire: WireObject {
    var text: String?
    var thought: Bool?
    var thoughtSignature: String?
    var functionCall: GeminiFunctionCallWire?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "text": text = try parser.readString()
        case "thought": thought = try parser.readBool()
        case "thoughtSignature": thoughtSignature = try parser.readString()
        case "functionCall": functionCall = try parser.readMembers(GeminiFunctionCallWire.self)
        default: try parser.skipValue()
        }
    }
}

/// A `functionCall`: the name, the arguments object, and an id when the API sends one.
struct GeminiFunctionCallWire: WireObject {
    var id: String?
    var name: String?
    var args: JSONValue?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "id": id = try parser.readString()
        case "name": name = try parser.readString()
        case "args": args = try parser.readValue()
        default: try parser.skipValue()
        }
    }
}

/// A safety rating: the harm category, the probability, and whether it blocked the content.
struct GeminiSafetyRatingWire: WireObject {
    var category: String?
    var probability: String?
    var blocked: Bool?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "category": category = try parser.readString()
        case "probability": probability = try parser.readString()
        case "blocked": blocked = try parser.readBool()
        default: try parser.skipValue()
        }
    }
}

/// `promptFeedback`: why the prompt was blocked, with its ratings.
struct GeminiPromptFeedbackWire: WireObject {
    var blockReason: String?
    var blockReasonMessage: String?
    var safetyRatings: [GeminiSafetyRatingWire]?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "blockReason": blockReason = try parser.readString()
        case "blockReasonMessage": blockReasonMessage = try parser.readString()
        case "safetyRatings": safetyRatings = try parser.readElements(GeminiSafetyRatingWire.self)
        default: try parser.skipValue()
        }
    }
}

/// `usageMetadata`: the prompt (cached tokens included), the candidates, the thoughts, the
/// cached content and the total.
struct GeminiUsageWire: WireObject {
    var promptTokenCount: WireCount?
    var candidatesTokenCount: WireCount?
    var thoughtsTokenCount: WireCount?
    var cachedContentTokenCount: WireCount?
    var toolUsePromptTokenCount: WireCount?
    var totalTokenCount: WireCount?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "promptTokenCount": promptTokenCount = try parser.readCount()
        case "candidatesTokenCount": candidatesTokenCount = try parser.readCount()
        case "thoughtsTokenCount": thoughtsTokenCount = try parser.readCount()
        case "cachedContentTokenCount": cachedContentTokenCount = try parser.readCount()
        case "toolUsePromptTokenCount": toolUsePromptTokenCount = try parser.readCount()
        case "totalTokenCount": totalTokenCount = try parser.readCount()
        default: try parser.skipValue()
        }
    }

    /// The neutral usage, every count checked: the prompt is the prompt count plus tool-use
    /// prompt tokens (cached ones included, as billed), the completion the candidates plus the
    /// thoughts (both billed as output).
    func usage() throws(LLMError) -> Usage {
        let prompt = try WireCount.checked(promptTokenCount, "promptTokenCount") ?? 0
        let toolUse = try WireCount.checked(toolUsePromptTokenCount, "toolUsePromptTokenCount") ?? 0
        let candidates = try WireCount.checked(candidatesTokenCount, "candidatesTokenCount") ?? 0
        let thoughts = try WireCount.checked(thoughtsTokenCount, "thoughtsTokenCount")
        return Usage(
            promptTokens: Usage.saturatingSum(prompt, toolUse),
            completionTokens: Usage.saturatingSum(candidates, thoughts ?? 0),
            totalTokens: try WireCount.checked(totalTokenCount, "totalTokenCount"),
            cachedTokens: try WireCount.checked(cachedContentTokenCount, "cachedContentTokenCount"),
            reasoningTokens: thoughts)
    }
}

/// A `google.rpc.Status`: the HTTP code, the message, the status name, and the details the
/// library acts on (`RetryInfo.retryDelay`, `QuotaFailure` quota ids, `ErrorInfo` reasons).
struct GeminiStatusWire: WireObject {
    var code: Int?
    var message: String?
    var status: String?
    var retryDelay: Duration?
    var quotaIds: [String] = []
    var reasons: [String] = []

    /// Whether a violated quota is a daily one (`GenerateRequestsPerDayPerProjectPerModel`, ...).
    var dailyQuota: Bool { quotaIds.contains { $0.contains("PerDay") } }

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "code": code = try parser.readInt()
        case "message": message = try parser.readString()
        case "status": status = try parser.readString()
        case "details":
            try parser.readArray { parser throws(JSONParser.Failure) in
                try parser.readObject { parser, key throws(JSONParser.Failure) in
                    switch key {
                    case "retryDelay": retryDelay = (try parser.readString()).flatMap(Self.duration)
                    case "reason": if let reason = try parser.readString() { reasons.append(reason) }
                    case "violations":
                        try parser.readArray { parser throws(JSONParser.Failure) in
                            try parser.readObject { parser, key throws(JSONParser.Failure) in
                                switch key {
                                case "quotaId": if let id = try parser.readString() { quotaIds.append(id) }
                                default: try parser.skipValue()
                                }
                            }
                        }
                    default: try parser.skipValue()
                    }
                }
            }
        default: try parser.skipValue()
        }
    }

    /// A protobuf `Duration` in JSON (`"17s"`, `"0.5s"`), clamped to 0...1 day; nil when not one.
    static func duration(_ text: String) -> Duration? {
        guard text.hasSuffix("s"), let seconds = Double(text.dropLast()), seconds.isFinite, seconds >= 0 else {
            return nil
        }
        return .milliseconds(Int64(min(seconds, 86_400) * 1000))
    }
}

/// An error body: `{"error": {...}}`.
struct GeminiErrorBodyWire: WireObject {
    var error: GeminiStatusWire?

    mutating func read(member key: JSONParser.Key, from parser: inout JSONParser) throws(JSONParser.Failure) {
        switch key {
        case "error": error = try parser.readMembers(GeminiStatusWire.self)
        default: try parser.skipValue()
        }
    }
}

/// Conversions from Gemini's wire values to LLMCore's.
enum GeminiMapping {
    /// `STOP` → stop (tool calls when the candidate called functions), `MAX_TOKENS` → length, the
    /// safety, recitation and blocklist reasons → content filter; anything else
    /// (`MALFORMED_FUNCTION_CALL`, `OTHER`, ...) verbatim.
    static func finishReason(_ value: String, calledFunctions: Bool) -> FinishReason {
        switch value {
        case "STOP": calledFunctions ? .toolCalls : .stop
        case "MAX_TOKENS": .length
        case _ where filterReasons.contains(value): .contentFilter
        default: .other(value)
        }
    }

    /// The finish (and block) reasons that mean a filter stopped the content.
    static let filterReasons: Set<String> = [
        "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT",
        "IMAGE_RECITATION", "MODEL_ARMOR",
    ]

    /// Safety ratings as content-filter results by category.
    static func results(_ ratings: [GeminiSafetyRatingWire]?) -> ContentFilterResults {
        var results: ContentFilterResults = [:]
        for rating in ratings ?? [] {
            guard let category = rating.category else { continue }
            results[category] = ContentFilterResult(filtered: rating.blocked ?? false, severity: rating.probability)
        }
        return results
    }

    /// A blocked prompt as `contentFiltered`, with the ratings.
    static func blocked(_ feedback: GeminiPromptFeedbackWire) -> LLMError {
        let reason = feedback.blockReason ?? "BLOCKED"
        var error = LLMError(
            code: .contentFiltered,
            message: "the prompt was blocked (\(reason))\(feedback.blockReasonMessage.map { ": \($0)" } ?? "")",
            hint: "rephrase the prompt, or adjust the safety settings through extraBody[\"safetySettings\"]",
            providerCode: reason, providerMessage: feedback.blockReasonMessage)
        error.contentFilterResults = results(feedback.safetyRatings)
        return error
    }

    /// The error of an answer blocked with nothing in it (`finishReason` `SAFETY`, `RECITATION`,
    /// ...: no text, no calls), the same whether it came whole or streamed.
    static func blockedAnswer(_ candidate: GeminiCandidateWire) -> LLMError {
        var error = LLMError(
            code: .contentFiltered,
            message:
                "the answer was blocked (\(candidate.finishReason ?? ""))\(candidate.finishMessage.map { ": \($0)" } ?? "")",
            hint: "rephrase the prompt, or adjust the safety settings through extraBody[\"safetySettings\"]",
            providerCode: candidate.finishReason, providerMessage: candidate.finishMessage)
        error.contentFilterResults = results(candidate.safetyRatings)
        return error
    }
}
