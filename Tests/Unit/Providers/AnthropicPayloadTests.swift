import Connectors
import Foundation
import LLMCore
import LLMMedia
import LLMProviders
import Testing

/// The Messages API bodies the Claude models send, as goldens.
@Suite struct AnthropicPayloadTests {
    static func withModel(_ body: (AnthropicBaseLLM) throws -> Void) async throws {
        let connector = try Connector(
            configuration: ConnectorConfiguration(
                primary: Endpoint(
                    baseURL: URL(string: "https://api.anthropic.com")!, style: .anthropic,
                    deployment: "claude-sonnet-4-5",
                    apiKey: "unit-key")))
        let model = try #require(
            try LLMFactory.make(metadata: ModelCatalog.metadata(named: "claude-sonnet-4-5")!, connector: connector)
                as? AnthropicBaseLLM)
        do {
            try body(model)
        } catch {
            try await connector.shutdown()
            throw error
        }
        try await connector.shutdown()
    }

    @Test func aConversationWithEveryKindOfTurnIsTheGolden() async throws {
        try await Self.withModel { model in
            var system = ChatMessage.system("Be brief.")
            system.cache = .standard
            var tools = [ToolDefinition(name: "weather", description: "Weather", parameters: ["type": "object"])]
            tools[0].cache = .extended
            let messages: [ChatMessage] = [
                system, .developer("Use metric units."),
                .user("What is in the image?", images: [.url(URL(string: "https://example.com/cat.png")!)]),
                ChatMessage(
                    role: .assistant,
                    content: [
                        .reasoning(Reasoning(text: "think", signature: "sig", provider: .anthropic)),
                        .reasoning(Reasoning(text: "", redactedData: "opaque", provider: .anthropic)),
                        .reasoning(Reasoning(text: "other", signature: "x", provider: .openAI)),
                        .text("Checking."),
                    ],
                    toolCalls: [ToolCall(id: "toolu_1", name: "weather", arguments: #"{"city":"Oslo"}"#)]),
                .tool(callId: "toolu_1", content: "unreachable", isError: true),
                .user("Thanks"),
            ]
            let options = GenerationOptions(
                maxTokens: 100, topK: 5, stop: ["END"], tools: tools, toolChoice: .function("weather"),
                parallelToolCalls: false, user: "user-1", extraBody: ["service_tier": "auto"])
            let body = JSONValue.object(try model.buildBody(messages, options: options, stream: true))
            let expected = try JSONValue(
                parsing: """
                    {"model": "claude-sonnet-4-5", "max_tokens": 100, "stream": true, "top_k": 5,
                     "stop_sequences": ["END"], "metadata": {"user_id": "user-1"}, "service_tier": "auto",
                     "system": [{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}},
                                {"type": "text", "text": "Use metric units."}],
                     "tools": [{"name": "weather", "description": "Weather", "input_schema": {"type": "object"},
                                "cache_control": {"type": "ephemeral", "ttl": "1h"}}],
                     "tool_choice": {"type": "tool", "name": "weather", "disable_parallel_tool_use": true},
                     "messages": [
                       {"role": "user", "content": [
                         {"type": "text", "text": "What is in the image?"},
                         {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.png"}}]},
                       {"role": "assistant", "content": [
                         {"type": "thinking", "thinking": "think", "signature": "sig"},
                         {"type": "redacted_thinking", "data": "opaque"},
                         {"type": "text", "text": "Checking."},
                         {"type": "tool_use", "id": "toolu_1", "name": "weather", "input": {"city": "Oslo"}}]},
                       {"role": "user", "content": [
                         {"type": "tool_result", "tool_use_id": "toolu_1", "content": "unreachable", "is_error": true}]},
                       {"role": "user", "content": "Thanks"}]}
                    """)
            #expect(body == expected)
            // Sorted keys: the bytes sent are the canonical form of the golden.
            #expect(body.jsonString == expected.jsonString)
        }
    }

    @Test func thinkingStructuredOutputBytesAndTheEffortMapping() async throws {
        try await Self.withModel { model in
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0])
            let schema: JSONValue = ["type": "object"]
            let body = try model.buildBody(
                [.user([.text("x"), .image(.bytes(png)), .document(.text("notes", title: "N"))])],
                options: GenerationOptions(
                    maxTokens: 4_096, responseFormat: .jsonSchema(name: "a", schema: schema), reasoningEffort: .high),
                stream: false)
            #expect(body["thinking"] == ["type": "enabled", "budget_tokens": 4_096])
            #expect(body["output_config"] == ["format": ["type": "json_schema", "schema": schema]])
            #expect(body["stream"] == nil)
            let blocks = body["messages"]?.arrayValue?.first?["content"]?.arrayValue
            #expect(
                blocks?[1]
                    == [
                        "type": "image",
                        "source": [
                            "type": "base64", "media_type": "image/png", "data": .string(png.base64EncodedString()),
                        ],
                    ])
            #expect(
                blocks?[2]
                    == [
                        "type": "document", "title": "N",
                        "source": ["type": "text", "media_type": "text/plain", "data": "notes"],
                    ])
            // An explicit budget wins over the effort; minimal effort does not think.
            let budgeted = try model.buildBody(
                [.user("x")], options: GenerationOptions(reasoningEffort: .low, reasoningBudget: 3_000), stream: false)
            #expect(budgeted["thinking"]?["budget_tokens"] == 3_000)
            let minimal = try model.buildBody(
                [.user("x")], options: GenerationOptions(reasoningEffort: .minimal), stream: false)
            #expect(minimal["thinking"] == nil)
        }
    }

    @Test func toolChoicesAndParameterPolicy() async throws {
        try await Self.withModel { model in
            let tools = [ToolDefinition(name: "f")]
            func choice(_ options: GenerationOptions) throws -> JSONValue? {
                try model.buildBody([.user("x")], options: options, stream: false)["tool_choice"]
            }
            #expect(try choice(GenerationOptions(tools: tools, toolChoice: .auto)) == ["type": "auto"])
            #expect(try choice(GenerationOptions(tools: tools, toolChoice: .required)) == ["type": "any"])
            #expect(try choice(GenerationOptions(tools: tools, toolChoice: ToolChoice.none)) == ["type": "none"])
            #expect(
                try choice(GenerationOptions(tools: tools, parallelToolCalls: false))
                    == ["type": "auto", "disable_parallel_tool_use": true])
            #expect(try choice(GenerationOptions(tools: tools)) == nil)
            let body = try model.buildBody(
                [.user("x")], options: GenerationOptions(frequencyPenalty: 1, seed: 3, n: 2, tools: tools),
                stream: false)
            // Parameters the API does not take are removed; a tool without a schema takes none.
            #expect(body["frequency_penalty"] == nil && body["seed"] == nil && body["n"] == nil)
            #expect(body["tools"] == [["name": "f", "input_schema": ["type": "object", "properties": [:]]]])
            // The catalog's default max_tokens when the caller sets none.
            let defaulted = try model.buildBody(
                [.user("x")], options: try model.mergeParameters(GenerationOptions()), stream: false)
            #expect(defaulted["max_tokens"] == 8_192)
        }
    }

    @Test func toolArgumentsThatAreNotAnObjectAreRefused() async throws {
        try await Self.withModel { model in
            let messages: [ChatMessage] = [
                .user("x"), .assistant(nil, toolCalls: [ToolCall(id: "t", name: "f", arguments: "[1")]),
                .tool(callId: "t", content: "r"),
            ]
            let error = capture { _ = try model.buildBody(messages, options: GenerationOptions(), stream: false) }
            #expect(error?.code == .invalidRequest)
            #expect(error?.parameter == "messages[1].toolCalls[0]")
            let empty: [ChatMessage] = [
                .user("x"), .assistant(nil, toolCalls: [ToolCall(id: "t", name: "f", arguments: "")]),
                .tool(callId: "t", content: "r"),
            ]
            let body = try model.buildBody(empty, options: GenerationOptions(), stream: false)
            #expect(body["messages"]?.arrayValue?[1]["content"]?.arrayValue?.first?["input"] == [:])
        }
    }

    @Test func eachEndpointGetsItsOwnModel() async throws {
        try await Self.withModel { model in
            let wire = try model.wireRequest(
                [.user("x")], options: GenerationOptions(), stream: false, context: .init())
            #expect(wire.path == "v1/messages")
            let backup = Endpoint(
                baseURL: URL(string: "https://b.example")!, style: .anthropic, deployment: "claude-sonnet-4-5-20250929")
            #expect(try JSONValue(parsing: #require(wire.body(for: backup)))["model"] == "claude-sonnet-4-5-20250929")
            let unnamed = Endpoint(baseURL: URL(string: "https://c.example")!, style: .anthropic)
            #expect(try JSONValue(parsing: #require(wire.body(for: unnamed)))["model"] == "claude-sonnet-4-5")
        }
    }
}
