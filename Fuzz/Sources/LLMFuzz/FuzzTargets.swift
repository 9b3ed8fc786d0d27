import Connectors
import Foundation
import LLMCore
import LLMMedia
import LLMProviders

/// One model per API to parse responses with; their connectors are never used for I/O and live for the run.
let parser: OpenAILLM = {
    let connector = try! Connector(
        configuration: ConnectorConfiguration(
            primary: Endpoint(baseURL: URL(string: "https://fuzz.openai.azure.com")!, deployment: "d", apiKey: "k")))
    return OpenAILLM(metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
}()

let claude: ClaudeLLM = {
    let connector = try! Connector(
        configuration: ConnectorConfiguration(
            primary: Endpoint(baseURL: URL(string: "https://fuzz.anthropic.com")!, style: .anthropic, apiKey: "k")))
    return ClaudeLLM(metadata: ModelCatalog.metadata(named: "claude-sonnet-4-5")!, connector: connector)
}()

let gemini: GeminiLLM = {
    let connector = try! Connector(
        configuration: ConnectorConfiguration(
            primary: Endpoint(baseURL: URL(string: "https://fuzz.googleapis.com")!, style: .gemini, apiKey: "k")))
    return GeminiLLM(metadata: ModelCatalog.metadata(named: "gemini-3-pro-preview")!, connector: connector)
}()

let responses: OpenAIReasoningLLM = {
    let connector = try! Connector(
        configuration: ConnectorConfiguration(
            primary: Endpoint(baseURL: URL(string: "https://fuzz.openai.com/v1")!, style: .openAI, apiKey: "k")))
    return OpenAIReasoningLLM(metadata: ModelCatalog.metadata(named: "gpt-5")!, connector: connector, api: .responses)
}()

let bedrock: BedrockClaudeLLM = {
    let connector = try! Connector(configuration: ConnectorConfiguration(primary: .bedrock(region: "us-east-1")))
    return BedrockClaudeLLM(
        metadata: ModelCatalog.metadata(named: "us.anthropic.claude-haiku-4-5-20251001-v1:0")!, connector: connector)
}()

let embedder: OpenAIEmbeddingLLM = OpenAIEmbeddingLLM(
    metadata: ModelCatalog.metadata(named: "text-embedding-3-small")!, connector: parser.connector)

let info = ResponseInfo(status: 200, endpoint: "https://fuzz", endpointName: "fuzz", attempts: 1)

/// The first byte picks the target; the rest is its input. Thrown errors are fine; a trap is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 1 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    let input = Array(bytes[1...])
    switch bytes[0] % 15 {
    case 0:
        // The SSE decoder, fed in two pieces split where the input says, under an event limit the
        // input also picks (1 byte to 4 KB), so the limit's paths are fuzzed too.
        let split = input.isEmpty ? 0 : Int(input[0]) % (input.count + 1)
        var decoder = SSEDecoder(maxEventBytes: 1 + Int(input.last ?? 255) * 16)
        _ = decoder.feed(input[..<split]) + decoder.feed(input[split...])
        _ = decoder.hasPartialEvent
        _ = decoder.limitExceeded
    case 1:
        // OpenAI's chat stream: each line an event, framed and decoded by one decoder, then finished.
        var decoder = ChunkDecoder()
        let framing = OpenAIChatFraming()
        for line in input.split(separator: 0x0A) {
            let event = ServerSentEvent(data: String(decoding: line, as: UTF8.self))
            _ = framing.role(of: event)
            _ = try? decoder.decode(event, deliveredText: "so far")
        }
        _ = try? decoder.finish()
    case 2:
        _ = try? parser.parseResponse(Data(input), info: info)
    case 3:
        _ = try? ConnectorConfiguration(json: Data(input))
    case 4:
        _ = OpenAIErrorMapper.error(status: 400 + Int(input.first ?? 0) % 200, body: Data(input))
    case 5:
        // Anthropic's stream: events split at newlines, each with the event name its data claims.
        var decoder = AnthropicStreamDecoder()
        let framing = AnthropicFraming()
        for line in input.split(separator: 0x0A) {
            let event = ServerSentEvent(event: nil, data: String(decoding: line, as: UTF8.self))
            _ = framing.role(of: event)
            _ = try? decoder.decode(event, deliveredText: "so far")
        }
        _ = try? decoder.finish()
    case 6:
        _ = try? claude.parseResponse(Data(input), info: info)
    case 7:
        _ = AnthropicErrorMapper.error(
            FailedResponse(status: 400 + Int(input.first ?? 0) % 200, body: Data(input), endpoint: "https://fuzz"))
    case 8:
        // Gemini: a whole answer, a stream (each line an event), its error bodies.
        _ = try? gemini.parseResponse(Data(input), info: info)
        var decoder = GeminiStreamDecoder()
        for line in input.split(separator: 0x0A) {
            let event = ServerSentEvent(data: String(decoding: line, as: UTF8.self))
            _ = GeminiFraming().role(of: event)
            _ = try? decoder.decode(event, deliveredText: "so far")
        }
        _ = try? decoder.finish()
        _ = GeminiErrorMapper.error(FailedResponse(status: 429, body: Data(input), endpoint: "https://fuzz"))
    case 9:
        // The Responses API: a whole response, and a stream whose events name their type.
        _ = try? responses.parseResponse(Data(input), info: info)
        var decoder = responses.makeStreamDecoder()
        for line in input.split(separator: 0x0A) {
            let event = ServerSentEvent(data: String(decoding: line, as: UTF8.self))
            _ = ResponsesFraming().role(of: event)
            _ = try? decoder.decode(event, deliveredText: "so far")
        }
        _ = try? decoder.finish()
    case 10:
        _ = try? embedder.parseEmbeddings(Data(input), info: info, count: Int(input.first ?? 1) % 4)
    case 11:
        // Request building from odd tool arguments and results must throw, never trap.
        let text = String(decoding: input, as: UTF8.self)
        let call = ToolCall(id: text, name: "f", arguments: text, signature: text)
        let messages: [ChatMessage] = [
            .user("x"), .assistant(nil, toolCalls: [call]), .tool(callId: text, content: text),
        ]
        _ = try? gemini.buildBody(messages, options: GenerationOptions())
        _ = try? responses.buildResponsesBody(messages, options: GenerationOptions(), stream: true)
    case 12:
        // The AWS event-stream decoder, fed in two pieces split where the input says, under a frame
        // limit the input also picks (16 bytes to 4 KB); every frame mapped to an event.
        let split = input.isEmpty ? 0 : Int(input[0]) % (input.count + 1)
        var decoder = EventStreamDecoder(maxMessageBytes: 16 + Int(input.last ?? 255) * 16)
        let messages =
            ((try? decoder.feed(Array(input[..<split]))) ?? []) + ((try? decoder.feed(Array(input[split...]))) ?? [])
        _ = decoder.hasPartialMessage
        // The connector's path, straight to events, must agree with the messages' events.
        var direct = EventStreamDecoder(maxMessageBytes: decoder.maxMessageBytes)
        let events =
            ((try? direct.feedEvents(Array(input[..<split]))) ?? [])
            + ((try? direct.feedEvents(Array(input[split...]))) ?? [])
        precondition(events == messages.map(\.serverSentEvent), "nextEvent disagrees with next")
    case 13:
        // Bedrock: a whole Converse response, its error body, and a stream whose lines are
        // "eventType payload", framed and decoded by one decoder, then finished.
        _ = try? bedrock.parseResponse(Data(input), info: info)
        _ = BedrockErrorMapper.error(FailedResponse(status: 400, body: Data(input), endpoint: "https://fuzz"))
        var decoder = bedrock.makeStreamDecoder()
        for line in input.split(separator: 0x0A) {
            let parts = line.split(separator: 0x20, maxSplits: 1)
            let event = ServerSentEvent(
                event: parts.first.map { String(decoding: $0, as: UTF8.self) },
                data: parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : "")
            _ = BedrockFraming().role(of: event)
            _ = try? decoder.decode(event, deliveredText: "so far")
        }
        _ = try? decoder.finish()
    default:
        _ = try? JSONValue(parsing: Data(input))  // image stream events are read through it
        _ = try? DataURL(parsing: String(decoding: input, as: UTF8.self))
        _ = MIMESniffer.sniff(Data(input))
        _ = try? ImageInput.bytes(Data(input)).loadImage()
    }
    return 0
}

/// libFuzzer's entry when the program has its own `main` (SwiftPM names executables' entry points).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// The executable's entry point, as SwiftPM links it: hands control to libFuzzer.
@_cdecl("LLMFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzz)
}
