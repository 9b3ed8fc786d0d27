import Connectors
import Foundation
import LLMCore
import LLMMedia
import LLMProviders
import Testing

@Suite struct PayloadGoldenTests {
    static let messages = #"""
        "messages": [
          {"content": "Be brief.", "role": "ROLE"},
          {"content": [{"text": "What is in the image?", "type": "text"},
                       {"image_url": {"detail": "low", "url": "https://example.com/cat.png"}, "type": "image_url"}],
           "role": "user"}]
        """#
    static let tools = #"""
        "parallel_tool_calls": false,
        "response_format": {"json_schema": {"name": "answer",
                                            "schema": {"properties": {"a": {"type": "string"}}, "type": "object"},
                                            "strict": true},
                            "type": "json_schema"},
        "tool_choice": {"function": {"name": "weather"}, "type": "function"},
        "tools": [{"function": {"description": "Weather for a city", "name": "weather", "parameters": {"type": "object"}},
                   "type": "function"}]
        """#

    /// GPT-4.1, GPT-4.1-nano, GPT-4o, GPT-4o-mini: standard names; reasoning_effort dropped.
    static let standard = """
        {"logprobs": false, "max_tokens": 100, \(messages.replacingOccurrences(of: "ROLE", with: "system")),
         "model": "my-deployment", \(tools), "seed": 7, "stop": ["END"], "temperature": 0.5, "top_p": 0.9,
         "user": "user-1"}
        """
    /// GPT-4.1-mini (seed 004): max_completion_tokens, no temperature.
    static let gpt41Mini = """
        {"logprobs": false, "max_completion_tokens": 100, \(messages.replacingOccurrences(of: "ROLE", with: "system")),
         "model": "my-deployment", \(tools), "seed": 7, "stop": ["END"], "top_p": 0.9, "user": "user-1"}
        """
    /// Reasoning models: developer role, max_completion_tokens, reasoning_effort; no sampling parameters.
    static let reasoning = """
        {"logprobs": false, "max_completion_tokens": 100, \(messages.replacingOccurrences(of: "ROLE", with: "developer")),
         "model": "my-deployment", \(tools), "reasoning_effort": "low", "seed": 7, "user": "user-1"}
        """
    /// OpenAI-compatible servers: everything as given.
    static let compatible = """
        {"logprobs": false, "max_tokens": 100, \(messages.replacingOccurrences(of: "ROLE", with: "system")),
         "model": "my-deployment", \(tools), "reasoning_effort": "low", "seed": 7, "stop": ["END"],
         "temperature": 0.5, "top_p": 0.9, "user": "user-1"}
        """

    static let expectations: [(String, String)] = [
        ("gpt-4.1", standard), ("gpt-4.1-nano", standard), ("gpt-4o", standard), ("gpt-4o-mini", standard),
        ("gpt-4.1-mini", gpt41Mini), ("o3-mini", reasoning), ("o4-mini", reasoning), ("o3", reasoning),
        ("gpt-5", reasoning), ("gpt-5-mini", reasoning), ("gpt-5-nano", reasoning), ("local-llama", compatible),
    ]

    static func model(_ name: String, _ connector: Connector) throws -> OpenAIBaseLLM {
        let metadata = ModelCatalog.metadata(named: name) ?? ModelCatalog.openAICompatible(name)
        return try #require(try LLMFactory.make(metadata: metadata, connector: connector) as? OpenAIBaseLLM)
    }

    static func body(_ name: String, _ connector: Connector, stream: Bool = false) throws -> ChatBody {
        let model = try model(name, connector)
        let options = try model.mergeParameters(ProviderFixtures.options.merged(over: ProviderFixtures.toolOptions))
        return try model.buildBody(ProviderFixtures.conversation, options: options, stream: stream)
    }

    @Test(arguments: expectations.indices)
    func bodyIsExactlyTheGolden(index: Int) async throws {
        let (name, golden) = Self.expectations[index]
        try await ProviderFixtures.withConnector { connector in
            let body = try Self.body(name, connector)
            let expected = try JSONValue(parsing: Data(golden.utf8))
            #expect(JSONValue.object(body.fields) == expected, "\(name)")
            // Sorted keys: the bytes sent are the canonical form of the golden.
            #expect(ProviderFixtures.text(body) == expected.jsonString, "\(name)")
        }
    }

    @Test func streamingAddsStreamAndIncludeUsage() async throws {
        try await ProviderFixtures.withConnector { connector in
            let body = try Self.body("gpt-4o", connector, stream: true)
            #expect(body["stream"] == true)
            #expect(body["stream_options"] == ["include_usage": true])
        }
    }

    @Test func toolConversationAndAudioEncodeAsTheAPIExpects() async throws {
        try await ProviderFixtures.withConnector { connector in
            let model = try Self.model("local-llama", connector)
            let wav = Data("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8)
            let messages: [ChatMessage] = [
                .user([.text("weather?"), .audio(AudioInput(data: wav, mimeType: .wav))]),
                .assistant(nil, toolCalls: [ToolCall(id: "call_1", name: "weather", arguments: "{\"city\":\"Oslo\"}")]),
                .tool(callId: "call_1", content: "3C"),
            ]
            let body = try model.buildBody(
                messages, options: GenerationOptions(responseFormat: .jsonObject, toolChoice: .auto), stream: false)
            let expected = try JSONValue(
                parsing: Data(
                    """
                    {"model": "my-deployment", "response_format": {"type": "json_object"}, "tool_choice": "auto",
                     "messages": [
                       {"role": "user", "content": [{"type": "text", "text": "weather?"},
                         {"type": "input_audio", "input_audio": {"data": "\(wav.base64EncodedString())", "format": "wav"}}]},
                       {"role": "assistant", "content": null,
                        "tool_calls": [{"id": "call_1", "type": "function",
                                        "function": {"name": "weather", "arguments": "{\\"city\\":\\"Oslo\\"}"}}]},
                       {"role": "tool", "tool_call_id": "call_1", "content": "3C"}]}
                    """.utf8))
            #expect(JSONValue.object(body.fields) == expected)
            // The messages are written straight to bytes: the same bytes the serializer writes.
            #expect(body.data == JSONValue.object(body.fields).jsonBytes)
        }
    }

    /// Every kind of message and part, with text that needs escaping, written directly equals the
    /// serializer's canonical bytes; and what a transform changes is kept.
    @Test func directlyWrittenMessagesAreTheCanonicalBytes() async throws {
        try await ProviderFixtures.withConnector { connector in
            let model = try Self.model("local-llama", connector)
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0])
            var named = ChatMessage.user("hi \"there\"\n\u{1}é 日本 🎉")
            named.name = "ann"
            let messages: [ChatMessage] = [
                .system("tab\there \\ slash/"), named,
                .user([.text("a"), .image(.url(URL(string: "https://example.com/x.png")!, detail: .high))]),
                .user([.image(.bytes(png)), .audio(AudioInput(data: Data([1, 2, 3]), mimeType: .mp3))]),
                .assistant(
                    nil,
                    toolCalls: [
                        ToolCall(id: "c1", name: "f", arguments: "{}"), ToolCall(id: "c2", name: "g", arguments: "[1]"),
                    ]),
                .tool(callId: "c1", content: "one"), .tool(callId: "c2", content: "two"), .assistant("done"),
            ]
            var body = try model.buildBody(messages, options: GenerationOptions(maxTokens: 5), stream: true)
            let expected: JSONValue = [
                ["role": "system", "content": "tab\there \\ slash/"],
                ["role": "user", "name": "ann", "content": "hi \"there\"\n\u{1}é 日本 🎉"],
                [
                    "role": "user",
                    "content": [
                        ["type": "text", "text": "a"],
                        ["type": "image_url", "image_url": ["url": "https://example.com/x.png", "detail": "high"]],
                    ],
                ],
                [
                    "role": "user",
                    "content": [
                        [
                            "type": "image_url",
                            "image_url": ["url": .string("data:image/png;base64,\(png.base64EncodedString())")],
                        ],
                        ["type": "input_audio", "input_audio": ["data": "AQID", "format": "mp3"]],
                    ],
                ],
                [
                    "role": "assistant", "content": nil,
                    "tool_calls": [
                        ["id": "c1", "type": "function", "function": ["name": "f", "arguments": "{}"]],
                        ["id": "c2", "type": "function", "function": ["name": "g", "arguments": "[1]"]],
                    ],
                ],
                ["role": "tool", "tool_call_id": "c1", "content": "one"],
                ["role": "tool", "tool_call_id": "c2", "content": "two"], ["role": "assistant", "content": "done"],
            ]
            #expect(body["messages"] == expected)
            #expect(try model.encodeMessages(messages) == expected.arrayValue)
            #expect(body.data == JSONValue.object(body.fields).jsonBytes)

            body.renameRole("system", to: "developer")
            body.rename("max_tokens", to: "max_completion_tokens")
            #expect(body["messages"]?.arrayValue?.first?["role"] == "developer")
            #expect(body["max_completion_tokens"] == 5 && body["max_tokens"] == nil)
            #expect(body.data == JSONValue.object(body.fields).jsonBytes)
        }
    }

    @Test func localImagesAreSentAsDataURLsAndBadOnesFailBeforeSending() async throws {
        try await ProviderFixtures.withConnector { connector in
            let model = try Self.model("gpt-4o", connector)
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0])
            let body = try model.buildBody(
                [.user("see", images: [.bytes(png)])], options: GenerationOptions(), stream: false)
            let parts = body["messages"].flatMap { if case .array(let m) = $0 { m } else { nil } }?.first?["content"]
            #expect(
                parts == [
                    ["type": "text", "text": "see"],
                    [
                        "type": "image_url",
                        "image_url": ["url": .string("data:image/png;base64,\(png.base64EncodedString())")],
                    ],
                ])
            #expect(throws: LLMError.self) {
                _ = try model.buildBody(
                    [.user("see", images: [.file("/nonexistent.png")])], options: GenerationOptions(), stream: false)
            }
        }
    }

    /// Every golden body, streamed or not, validates against the official request schema.
    @Test func everyGoldenBodyValidatesAgainstTheOfficialSchema() async throws {
        var bodies: [(name: String, body: Data)] = []
        try await ProviderFixtures.withConnector { connector in
            for (name, _) in Self.expectations {
                for stream in [false, true] {
                    bodies.append(("\(name)-\(stream)", Data(try Self.body(name, connector, stream: stream).data)))
                }
            }
        }
        let result = try await RequestValidator.openAI(
            schema: "openai-chat-schemas.json", root: "CreateChatCompletionRequest", bodies: bodies)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("\(result.count) bodies valid"), "\(result.output)")
    }

    /// Reasoning parts (another API's state) are never sent here; documents go as a `file` part
    /// (PDF) or a `text` part (text); a backup's body names the backup's model.
    @Test func reasoningIsNotSentDocumentsAreFilePartsAndEachEndpointGetsItsModel() async throws {
        try await ProviderFixtures.withConnector { connector in
            let model = try Self.model("local-llama", connector)
            let pdf = Data("%PDF-1.7\n".utf8)
            let messages: [ChatMessage] = [
                .user("Summarise", documents: [.bytes(pdf, title: "report"), .text("notes", title: "N")]),
                ChatMessage(
                    role: .assistant,
                    content: [.reasoning(Reasoning(text: "think", signature: "sig", provider: .openAI)), .text("ok")]),
                ChatMessage(role: .assistant, content: [.reasoning(Reasoning(text: "", redactedData: "x"))]),
            ]
            let body = try model.buildBody(messages, options: GenerationOptions(), stream: false)
            let expected: JSONValue = [
                [
                    "role": "user",
                    "content": [
                        [
                            "type": "file",
                            "file": [
                                "filename": "report.pdf",
                                "file_data": .string("data:application/pdf;base64,\(pdf.base64EncodedString())"),
                            ],
                        ],
                        ["type": "text", "text": "N\n\nnotes"],
                        ["type": "text", "text": "Summarise"],
                    ],
                ],
                ["role": "assistant", "content": "ok"],
                ["role": "assistant", "content": nil],
            ]
            #expect(body["messages"] == expected)
            #expect(body.data == JSONValue.object(body.fields).jsonBytes)
            let bodies = try model.wireRequest(messages, options: GenerationOptions(), stream: false, context: .init())
            let backup = Endpoint(baseURL: URL(string: "https://b.example/v1")!, style: .openAI, deployment: "other")
            let primary = connector.endpoints[0]
            #expect(try JSONValue(parsing: #require(bodies.body(for: primary)))["model"] == "my-deployment")
            #expect(try JSONValue(parsing: #require(bodies.body(for: backup)))["model"] == "other")
            #expect(bodies.path == "chat/completions")
        }
    }
}
