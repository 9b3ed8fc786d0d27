import Connectors
import Foundation
public import LLMCore
public import LLMMedia

extension OpenAIBaseLLM {
    /// Generates images (`images/generations`) after checking the request against `rules`, through
    /// the request lifecycle (events, metrics, span).
    public func generateImages(_ request: ImageGenerationRequest, rules: ImageRules, context: RequestContext)
        async throws -> LLMImageResponse
    {
        try await measured(context: context) { try await sendImages(request, rules: rules, context: context) }
    }

    /// Checks, sends and parses one image request.
    private func sendImages(_ request: ImageGenerationRequest, rules: ImageRules, context: RequestContext)
        async throws -> (LLMImageResponse, ResponseInfo)
    {
        try rules.validate(request, model: metadata.name)
        let body = imageBody(request, stream: false)
        requested(context: context)
        let response = try await connector.send(
            ConnectorRequest(path: "images/generations", body: body), context: context)
        return (try parseImages(response.body, info: response.info), response.info)
    }

    /// Streams partial images (when `rules` allow and `partialImages` is set), then the final image;
    /// other models yield one final chunk per image. Through the request lifecycle.
    public func streamImages(_ request: ImageGenerationRequest, rules: ImageRules, context: RequestContext)
        -> AsyncThrowingStream<LLMImageChunk, any Error>
    {
        measuredStream(context: context) { continuation in
            guard rules.maxPartialImages > 0 else {
                let (response, info) = try await self.sendImages(request, rules: rules, context: context)
                for (index, image) in response.images.enumerated() {
                    continuation.yield(LLMImageChunk(imageIndex: index, image: image, isFinal: true))
                }
                return info
            }
            try rules.validate(request, model: self.metadata.name)
            let connectorRequest = ConnectorRequest(
                path: "images/generations", body: self.imageBody(request, stream: true),
                framing: EndOfBodyFraming())
            self.requested(context: context)
            var completed = false
            var info: ResponseInfo?
            for try await element in self.connector.stream(connectorRequest, context: context) {
                guard case .event(let event) = element else {
                    if case .opened(let opened) = element { info = opened }
                    continue
                }
                let json = try Self.imageEvent(event)
                let image = try Self.decodedImage(json["b64_json"]?.stringValue)
                switch json["type"]?.stringValue {
                case "image_generation.partial_image":
                    let index: Int? = if case .int(let value)? = json["partial_image_index"] { value } else { nil }
                    continuation.yield(LLMImageChunk(partialIndex: index ?? 0, image: image, isFinal: false))
                case "image_generation.completed":
                    completed = true
                    continuation.yield(LLMImageChunk(image: image, isFinal: true))
                default:
                    continue
                }
            }
            guard completed else {
                throw LLMError(
                    code: .streamInterrupted, message: "the image stream ended before the final image",
                    hint: "retry the request")
            }
            return info
        }
    }

    /// One event of an image stream, parsed.
    /// - Throws: ``LLMError`` (`decoding`) when the event is not a JSON object.
    static func imageEvent(_ event: ServerSentEvent) throws(LLMError) -> JSONValue {
        guard let json = try? JSONValue(parsing: Data(event.data.utf8)), json.objectValue != nil else {
            throw LLMError(
                code: .decoding,
                message: "an image stream event is not a JSON object: \(WireExcerpt.of(Data(event.data.utf8)))")
        }
        return json
    }

    private func imageBody(_ request: ImageGenerationRequest, stream: Bool) -> Data {
        var body: [String: JSONValue] = ["model": .string(wireModelName), "prompt": .string(request.prompt)]
        if let value = request.n { body["n"] = .int(value) }
        if let value = request.size { body["size"] = .string(value) }
        if let value = request.quality { body["quality"] = .string(value) }
        if let value = request.style { body["style"] = .string(value) }
        if let value = request.responseFormat {
            body["response_format"] = .string(value == .base64 ? "b64_json" : "url")
        }
        if let value = request.outputFormat { body["output_format"] = .string(value) }
        if let value = request.user { body["user"] = .string(value) }
        if stream {
            body["stream"] = true
            body["partial_images"] = .int(request.partialImages ?? 1)
        }
        return Data(JSONValue.object(body).jsonString.utf8)
    }

    /// Parses an `images/generations` answer: base64 images decoded (MIME sniffed), URLs kept with
    /// their expiry (Azure's signed `se=` time, else one hour after creation), revised prompts and
    /// content filter verdicts.
    func parseImages(_ body: Data, info: ResponseInfo) throws(LLMError) -> LLMImageResponse {
        guard let json = try? JSONValue(parsing: body), case .array(let items)? = json["data"] else {
            throw LLMError(
                code: .decoding, message: "the image response has no data: \(WireExcerpt.of(body))",
                endpoint: info.endpoint, requestId: info.requestId)
        }
        let created: Date? =
            if case .int(let seconds)? = json["created"] { Date(timeIntervalSince1970: TimeInterval(seconds)) } else {
                nil
            }
        var filters: [String: String] = [:]
        var images: [GeneratedImage] = []
        for item in items {
            var image = try Self.decodedImage(item["b64_json"]?.stringValue)
            if let text = item["url"]?.stringValue, let url = URL(string: text) {
                image.url = url
                image.mimeType = image.mimeType ?? .png
                image.expiresAt = Self.signedExpiry(url) ?? created.map { $0.addingTimeInterval(3_600) }
            }
            image.revisedPrompt = item["revised_prompt"]?.stringValue
            for (category, verdict) in item["content_filter_results"]?.objectValue ?? [:] {
                filters[category] =
                    verdict["severity"]?.stringValue ?? (verdict["filtered"] == .bool(true) ? "filtered" : "safe")
            }
            images.append(image)
        }
        return LLMImageResponse(
            images: images, model: metadata.name, created: created, contentFilterResults: filters,
            requestId: info.requestId)
    }

    static func decodedImage(_ base64: String?) throws(LLMError) -> GeneratedImage {
        guard let base64 else { return GeneratedImage() }
        guard let data = Data(base64Encoded: base64) else {
            throw LLMError(code: .decoding, message: "an image's b64_json is not valid base64")
        }
        return GeneratedImage(data: data, mimeType: MIMESniffer.sniff(data))
    }

    /// Azure SAS URLs carry their expiry in `se=` (ISO 8601).
    static func signedExpiry(_ url: URL) -> Date? {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
            let value = components.queryItems?.first(where: { $0.name == "se" })?.value
        else { return nil }
        return ISO8601DateFormatter().date(from: value)
    }
}
