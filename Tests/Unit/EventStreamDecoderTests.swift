import Connectors
import Foundation
import LLMCore
import TestSupport
import Testing

/// The AWS event-stream frame decoder: every split offset, byte by byte, every corrupted byte,
/// oversized and impossible frames, the mapping to events, and botocore's parser as the oracle of
/// the encoder the simulator uses.
@Suite struct EventStreamDecoderTests {
    static func event(_ type: String, _ json: String) -> EventStreamMessage {
        EventStreamMessage(
            headers: [
                (":event-type", .string(type)), (":content-type", .string("application/json")),
                (":message-type", .string("event")),
            ], payload: Array(json.utf8))
    }

    static let messages: [EventStreamMessage] = [
        event("messageStart", #"{"p":"abcd","role":"assistant"}"#),
        event("contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"text":"Héllo 日本 🎉"},"p":"ab"}"#),
        EventStreamMessage(
            headers: [
                ("flag", .bool(true)), ("off", .bool(false)), ("b", .byte(-3)), ("s", .short(-300)),
                ("i", .int(70_000)), ("l", .long(-5_000_000_000)), ("blob", .bytes([0, 1, 255])),
                ("t", .timestamp(1_764_600_000_123)), ("u", .uuid(Array(0..<16))),
                (":message-type", .string("event")), (":event-type", .string("all-types")),
            ], payload: []),
        EventStreamMessage(
            headers: [
                (":exception-type", .string("throttlingException")), (":content-type", .string("application/json")),
                (":message-type", .string("exception")),
            ], payload: Array(#"{"message":"Too many requests, please wait before trying again."}"#.utf8)),
    ]

    static var stream: [UInt8] { messages.flatMap { $0.encoded() } }

    @Test func crc32MatchesTheCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test func decodesIdenticallyAtEverySplitOffset() throws {
        let bytes = Self.stream
        for offset in 0...bytes.count {
            var decoder = EventStreamDecoder()
            let decoded = try decoder.feed(Array(bytes[..<offset])) + decoder.feed(Array(bytes[offset...]))
            #expect(decoded == Self.messages, "split at \(offset)")
            #expect(!decoder.hasPartialMessage)
        }
        var decoder = EventStreamDecoder()
        let oneByOne = try bytes.flatMap { try decoder.feed([$0]) }
        #expect(oneByOne == Self.messages)
    }

    /// The connector's path: frames straight to events, the same as decoding the message first.
    @Test func framesDecodeStraightToTheirEventsAtEverySplitOffset() throws {
        let errorFrame = EventStreamMessage(
            headers: [
                (":message-type", .string("error")), (":error-code", .string("InternalFailure")),
                (":error-message", .string("boom")),
            ], payload: [])
        let messages = Self.messages + [errorFrame]
        let bytes = messages.flatMap { $0.encoded() }
        func events(_ pieces: [[UInt8]]) throws -> [ServerSentEvent] {
            var decoder = EventStreamDecoder()
            let events = try pieces.flatMap { try decoder.feedEvents($0) }
            #expect(!decoder.hasPartialMessage)
            return events
        }
        let expected = messages.map(\.serverSentEvent)
        #expect(expected[4] == ServerSentEvent(event: "error:InternalFailure", data: "boom"))
        for offset in 0...bytes.count {
            #expect(try events([Array(bytes[..<offset]), Array(bytes[offset...])]) == expected, "split at \(offset)")
        }
        var corrupt = bytes
        corrupt[20] ^= 0x01
        #expect(throws: LLMError.self) { _ = try events([corrupt]) }
    }

    @Test func everyCorruptedByteIsADecodingError() {
        let frame = Self.messages[1].encoded()
        for index in frame.indices {
            var corrupt = frame
            corrupt[index] ^= 0x01
            var decoder = EventStreamDecoder()
            do {
                let decoded = try decoder.feed(corrupt)
                // A smaller length in the prelude fails its CRC; nothing else can decode.
                Issue.record("byte \(index) flipped decoded \(decoded.count) message(s)")
            } catch {
                #expect(error.code == .decoding, "byte \(index)")
                #expect(error.message.contains("CRC") || error.message.contains("length"), "\(error.message)")
            }
            // After a failure the decoder reads nothing more.
            #expect(throws: LLMError.self) { try decoder.feed(Self.messages[0].encoded()) }
        }
    }

    @Test func aPreludeCRCMismatchIsCaughtBeforeTheRestArrives() throws {
        var frame = Self.messages[0].encoded()
        frame[11] ^= 0xFF
        var decoder = EventStreamDecoder()
        #expect(throws: LLMError.self) { try decoder.feed(Array(frame[..<12])) }
    }

    @Test func oversizedAndImpossibleFramesAreRefused() throws {
        let big = EventStreamMessage(headers: [], payload: [UInt8](repeating: 0x41, count: 100)).encoded()
        var small = EventStreamDecoder(maxMessageBytes: 64)
        #expect(throws: LLMError.self) { try small.feed(big) }
        #expect(small.limitExceeded)
        // Total length 8 with a valid prelude CRC: shorter than any frame.
        var prelude: [UInt8] = [0, 0, 0, 8, 0, 0, 0, 0]
        let crc = CRC32.checksum(prelude)
        prelude += [UInt8(crc >> 24), UInt8((crc >> 16) & 0xFF), UInt8((crc >> 8) & 0xFF), UInt8(crc & 0xFF)]
        var decoder = EventStreamDecoder()
        #expect(throws: LLMError.self) { try decoder.feed(prelude + [0, 0, 0, 0]) }
    }

    @Test func framesBecomeEventsByMessageType() throws {
        #expect(
            Self.messages[0].serverSentEvent
                == ServerSentEvent(event: "messageStart", data: #"{"p":"abcd","role":"assistant"}"#))
        #expect(Self.messages[3].serverSentEvent.event == "exception:throttlingException")
        let error = EventStreamMessage(
            headers: [
                (":message-type", .string("error")), (":error-code", .string("InternalFailure")),
                (":error-message", .string("boom")),
            ], payload: [])
        #expect(error.serverSentEvent == ServerSentEvent(event: "error:InternalFailure", data: "boom"))
    }

    /// botocore's EventStreamBuffer parses the encoder's frames to the same headers and payloads.
    @Test func botocoreParsesTheEncodedFrames() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("frames-\(UUID().uuidString).bin")
        try Data(Self.stream).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await Subprocess.run(
            program: "python3",
            [RequestValidator.fixtures.appendingPathComponent("botocore_oracle.py").path, "frames", file.path])
        #expect(result.status == 0, "\(String(decoding: result.stderr, as: UTF8.self))")
        let parsed = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        #expect(parsed.count == Self.messages.count)
        for (message, oracle) in zip(Self.messages, parsed) {
            #expect(oracle["payload"] as? String == String(decoding: message.payload, as: UTF8.self))
            let headers = try #require(oracle["headers"] as? [String: Any])
            #expect(headers.count == message.headers.count)
            for (name, value) in message.headers {
                let seen = headers[name]
                switch value {
                case .string(let text): #expect(seen as? String == text, "\(name)")
                case .bool(let flag): #expect(seen as? Bool == flag, "\(name)")
                case .byte(let number): #expect(seen as? Int == Int(number), "\(name)")
                case .short(let number): #expect(seen as? Int == Int(number), "\(name)")
                case .int(let number): #expect(seen as? Int == Int(number), "\(name)")
                case .long(let number), .timestamp(let number): #expect(seen as? Int == Int(number), "\(name)")
                case .bytes(let bytes), .uuid(let bytes):
                    #expect(seen as? String == Data(bytes).base64EncodedString(), "\(name)")
                }
            }
        }
    }
}
