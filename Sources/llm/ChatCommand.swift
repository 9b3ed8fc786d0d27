import ArgumentParser
import Foundation
import LLMSharedState
import SwiftLLM

/// `llm chat [PROMPT]`: one question, answered in text, streamed, or as JSON.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat", abstract: "Ask a model one question (the prompt is read from stdin when absent).")

    @OptionGroup var endpoint: EndpointOptions

    @OptionGroup var state: StateOptions

    @OptionGroup var responseCache: CacheOptions

    @Argument(help: "The prompt; read from standard input when absent.")
    var prompt: String?

    @Option(help: "A system prompt.")
    var system: String?

    @Option(help: "An image path or URL to show the model (repeatable).")
    var image: [String] = []

    @Option(name: .customLong("max-tokens"), help: "The most tokens to generate.")
    var maxTokens: Int?

    @Option(help: "Sampling temperature, 0...2.")
    var temperature: Double?

    @OptionGroup var sampling: SamplingOptions

    @Flag(help: "Print the answer as it arrives.")
    var stream = false

    @Flag(
        help:
            "Print one JSON object with content, choices (every choice's text, with --n), finish_reason, stop_sequence (where the API says which), logprobs (with --logprobs), usage (with cache and reasoning tokens), model, endpoint, request_id, attempts, latency_ms, cost_usd (null when the model's prices are unknown; 0 for an answer from --cache); through a router also deployment, provider and fallbacks; from --cache also cache_hit (stored_at, shared, saved_usd). Keys and values are snake_case."
    )
    var json = false

    @Option(help: "A JSON Schema file: the answer is JSON that matches it (checked, retried when it does not).")
    var schema: String?

    @Option(
        help:
            "An MCP server to start, as a command line (repeatable): the model may call its tools in a loop until it answers."
    )
    var mcp: [String] = []

    @Option(name: .customLong("max-steps"), help: "With --mcp: the most model calls in the loop (default 10).")
    var maxSteps: Int?

    @Option(help: "Continue this thread (llm thread new): its latest version, or --from's.")
    var thread: String?

    @Option(help: "With --thread: continue this older version instead (a new branch).")
    var from: String?

    @OptionGroup var storage: ThreadStoreOptions

    func validate() throws {
        if schema != nil && !mcp.isEmpty { throw ValidationError("--schema and --mcp cannot be combined") }
        if stream && (schema != nil || !mcp.isEmpty) {
            throw ValidationError("--stream cannot be combined with --schema or --mcp")
        }
        if let maxSteps, maxSteps < 1 { throw ValidationError("--max-steps must be at least 1") }
        if maxSteps != nil && mcp.isEmpty { throw ValidationError("--max-steps needs --mcp") }
        if let schema { _ = try Self.readSchema(schema) }  // a bad file fails before any request
        if thread != nil && (stream || schema != nil || !mcp.isEmpty) {
            throw ValidationError("--thread cannot be combined with --stream, --schema or --mcp")
        }
        if from != nil && thread == nil { throw ValidationError("--from needs --thread") }
    }

    func run() async throws {
        if let thread { return try await chatInThread(thread) }
        let store: (any SQLBackedRateLimitStore)?
        do {
            store = try await state.open()
        } catch let error as ValidationError {
            throw error
        } catch {
            CLIFailure.exit(error, secrets: endpoint.secrets + state.secrets)
        }
        defer { if let store { Task { try? await store.shutdown() } } }
        // One deadline over the whole command: MCP start-up, every model and tool call, a router's walk.
        let context = try endpoint.requestContext()
        try await endpoint.withModel(stateStore: store) { base in
            try await responseCache.withCache(base) { model in
                let text = try prompt ?? Self.readStandardInput()
                var messages: [ChatMessage] = system.map { [.system($0)] } ?? []
                messages.append(.user(text, images: image.map { ImageInput($0) }))
                let options = sampling.options(maxTokens: maxTokens, temperature: temperature)
                if let schema {
                    return try await answerWithSchema(model, messages, options, path: schema, context: context)
                }
                if !mcp.isEmpty { return try await answerWithMCP(model, messages, options, context: context) }
                let response =
                    try await stream
                    ? streamed(model, messages, options, context: context)
                    : model.getAnswer(messages, context: context, options: options)
                if json {
                    Console.line(Redactor.shared.mask(Self.json(response)))
                } else if !stream {
                    Console.line(Redactor.shared.server(response.content))
                }
            }
        }
    }

    /// Streams to stdout as the text arrives (unless `--json`), and returns the folded response.
    private func streamed(
        _ model: any LLM, _ messages: [ChatMessage], _ options: GenerationOptions, context: RequestContext
    ) async throws
        -> LLMResponse
    {
        let start = ContinuousClock.now
        var accumulator = StreamAccumulator()
        var redaction = StreamingRedaction()
        var failure: (any Error)?
        do {
            for try await chunk in model.streamAnswer(messages, context: context, options: options) {
                accumulator.add(chunk)
                if !json, let delta = chunk.textDelta {
                    Console.write(redaction.add(delta))
                }
            }
        } catch {
            failure = error
        }
        // Everything delivered is printed (masked), whether or not the stream failed: the
        // redaction held back only what might have started a secret.
        if !json { Console.write(redaction.finish() + "\n") }
        if let failure { throw failure }
        var response = accumulator.response
        response.latency = ContinuousClock.now - start
        if let usage = response.usage, let pricing = model.metadata.pricing {
            // An answer replayed from --cache cost nothing this time.
            response.costUSD = response.cacheHit == nil ? pricing.cost(of: usage) : 0
        }
        return response
    }

    static func readStandardInput() throws -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let decoded = String(data: data, encoding: .utf8) else {
            throw LLMError(
                code: .invalidPrompt, message: "the prompt on standard input is not valid UTF-8",
                hint: "convert it to UTF-8 (for example with iconv)", parameter: "PROMPT")
        }
        let text = decoded.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw LLMError(
                code: .invalidPrompt, message: "no prompt given", hint: "pass a prompt argument or pipe one on stdin",
                parameter: "PROMPT")
        }
        return text
    }

    /// The `--json` object.
    static func json(_ response: LLMResponse) -> String {
        var object: [String: JSONValue] = [
            "content": .string(response.content),
            "finish_reason": response.finishReason.map { .string(JSONNames.snakeCase($0.description)) } ?? .null,
            "model": .string(response.model), "endpoint": response.endpoint.map(JSONValue.string) ?? .null,
            "attempts": .int(response.attempts), "request_id": response.requestId.map(JSONValue.string) ?? .null,
            "latency_ms": response.latency.map {
                .int(Int($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000))
            } ?? .null,
        ]
        if let usage = response.usage {
            var fields: [String: JSONValue] = [
                "prompt_tokens": .int(usage.promptTokens), "completion_tokens": .int(usage.completionTokens),
                "total_tokens": .int(usage.totalTokens),
            ]
            if let value = usage.cachedTokens { fields["cached_tokens"] = .int(value) }
            if let value = usage.cacheCreationTokens { fields["cache_creation_tokens"] = .int(value) }
            if let value = usage.reasoningTokens { fields["reasoning_tokens"] = .int(value) }
            object["usage"] = .object(fields)
        } else {
            object["usage"] = .null
        }
        object["choices"] = .array(([response.content] + response.additionalChoices).map(JSONValue.string))
        if let sequence = response.stopSequence { object["stop_sequence"] = .string(sequence) }
        if let logprobs = response.logprobs {
            object["logprobs"] = .array(
                logprobs.map { token in
                    var fields: [String: JSONValue] = [
                        "token": .string(token.token), "logprob": .double(token.logprob),
                    ]
                    if !token.top.isEmpty {
                        fields["top_logprobs"] = .array(
                            token.top.map { .object(["token": .string($0.token), "logprob": .double($0.logprob)]) })
                    }
                    return .object(fields)
                })
        }
        // Null when the model's prices are unknown (a model id the catalog does not hold), never 0.
        object["cost_usd"] = response.costUSD.map(JSONValue.double) ?? .null
        if let hit = response.cacheHit {
            object["cache_hit"] = [
                "stored_at": .double(hit.storedAt.timeIntervalSince1970.rounded()), "shared": .bool(hit.shared),
                "saved_usd": hit.savedUSD.map(JSONValue.double) ?? .null,
            ]
        }
        if let route = response.routing {
            object["deployment"] = .string(route.deployment)
            object["provider"] = .string(route.provider.rawValue)
            object["fallbacks"] = .int(route.fallbacks)
        }
        return JSONValue.object(object).jsonString
    }
}
