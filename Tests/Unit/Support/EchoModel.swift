import Foundation
import LLMCore
import LLMMedia

/// A test model on BaseLLM: runs every check a real model runs, then echoes what it would send.
final class EchoModel: BaseLLM, LLM, @unchecked Sendable {
    func getAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions) async throws
        -> LLMResponse
    {
        let (_, promptTokens) = try prepare(messages, options: options)
        var imageURLs: [String] = []
        for (index, message) in messages.enumerated() {
            for (partIndex, part) in message.content.enumerated() {
                if case .image(let image) = part {
                    imageURLs.append(try imageURL(for: image, parameter: "messages[\(index)].content[\(partIndex)]"))
                }
            }
        }
        return LLMResponse(
            id: "echo", model: metadata.name, content: messages.last?.text ?? "",
            toolCalls: imageURLs.enumerated().map {
                ToolCall(id: "img\($0.offset)", name: "image", arguments: $0.element)
            },
            finishReason: .stop,
            usage: Usage(promptTokens: promptTokens, completionTokens: 1),
            requestId: context.requestId)
    }

    func streamAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        -> AsyncThrowingStream<LLMStreamChunk, any Error>
    {
        AsyncThrowingStream { continuation in
            do {
                _ = try prepare(messages, options: options)
                for word in (messages.last?.text ?? "").split(separator: " ") {
                    continuation.yield(LLMStreamChunk(textDelta: String(word) + " "))
                }
                continuation.yield(LLMStreamChunk(finishReason: .stop))
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }
}

extension LLMProvider {
    /// The test doubles' provider.
    static let test = LLMProvider(rawValue: "test")
}

enum Fixtures {
    static let textModel = ModelMetadata(
        name: "text-model", provider: .test, capabilities: ModelCapabilities(inputTypes: [.text], outputTypes: [.text]),
        limits: ModelLimits(contextWindow: 1_000, maxOutputTokens: 200))
    static let visionModel = ModelMetadata(
        name: "vision-model", provider: .test,
        capabilities: ModelCapabilities(inputTypes: [.text, .image], outputTypes: [.text]),
        limits: ModelLimits(contextWindow: 100_000, maxOutputTokens: 4_000, maxImagesPerRequest: 3))
    static let imageModel = ModelMetadata(
        name: "dall-e-3", provider: .test,
        capabilities: ModelCapabilities(inputTypes: [.text], outputTypes: [.image], streaming: false))

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46])

    /// Writes `data` to a new temporary file named `name` and returns its path.
    static func temporaryFile(named name: String, data: Data) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }
}

/// Runs `body` and returns the LLMError it throws, or nil.
func capture(_ body: () throws -> Void) -> LLMError? {
    do {
        try body()
        return nil
    } catch {
        return error as? LLMError
    }
}

/// Runs `body` and returns the LLMError it throws, or nil.
func captureAsync(_ body: () async throws -> Void) async -> LLMError? {
    do {
        try await body()
        return nil
    } catch {
        return error as? LLMError
    }
}
