/// The dimensions the library gives its OpenTelemetry GenAI metrics for one model, in its order.
struct GenAIDimensions {
    var operation = "chat"
    var provider: String
    var model: String

    private var attributes: [(String, String)] {
        [("gen_ai.operation.name", operation), ("gen_ai.provider.name", provider), ("gen_ai.request.model", model)]
    }

    /// `gen_ai.client.operation.duration` (or the time to first chunk), with `error.type` for a failure.
    func duration(error: String? = nil) -> [(String, String)] {
        attributes + (error.map { [("error.type", $0)] } ?? []) + [("unit", "s")]
    }

    /// `gen_ai.client.token.usage` for `input` or `output` tokens.
    func tokens(_ type: String) -> [(String, String)] {
        attributes + [("gen_ai.token.type", type), ("unit", "{token}")]
    }
}
