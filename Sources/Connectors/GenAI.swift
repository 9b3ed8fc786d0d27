/// The names of the OpenTelemetry GenAI semantic conventions the library's spans and metrics use
/// (https://github.com/open-telemetry/semantic-conventions-genai, "GenAI client spans" and
/// "GenAI client metrics"). `server.*`, `http.*` and `error.type` come from
/// swift-otel-semantic-conventions; the `gen_ai.*` names are spelled here because that package
/// (1.44.0) marks every one of them deprecated, "moved to the OpenTelemetry GenAI semantic
/// conventions repository", and using them would be a warning in every build.
package enum GenAI {
    /// `gen_ai.operation.name`: what a call does.
    package enum Operation: String, Sendable {
        /// A chat completion (every chat API: chat completions, Responses, Messages, Gemini, Converse).
        case chat
        /// An embeddings request.
        case embeddings
        /// Images, speech, transcription and video.
        case generateContent = "generate_content"
    }

    /// Span and metric attribute names.
    package enum Attribute {
        package static let operationName = "gen_ai.operation.name"
        package static let providerName = "gen_ai.provider.name"
        package static let requestModel = "gen_ai.request.model"
        package static let requestMaxTokens = "gen_ai.request.max_tokens"
        package static let requestTemperature = "gen_ai.request.temperature"
        package static let requestTopP = "gen_ai.request.top_p"
        package static let requestSeed = "gen_ai.request.seed"
        package static let requestStream = "gen_ai.request.stream"
        package static let responseModel = "gen_ai.response.model"
        package static let responseID = "gen_ai.response.id"
        package static let responseFinishReasons = "gen_ai.response.finish_reasons"
        package static let responseTimeToFirstChunk = "gen_ai.response.time_to_first_chunk"
        package static let usageInputTokens = "gen_ai.usage.input_tokens"
        package static let usageOutputTokens = "gen_ai.usage.output_tokens"
        package static let tokenType = "gen_ai.token.type"
    }

    /// Metric names (their units are in ``LLMMetrics``).
    package enum Metric {
        /// Histogram of input and output tokens per operation, `{token}`.
        package static let tokenUsage = "gen_ai.client.token.usage"
        /// Histogram of operation durations, `s`.
        package static let operationDuration = "gen_ai.client.operation.duration"
        /// Histogram of the time to a stream's first chunk, `s`.
        package static let timeToFirstChunk = "gen_ai.client.operation.time_to_first_chunk"
    }
}
