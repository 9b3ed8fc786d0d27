import Crypto
package import LLMCore
import LLMSupport
import LLMThreads

/// The cache key of a request: the SHA-256, in hex, of the canonical JSON (sorted keys, no
/// whitespace) of what decides its answer: the cache's namespace, the model's API, name and
/// deployment, the messages (media bytes included) and the options that change the output (all
/// but `user`). Never the API key, the endpoint, the deadline, the request id or other transport
/// settings: replicas that reach one model through different keys or endpoints share answers.
package enum ResponseCacheKey {
    /// The key, or nil when the request cannot be cached: a message refers to a local file, whose
    /// content the key cannot vouch for.
    package static func make(
        namespace: String, metadata: ModelMetadata, messages: [ChatMessage], options: GenerationOptions
    ) -> String? {
        guard !messages.contains(where: refersToAFile) else { return nil }
        var options = options
        options.user = nil
        let canonical: JSONValue = [
            "v": 1, "namespace": .string(namespace), "api": .string(metadata.provider.rawValue),
            "model": .string(metadata.name), "deployment": .string(metadata.deploymentName),
            "messages": .array(messages.map(ThreadCodec.encode)),
            "options": ThreadCodec.encode(ThreadConfiguration(options: options)),
        ]
        return lowercaseHex(SHA256.hash(data: canonical.jsonBytes))
    }

    private static func refersToAFile(_ message: ChatMessage) -> Bool {
        message.content.contains { part in
            switch part {
            case .image(let image): if case .file = image.source { return true }
            case .document(let document): if case .file = document.source { return true }
            default: break
            }
            return false
        }
    }
}
