import Foundation

/// The operation paths of Bedrock Runtime's Converse API: `model/{modelId}/converse` and
/// `model/{modelId}/converse-stream`, the model id (a foundation-model id such as
/// `anthropic.claude-haiku-4-5-20251001-v1:0`, an inference profile such as `us.anthropic.…`, or an
/// ARN) percent-encoded as one path segment.
enum BedrockPath {
    /// The characters a model id keeps unencoded in its segment (RFC 3986 unreserved).
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `modelId` as one path segment: `:` and `/` (of versions and ARNs) encoded.
    static func segment(_ modelId: String) -> String {
        modelId.addingPercentEncoding(withAllowedCharacters: unreserved) ?? modelId
    }

    /// The Converse (or ConverseStream) path of `modelId`.
    static func converse(_ modelId: String, stream: Bool) -> String {
        "model/\(segment(modelId))/\(stream ? "converse-stream" : "converse")"
    }
}
