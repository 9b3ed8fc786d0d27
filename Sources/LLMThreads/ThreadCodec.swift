import Foundation
package import LLMCore
import LLMMedia

/// The stored JSON of messages, configurations and changes: one canonical form (sorted keys, no
/// whitespace), so every store keeps and returns the same bytes.
package enum ThreadCodec {
    // MARK: Messages

    package static func encode(_ message: ChatMessage) -> JSONValue {
        var object: [String: JSONValue] = [
            "role": .string(message.role.rawValue), "content": .array(message.content.map(encode)),
        ]
        if let name = message.name { object["name"] = .string(name) }
        if !message.toolCalls.isEmpty {
            object["tool_calls"] = .array(
                message.toolCalls.map { call in
                    var fields: [String: JSONValue] = [
                        "id": .string(call.id), "name": .string(call.name), "arguments": .string(call.arguments),
                    ]
                    if let signature = call.signature { fields["signature"] = .string(signature) }
                    return .object(fields)
                })
        }
        if let id = message.toolCallId { object["tool_call_id"] = .string(id) }
        if message.isError { object["is_error"] = true }
        if let cache = message.cache { object["cache"] = encode(cache) }
        if let issued = message.issuedResponse {
            object["issued_response"] = ["id": .string(issued.id), "endpoint": .string(issued.endpoint)]
        }
        return .object(object)
    }

    static func message(_ value: JSONValue) throws(LLMError) -> ChatMessage {
        guard let role = value["role"]?.stringValue.flatMap(Role.init(rawValue:)) else {
            throw corrupt("a message has no valid role")
        }
        var content: [ContentPart] = []
        for part in value["content"]?.arrayValue ?? [] { content.append(try self.part(part)) }
        var message = ChatMessage(
            role: role, content: content, name: value["name"]?.stringValue,
            toolCalls: (value["tool_calls"]?.arrayValue ?? []).map { call in
                ToolCall(
                    id: call["id"]?.stringValue ?? "", name: call["name"]?.stringValue ?? "",
                    arguments: call["arguments"]?.stringValue ?? "", signature: call["signature"]?.stringValue)
            },
            toolCallId: value["tool_call_id"]?.stringValue, isError: value["is_error"]?.boolValue ?? false,
            cache: value["cache"].map(cache))
        if let issued = value["issued_response"], let id = issued["id"]?.stringValue,
            let endpoint = issued["endpoint"]?.stringValue
        {
            message.issuedResponse = IssuedResponse(id: id, endpoint: endpoint)
        }
        return message
    }

    private static func encode(_ part: ContentPart) -> JSONValue {
        switch part {
        case .text(let text):
            return ["type": "text", "text": .string(text)]
        case .image(let image):
            var object: [String: JSONValue] = ["type": "image"]
            switch image.source {
            case .url(let url): object["url"] = .string(url.absoluteString)
            case .bytes(let data, let mimeType):
                object["data"] = .string(data.base64EncodedString())
                if let mimeType { object["mime_type"] = .string(mimeType.rawValue) }
            case .file(let path): object["file"] = .string(path)
            }
            if let detail = image.detail { object["detail"] = .string(detail.rawValue) }
            return .object(object)
        case .audio(let audio):
            return [
                "type": "audio", "data": .string(audio.data.base64EncodedString()),
                "mime_type": .string(audio.mimeType.rawValue),
            ]
        case .document(let document):
            var object: [String: JSONValue] = ["type": "document"]
            switch document.source {
            case .url(let url): object["url"] = .string(url.absoluteString)
            case .bytes(let data): object["data"] = .string(data.base64EncodedString())
            case .file(let path): object["file"] = .string(path)
            case .text(let text): object["text"] = .string(text)
            }
            if let title = document.title { object["title"] = .string(title) }
            return .object(object)
        case .reasoning(let reasoning):
            var object: [String: JSONValue] = ["type": "reasoning", "text": .string(reasoning.text)]
            if let value = reasoning.signature { object["signature"] = .string(value) }
            if let value = reasoning.redactedData { object["redacted_data"] = .string(value) }
            if let value = reasoning.provider { object["provider"] = .string(value.rawValue) }
            if let value = reasoning.id { object["id"] = .string(value) }
            if let value = reasoning.origin { object["origin"] = .string(value) }
            return .object(object)
        }
    }

    private static func part(_ value: JSONValue) throws(LLMError) -> ContentPart {
        func data(_ key: String) throws(LLMError) -> Data {
            guard let text = value[key]?.stringValue, let data = Data(base64Encoded: text) else {
                throw corrupt("a stored part has no valid \(key)")
            }
            return data
        }
        func url(_ key: String) throws(LLMError) -> URL {
            guard let text = value[key]?.stringValue, let url = URL(string: text) else {
                throw corrupt("a stored part has no valid \(key)")
            }
            return url
        }
        switch value["type"]?.stringValue {
        case "text":
            return .text(value["text"]?.stringValue ?? "")
        case "image":
            let source: ImageInput.Source
            if value["url"] != nil {
                source = .url(try url("url"))
            } else if let path = value["file"]?.stringValue {
                source = .file(path: path)
            } else {
                source = .bytes(
                    try data("data"), mimeType: value["mime_type"]?.stringValue.map(MIMEType.init(rawValue:)))
            }
            return .image(
                ImageInput(source: source, detail: value["detail"]?.stringValue.flatMap(ImageDetail.init(rawValue:))))
        case "audio":
            return .audio(
                AudioInput(data: try data("data"), mimeType: MIMEType(rawValue: value["mime_type"]?.stringValue ?? "")))
        case "document":
            let source: DocumentInput.Source
            if value["url"] != nil {
                source = .url(try url("url"))
            } else if let path = value["file"]?.stringValue {
                source = .file(path: path)
            } else if let text = value["text"]?.stringValue {
                source = .text(text)
            } else {
                source = .bytes(try data("data"))
            }
            return .document(DocumentInput(source: source, title: value["title"]?.stringValue))
        case "reasoning":
            return .reasoning(
                Reasoning(
                    text: value["text"]?.stringValue ?? "", signature: value["signature"]?.stringValue,
                    redactedData: value["redacted_data"]?.stringValue,
                    provider: value["provider"]?.stringValue.map(LLMProvider.init(rawValue:)),
                    id: value["id"]?.stringValue, origin: value["origin"]?.stringValue))
        default:
            throw corrupt("a stored part has an unknown type")
        }
    }

    private static func encode(_ cache: CacheBreakpoint) -> JSONValue {
        guard let ttl = cache.ttl else { return [:] }
        return ["ttl_seconds": .double(Double(ttl.components.seconds) + Double(ttl.components.attoseconds) / 1e18)]
    }

    private static func cache(_ value: JSONValue) -> CacheBreakpoint {
        let seconds: Double? =
            switch value["ttl_seconds"] {
            case .int(let number)?: Double(number)
            case .double(let number)?: number
            default: nil
            }
        // A damaged row's number becomes a clamped duration, never a trap.
        let milliseconds = seconds.map { $0.isFinite ? min(max(($0 * 1000).rounded(), 0), 1e15) : 0 }
        return CacheBreakpoint(ttl: milliseconds.map { .milliseconds(Int64($0)) })
    }

    static func corrupt(_ what: String) -> LLMError {
        LLMError(
            code: .decoding, message: "the stored thread is damaged: \(what)",
            hint: "the row was written by another program or edited by hand")
    }
}
