import Connectors
import Foundation
import LLMCore
import LLMMedia
import Testing

@testable import LLMProviders

/// Inputs kept from fuzzing (Scripts/fuzz.sh) and hand-made edge cases: each parser must throw a
/// typed error or succeed, never trap.
@Suite struct FuzzRegressionTests {
    static let sseCases: [String] = [
        "\r\r\r\r", "data", "data:", ":\n\n", "\u{FEFF}\u{FEFF}data: x\n\n", "data: \0\n\n", "id: a\0b\ndata: x\n\n",
        "retry: 99999999999999999999\ndata: x\n\n", String(repeating: "data: a\n", count: 10_000) + "\n",
    ]

    @Test(arguments: sseCases)
    func sseDecoderSurvives(input: String) {
        var decoder = SSEDecoder()
        for split in [0, 1, input.utf8.count / 2] {
            let bytes = Array(input.utf8)
            let cut = min(split, bytes.count)
            _ = decoder.feed(bytes[..<cut]) + decoder.feed(bytes[cut...])
        }
        _ = decoder.hasPartialEvent
    }

    static let jsonCases: [String] = [
        "", "null", "[]", "{}", "{\"choices\": null}", "{\"choices\": [null]}", "{\"choices\": [{\"delta\": []}]}",
        "{\"choices\": [{\"index\": 1e400}]}", "{\"choices\": [{\"index\": -1, \"message\": {\"content\": 5}}]}",
        "{\"usage\": {\"prompt_tokens\": 1e20}}", "{\"error\": \"just a string\"}", "{\"error\": {\"code\": 1.5}}",
        "{\"choices\": [{\"delta\": {\"tool_calls\": [{\"index\": 9223372036854775807}]}}]}",
        String(repeating: "[", count: 10_000),
        "{\"type\": \"message\", \"content\": [{\"type\": \"tool_use\", \"input\": [1]}]}",
        "{\"type\": \"content_block_delta\", \"index\": -9223372036854775808, \"delta\": {\"type\": 7}}",
        "{\"type\": \"message_delta\", \"usage\": {\"output_tokens\": 9223372036854775807, \"input_tokens\": 9223372036854775807}}",
        "{\"type\": \"error\", \"error\": null}",
        "{\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": {\"args\": [1]}}]}}]}",
        "{\"candidates\": [], \"usageMetadata\": {\"promptTokenCount\": -1}}",
        "{\"error\": {\"details\": [{\"retryDelay\": \"1e999s\"}, {\"violations\": [{\"quotaId\": 5}]}]}}",
        "{\"type\": \"response.output_item.added\", \"output_index\": -1, \"item\": {\"type\": \"function_call\"}}",
        "{\"type\": \"response.function_call_arguments.done\", \"output_index\": 0, \"arguments\": \"{\"}",
        "{\"output\": [{\"type\": \"message\", \"content\": [{\"type\": \"output_text\"}]}], \"status\": 5}",
        "{\"data\": [{\"index\": 3, \"embedding\": \"AAAA\"}, {\"embedding\": [1e999]}]}",
    ]

    @Test(arguments: jsonCases)
    func responseAndChunkParsersThrowTypedErrors(input: String) async throws {
        _ = try? ChunkDecoder().decode(input)
        try await ProviderFixtures.withConnector { connector in
            let model = OpenAILLM(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
            let info = ResponseInfo(status: 200, endpoint: "e", endpointName: "e", attempts: 1)
            _ = try? model.parseResponse(Data(input.utf8), info: info)
        }
        _ = try? ConnectorConfiguration(json: Data(input.utf8))
        _ = OpenAIErrorMapper.error(status: 400, body: Data(input.utf8))
        var anthropic = AnthropicStreamDecoder()
        for type in [
            "message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta",
        ] {
            let event = ServerSentEvent(event: type, data: input)
            _ = AnthropicFraming().role(of: event)
            _ = try? anthropic.decode(event)
        }
        _ = AnthropicErrorMapper.error(FailedResponse(status: 529, body: Data(input.utf8)))
        _ = GeminiErrorMapper.error(FailedResponse(status: 429, body: Data(input.utf8)))
        var gemini = GeminiStreamDecoder()
        _ = GeminiFraming().role(of: ServerSentEvent(data: input))
        _ = try? gemini.decode(ServerSentEvent(data: input))
        _ = try? gemini.finish()
        var responses = ResponsesStreamDecoder()
        _ = ResponsesFraming().role(of: ServerSentEvent(data: input))
        _ = try? responses.decode(ServerSentEvent(data: input))
        try await GeminiCodecTests.withModel { model in
            let info = ResponseInfo(status: 200, endpoint: "e", endpointName: "e", attempts: 1)
            _ = try? model.parseResponse(Data(input.utf8), info: info)
        }
        try await ResponsesCodecTests.withModel { model in
            let info = ResponseInfo(status: 200, endpoint: "e", endpointName: "e", attempts: 1)
            _ = try? model.parseResponse(Data(input.utf8), info: info)
        }
        try await EmbeddingCodecTests.withModels { openAI, gemini in
            let info = ResponseInfo(status: 200, endpoint: "e", endpointName: "e", attempts: 1)
            _ = try? openAI.parseEmbeddings(Data(input.utf8), info: info, count: 2)
            _ = try? gemini.parseEmbeddings(Data(input.utf8), info: info, count: 2)
        }
        try await AnthropicPayloadTests.withModel { model in
            let info = ResponseInfo(status: 200, endpoint: "e", endpointName: "e", attempts: 1)
            _ = try? model.parseResponse(Data(input.utf8), info: info)
        }
    }

    @Test func dataURLAndSniffingSurviveOddInputs() {
        for input in [
            "data:", "data:,", "data:;base64,", "data:a/b;base64,====", "data:%%%,x", "data:image/png;base64,\u{0}",
        ] {
            _ = try? DataURL(parsing: input)
        }
        for bytes in [[UInt8](), [0xFF], [0xFF, 0xFF], Array("RIFF".utf8), [0, 0, 0, 0] + Array("ftyp".utf8)] {
            _ = MIMESniffer.sniff(Data(bytes))
            _ = try? ImageInput.bytes(Data(bytes)).loadImage()
        }
    }
}
