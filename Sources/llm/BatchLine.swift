import Foundation
import SwiftLLM

/// One input line of `llm batch`, parsed, or the error that makes it unusable.
struct BatchLine {
    struct Content {
        var messages: [ChatMessage]
        var model: String?
        var options: GenerationOptions
    }

    var id: String
    var content: Result<Content, LLMError>

    /// Parses one line read from the input (nil for an empty line); a malformed line, a line over
    /// the reader's limit, or a repeated id becomes an error result, never a crash. `seen` holds
    /// the ids read so far.
    static func parse(_ raw: BatchReader.Line, maxBytes: Int, seen: inout Set<String>) -> BatchLine? {
        let number = raw.number
        guard let bytes = raw.bytes else {
            return BatchLine(
                id: "line-\(number)",
                content: .failure(
                    LLMError(
                        code: .invalidRequest,
                        message: "line \(number) is \(raw.length) bytes, over the limit of \(maxBytes)",
                        hint: "shorten the line, or raise --max-line-bytes", parameter: "line")))
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            return BatchLine(
                id: "line-\(number)", content: .failure(.invalid("line", "line \(number) is not valid UTF-8")))
        }
        let text = decoded.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return nil }
        var line = parse(text, lineNumber: number)
        if !seen.insert(line.id).inserted {
            line.content = .failure(.invalid("id", "line \(number): id '\(line.id)' appears more than once"))
            line.id = "\(line.id)#line-\(number)"
        }
        return line
    }

    static func parse(_ text: String, lineNumber: Int) -> BatchLine {
        let fallbackId = "line-\(lineNumber)"
        guard let json = try? JSONValue(parsing: Data(text.utf8)), let object = json.objectValue else {
            return BatchLine(
                id: fallbackId, content: .failure(.invalid("line", "line \(lineNumber) is not a JSON object")))
        }
        let id: String
        switch object["id"] {
        case .string(let value)?: id = value
        case .int(let value)?: id = String(value)
        default:
            return BatchLine(id: fallbackId, content: .failure(.invalid("id", "line \(lineNumber) has no \"id\"")))
        }
        do {
            return BatchLine(id: id, content: .success(try content(object, lineNumber: lineNumber)))
        } catch {
            return BatchLine(id: id, content: .failure(error))
        }
    }

    private static func content(_ object: [String: JSONValue], lineNumber: Int) throws(LLMError) -> Content {
        var messages: [ChatMessage] = []
        if let prompt = object["prompt"] {
            guard let text = prompt.stringValue else {
                throw .invalid("prompt", "line \(lineNumber): \"prompt\" must be a string")
            }
            messages = [.user(text)]
        } else if case .array(let list)? = object["messages"] {
            for (index, item) in list.enumerated() {
                guard let role = item["role"]?.stringValue.flatMap(Role.init(rawValue:)) else {
                    throw .invalid(
                        "messages[\(index)].role", "line \(lineNumber): messages[\(index)] needs a valid \"role\"")
                }
                switch item["content"] {
                case .string(let text)?:
                    messages.append(ChatMessage(role: role, content: [.text(text)]))
                case .array(let parts)?:
                    let content = parts.compactMap { part -> ContentPart? in
                        if let text = part["text"]?.stringValue { return .text(text) }
                        if let url = part["image_url"]?["url"]?.stringValue { return .image(ImageInput(url)) }
                        return nil
                    }
                    messages.append(ChatMessage(role: role, content: content))
                default:
                    throw .invalid(
                        "messages[\(index)].content", "line \(lineNumber): messages[\(index)] needs \"content\"")
                }
            }
        } else {
            throw .invalid("prompt", "line \(lineNumber) needs \"prompt\" or \"messages\"")
        }
        var options = GenerationOptions()
        if let value = object["max_tokens"] {
            guard case .int(let tokens) = value else {
                throw .invalid("max_tokens", "line \(lineNumber): \"max_tokens\" must be an integer")
            }
            options.maxTokens = tokens
        }
        switch object["temperature"] {
        case .int(let value)?: options.temperature = Double(value)
        case .double(let value)?: options.temperature = value
        case nil: break
        default: throw .invalid("temperature", "line \(lineNumber): \"temperature\" must be a number")
        }
        return Content(messages: messages, model: object["model"]?.stringValue, options: options)
    }

    static func okLine(id: String, _ response: LLMResponse) -> String {
        var object: [String: JSONValue] = [
            "id": .string(id), "ok": true, "content": .string(response.content),
            "endpoint": response.endpoint.map(JSONValue.string) ?? .null,
            "latency_ms": .int(
                Int(
                    response.latency.map {
                        $0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000
                    } ?? 0)),
        ]
        object["usage"] =
            response.usage.map {
                [
                    "prompt_tokens": .int($0.promptTokens), "completion_tokens": .int($0.completionTokens),
                    "total_tokens": .int($0.totalTokens),
                ]
            } ?? .null
        if response.cacheHit != nil { object["cache_hit"] = true }
        return JSONValue.object(object).jsonString
    }

    static func errorLine(id: String, _ error: LLMError) -> String {
        JSONValue.object([
            "id": .string(id), "ok": false,
            "error": ["code": .string(JSONNames.snakeCase(error.code.rawValue)), "message": .string(error.message)],
        ]).jsonString
    }
}
