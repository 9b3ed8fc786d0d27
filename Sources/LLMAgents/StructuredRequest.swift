import Foundation
import LLMCore

/// One structured-output job: the schema (nil: any JSON object, seed 001's `json_object`), how it
/// is requested, and how an answer becomes a value. The same machinery serves typed answers,
/// schema-only answers (seed 001's `StructuredTool`) and JSON mode.
struct StructuredRequest<Value: Sendable>: Sendable {
    let schema: JSONValue?
    let name: String
    let description: String?
    let method: StructuredOutputMethod
    let maxRetries: Int
    let decode: @Sendable (String) throws -> Value

    init(
        schema: JSONValue?, typeName: String, policy: GenerationPolicy, metadata: ModelMetadata,
        options: GenerationOptions, decode: @escaping @Sendable (String) throws -> Value
    ) throws(LLMError) {
        guard policy.maxRetries >= 0 else {
            throw LLMError.outOfRange("maxRetries", value: String(policy.maxRetries), allowed: "0 or more")
        }
        let name = policy.name ?? Self.sanitized(typeName)
        guard Tool.isValidName(name) else {
            throw LLMError.invalid(
                "name", "the schema name \"\(name)\" is not 1-64 letters, digits, '_' or '-'",
                hint: "set GenerationPolicy.name")
        }
        if let schema, schema["type"] != "object" {
            throw LLMError.invalid(
                "schema",
                "a structured answer must be a JSON object (the schema's type is \(schema["type"]?.jsonString ?? "missing"))",
                hint: "wrap the value in a struct")
        }
        var method = policy.method ?? metadata.capabilities.structuredOutput
        // Claude refuses a forced tool while it thinks; its response format works then.
        if method == .forcedTool, options.reasoningBudget != nil || options.reasoningEffort != nil,
            metadata.capabilities.jsonSchema
        {
            method = .responseFormat
        }
        if method == .forcedTool, !metadata.capabilities.tools { method = .prompt }
        self.schema = schema
        self.name = name
        self.description = policy.description
        self.method = method
        self.maxRetries = policy.maxRetries
        self.decode = decode
    }

    /// The options of an attempt.
    func options(_ base: GenerationOptions) -> GenerationOptions {
        var options = base
        switch method {
        case .responseFormat:
            if let schema {
                let strict = JSONSchema.problems(in: schema, for: .openAIStrict).isEmpty
                options.responseFormat = .jsonSchema(
                    name: name, schema: schema, strict: strict, description: description)
            } else {
                options.responseFormat = .jsonObject
            }
        case .forcedTool:
            let parameters = schema ?? ["type": "object"]
            let strict = JSONSchema.problems(in: parameters, for: .openAIStrict).isEmpty
            options.tools = [
                ToolDefinition(
                    name: name, description: description ?? "Give the answer in this shape.", parameters: parameters,
                    strict: strict)
            ]
            options.toolChoice = .function(name)
        case .prompt:
            break
        }
        return options
    }

    /// The conversation of the first attempt (the prompt method adds the schema as an instruction).
    func messages(_ base: [ChatMessage]) -> [ChatMessage] {
        guard method == .prompt else { return base }
        let shape = schema.map { "this JSON Schema: \($0.jsonString)" } ?? "a JSON object"
        return [.system("Answer only with JSON matching \(shape). No other text.")] + base
    }

    /// The JSON text of an answer: the forced tool's arguments, or the text (without a Markdown
    /// code fence around it).
    func text(of response: LLMResponse) -> String? {
        if method == .forcedTool {
            return response.toolCalls.first { $0.name == name }?.arguments
        }
        return Self.unfenced(response.content)
    }

    /// The value of an answer, or what was wrong with it.
    func value(of response: LLMResponse) -> Result<(Value, JSONValue), StructuredFailure> {
        guard let text = text(of: response) else {
            return .failure(StructuredFailure(text: response.content, failures: ["the answer did not call \(name)"]))
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: text)
        } catch {
            return .failure(StructuredFailure(text: text, failures: ["the answer is not valid JSON (\(error))"]))
        }
        let failures =
            schema.map { JSONSchema.validate(json, against: $0) }
            ?? (json.objectValue == nil ? ["$: expected an object"] : [])
        guard failures.isEmpty else { return .failure(StructuredFailure(text: text, failures: failures)) }
        do {
            return .success((try decode(text), json))
        } catch let error as DecodingError {
            return .failure(StructuredFailure(text: text, failures: [ToolArguments.describe(error)]))
        } catch {
            return .failure(StructuredFailure(text: text, failures: ["\(error)"]))
        }
    }

    /// The messages that send a failed answer back: the answer, then what was wrong (as the
    /// forced tool's error result, or as a user turn).
    func correction(for response: LLMResponse, _ failure: StructuredFailure) -> [ChatMessage] {
        let explanation =
            "The answer does not match the required JSON Schema: \(failure.failures.joined(separator: "; ")). "
            + "Answer again with corrected JSON only."
        if method == .forcedTool, !response.toolCalls.isEmpty {
            return [.assistant(response)]
                + response.toolCalls.map { .tool(callId: $0.id, content: "error: " + explanation, isError: true) }
        }
        return [.assistant(response), .user(explanation)]
    }

    /// The error after the last attempt.
    func error(_ failure: StructuredFailure, attempts: Int) -> LLMError {
        var error = LLMError(
            code: .invalidOutput,
            message:
                "the model's answer did not match the schema \(name) after \(attempts) attempt\(attempts == 1 ? "" : "s"): "
                + (failure.failures.first ?? "unknown"),
            hint: "raise GenerationPolicy.maxRetries, simplify the schema, or describe the fields")
        error.rawOutput = failure.text
        error.validationFailures = failure.failures
        return error
    }

    static func sanitized(_ typeName: String) -> String {
        let allowed = typeName.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_" || scalar == "-")
                ? Character(scalar) : "_"
        }
        let name = String(allowed.prefix(64))
        return name.isEmpty ? "answer" : name
    }

    /// The text inside a Markdown code fence, when the whole answer is one.
    static func unfenced(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("```"), trimmed.hasSuffix("```"), trimmed.count >= 6 else { return trimmed }
        var inner = trimmed.dropFirst(3).dropLast(3)
        if let newline = inner.firstIndex(of: "\n") { inner = inner[inner.index(after: newline)...] }
        return inner.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// An answer that did not match: its JSON text and what was wrong.
struct StructuredFailure: Error, Sendable {
    var text: String
    var failures: [String]
}
