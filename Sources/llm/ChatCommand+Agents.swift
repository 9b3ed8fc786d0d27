import ArgumentParser
import Foundation
import LLMMCP
import SwiftLLM

extension ChatCommand {
    /// `--schema FILE`: the JSON object that matched the schema (with `--json`: wrapped with the
    /// attempts, usage and cost).
    func answerWithSchema(
        _ model: any LLM, _ messages: [ChatMessage], _ options: GenerationOptions, path: String,
        context: RequestContext
    ) async throws {
        let schema = try Self.readSchema(path)
        let generated = try await model.generateJSON(
            schema: schema, name: "answer", messages, context: context, options: options)
        guard json else {
            Console.line(Redactor.shared.server(generated.json.jsonString))
            return
        }
        var object: [String: JSONValue] = [
            "json": generated.json, "attempts": .int(generated.attempts), "usage": Self.usageJSON(generated.usage),
        ]
        object["cost_usd"] = generated.costUSD.map(JSONValue.double) ?? .null
        Console.line(Redactor.shared.mask(JSONValue.object(object).jsonString))
    }

    /// `--mcp COMMAND`: the run loop with the servers' tools; prints the final answer (with
    /// `--json`: every step). `--deadline` bounds the whole run: the servers' start-up and tool
    /// lists, every model and tool call; a run that reaches it is a `timeout` failure.
    func answerWithMCP(
        _ model: any LLM, _ messages: [ChatMessage], _ options: GenerationOptions, context: RequestContext
    ) async throws {
        var servers: [MCPServer] = []
        do {
            var tools: [Tool] = []
            for line in mcp {
                let words: [String]
                do {
                    words = try CommandWords.split(line)
                } catch {
                    throw ValidationError("--mcp \"\(line)\": \(error)")
                }
                guard let command = words.first else { throw ValidationError("--mcp needs a command") }
                let server = try await MCPServer.launch(
                    command, arguments: Array(words.dropFirst()), deadline: context.deadline)
                servers.append(server)
                tools += try await server.tools(deadline: context.deadline)
            }
            let agent = Agent(model: model, tools: tools, options: AgentOptions(maxSteps: maxSteps ?? 10))
            let run = try await agent.run(messages, context: context, options: options)
            for server in servers { await server.shutdown() }
            if run.stopReason == .deadline {
                throw LLMError(
                    code: .timeout,
                    message: "the run reached its --deadline after \(run.steps.count) step(s), without a final answer",
                    hint: "raise --deadline, or lower --max-steps")
            }
            if json {
                Console.line(Redactor.shared.mask(Self.runJSON(run)))
            } else {
                Console.line(Redactor.shared.server(run.text))
                if run.stopReason != .finalAnswer {
                    FileHandle.standardError.write(
                        Data("llm: the run stopped (\(run.stopReason.rawValue)) after \(run.steps.count) steps\n".utf8))
                }
            }
        } catch {
            for server in servers { await server.shutdown() }
            throw error
        }
    }

    /// A schema file's JSON.
    static func readSchema(_ path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("--schema \(path): the file cannot be read")
        }
        let schema: JSONValue
        do {
            schema = try JSONValue(parsing: data)
        } catch {
            throw ValidationError("--schema \(path): not JSON (\(error))")
        }
        guard schema["type"] == "object" else {
            throw ValidationError("--schema \(path): the schema must describe an object (\"type\": \"object\")")
        }
        return schema
    }

    static func usageJSON(_ usage: Usage) -> JSONValue {
        [
            "prompt_tokens": .int(usage.promptTokens), "completion_tokens": .int(usage.completionTokens),
            "total_tokens": .int(usage.totalTokens),
        ]
    }

    /// The `--json` object of a run: the answer, why it stopped, every step's calls and usage.
    static func runJSON(_ run: AgentRun) -> String {
        let steps: [JSONValue] = run.steps.map { step in
            [
                "index": .int(step.index),
                "tool_calls": .array(
                    step.toolResults.map { result in
                        [
                            "id": .string(result.call.id), "name": .string(result.call.name),
                            "arguments": .string(result.call.arguments), "output": .string(result.output),
                            "outcome": .string(JSONNames.snakeCase(result.outcome.rawValue)),
                        ]
                    }),
                "usage": step.usage.map(usageJSON) ?? .null,
            ]
        }
        var object: [String: JSONValue] = [
            "content": .string(run.text), "stop_reason": .string(JSONNames.snakeCase(run.stopReason.rawValue)),
            "steps": .array(steps),
            "usage": usageJSON(run.usage),
        ]
        object["cost_usd"] = run.costUSD.map(JSONValue.double) ?? .null
        return JSONValue.object(object).jsonString
    }
}
