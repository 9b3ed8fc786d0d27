import Foundation
public import LLMCore

/// A tool the run loop calls itself: a name, a description, the JSON Schema of its arguments and an
/// async Swift function (seed 001's `CallableTool`).
///
/// ```swift
/// struct CityArguments: Codable { var city: String }
/// let weather = try Tool("get_weather", description: "Current weather for a city") {
///     (arguments: CityArguments) in Weather(city: arguments.city, celsius: 3)
/// }
/// ```
/// The argument type's schema is derived (``JSONSchema/derive(_:)``); the result is encoded as
/// JSON, or sent as is when it is a `String`.
public struct Tool: Sendable {
    /// What the model sees: the name, the description, the arguments' schema.
    public var definition: ToolDefinition
    /// Whether the run loop asks ``AgentOptions/approval`` before every call.
    public var needsApproval: Bool
    private let body: @Sendable (String) async throws -> String

    /// The tool's name.
    public var name: String { definition.name }

    /// A typed tool: `Arguments` is decoded from the model's JSON (after checking it against the
    /// derived schema), `Output` encoded back (a `String` is sent as it is).
    /// - Throws: `invalidRequest` for a name the APIs refuse or an argument type without a schema.
    public init<Arguments: Decodable & Sendable, Output: Encodable & Sendable>(
        _ name: String, description: String, needsApproval: Bool = false,
        _ run: @escaping @Sendable (Arguments) async throws -> Output
    ) throws(LLMError) {
        let schema = try JSONSchema.derive(Arguments.self)
        let strict = JSONSchema.problems(in: schema, for: .openAIStrict).isEmpty
        try self.init(
            definition: ToolDefinition(name: name, description: description, parameters: schema, strict: strict),
            needsApproval: needsApproval
        ) { arguments in
            let value: Arguments = try ToolArguments.decode(arguments, schema: schema)
            let output = try await run(value)
            if let text = output as? String { return text }
            return String(decoding: try JSONSchema.encoder.encode(output), as: UTF8.self)
        }
    }

    /// A tool from a definition and a function of the raw arguments (the JSON text the model
    /// wrote); throw ``ToolArgumentsError`` for arguments it cannot use. MCP tools are made this way.
    /// - Throws: `invalidRequest` for a name the APIs refuse.
    public init(
        definition: ToolDefinition, needsApproval: Bool = false,
        run: @escaping @Sendable (_ arguments: String) async throws -> String
    ) throws(LLMError) {
        guard Self.isValidName(definition.name) else {
            throw LLMError.invalid(
                "tools", "the tool name \"\(definition.name)\" is not 1-64 letters, digits, '_' or '-'",
                hint: "rename the tool, e.g. \"get_weather\"")
        }
        self.definition = definition
        self.needsApproval = needsApproval
        self.body = run
    }

    /// Runs the tool on the model's arguments.
    public func call(arguments: String) async throws -> String {
        try await body(arguments)
    }

    /// Whether every API accepts `name` as a function name.
    static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == 0x5F || byte == 0x2D
            }
    }
}

/// An empty argument type, for tools that take none.
public struct NoArguments: Codable, Sendable, Hashable {
    /// Creates the empty arguments.
    public init() {}
}

/// The model's arguments did not fit the tool: what was wrong, for the model to read.
public struct ToolArgumentsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong, one item per failure.
    public var failures: [String]

    /// Creates the error.
    public init(failures: [String]) {
        self.failures = failures
    }

    /// The failures in one sentence.
    public var description: String {
        "the arguments do not match the tool's schema: " + failures.joined(separator: "; ")
    }
}

/// Parsing, checking and decoding of a model's JSON text into a type.
enum ToolArguments {
    /// `text` as a `T`, checked against `schema` first so the model reads every failure at once.
    static func decode<T: Decodable>(_ text: String, schema: JSONValue?) throws -> T {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let json = trimmed.isEmpty ? "{}" : trimmed
        let value: JSONValue
        do {
            value = try JSONValue(parsing: json)
        } catch {
            throw ToolArgumentsError(failures: ["the text is not valid JSON (\(error))"])
        }
        if let schema {
            let failures = JSONSchema.validate(value, against: schema)
            if !failures.isEmpty { throw ToolArgumentsError(failures: failures) }
        }
        do {
            return try JSONSchema.decoder.decode(T.self, from: Data(json.utf8))
        } catch let error as DecodingError {
            throw ToolArgumentsError(failures: [describe(error)])
        }
    }

    /// A decoding error in words: what was expected and where.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            "$" + context.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context)): the required property \"\(key.stringValue)\" is missing"
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(type) (\(context.debugDescription))"
        case .valueNotFound(let type, let context):
            return "\(path(context)): expected \(type), got null"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
