import Foundation
import NIOConcurrencyHelpers
import SwiftLLM
import Testing

@testable import LLMProviders

/// The connector's binary event-stream path over real sockets: frames written in pieces that cut
/// them anywhere, SigV4 on every attempt, an exception frame before the content retried in place,
/// a JSON body where a stream was expected read as an error (not a checksum failure), and a
/// corrupt frame after the content.
@Suite(.serialized) struct EventStreamConnectorTests {
    /// Exception frames fail (mapped like Bedrock's HTTP errors); every other frame is content.
    struct Framing: StreamFraming {
        func role(of event: ServerSentEvent) -> StreamEventRole {
            guard let name = event.event, name.hasPrefix("exception:") else { return .content }
            return .failure(BedrockErrorMapper.error(exception: String(name.dropFirst(10)), payload: event.data))
        }
        var requiresTerminal: Bool { false }
        var terminalName: String { "the end of the body" }
        var encoding: StreamEncoding { .awsEventStream }
    }

    static func frame(_ type: String, _ json: String, exception: Bool = false) -> [UInt8] {
        EventStreamMessage(
            headers: [
                (exception ? ":exception-type" : ":event-type", .string(type)),
                (":content-type", .string("application/json")),
                (":message-type", .string(exception ? "exception" : "event")),
            ], payload: Array(json.utf8)
        ).encoded()
    }

    static let frames: [[UInt8]] = (0..<20).map {
        frame("contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"text":"w\#($0) "}}"#)
    }

    static let head: [(String, String)] = [
        ("content-type", "application/vnd.amazon.eventstream"), ("x-amzn-requestid", "req-es-1"),
    ]

    static func collect(_ server: HostileServer, retries: Int = 1) async throws -> (
        events: [ServerSentEvent], info: ResponseInfo?, error: LLMError?
    ) {
        try await server.start()
        let credentials = AWSCredentials(accessKeyId: "AKIDTEST", secretAccessKey: APIKey("es-secret-value"))
        let configuration = ConnectorConfiguration(
            primary: .bedrock(region: "us-east-1", baseURL: server.baseURL, credentials: { credentials }),
            retry: RetryPolicy(maxRetries: retries, baseBackoff: .milliseconds(20), jitter: false),
            allowInsecureHTTP: true)
        let connector = try Connector(configuration: configuration)
        var events: [ServerSentEvent] = []
        var info: ResponseInfo?
        var failure: LLMError?
        let request = ConnectorRequest(
            path: "model/amazon.nova-lite-v1%3A0/converse-stream", body: Data("{}".utf8), framing: Framing())
        do {
            for try await element in connector.stream(request, context: RequestContext()) {
                switch element {
                case .opened(let opened): info = opened
                case .event(let event): events.append(event)
                case .whole: Issue.record("a whole body where events were expected")
                }
            }
        } catch {
            failure = error as? LLMError
        }
        try await connector.shutdown()
        await server.shutdown()
        return (events, info, failure)
    }

    @Test func framesCutAnywhereArriveWholeAndInOrderFromASignedRequest() async throws {
        let requests = NIOLockedValueBox<[String]>([])
        let server = HostileServer { connection in
            let request = try await connection.readRequest()
            requests.withLockedValue { $0.append(request) }
            try await connection.head(Self.head)
            let bytes = Self.frames.flatMap { $0 }
            var offset = 0
            var size = 1
            while offset < bytes.count {  // pieces of 1, 8, 15, ... bytes
                let end = min(bytes.count, offset + size)
                try await connection.write(Data(bytes[offset..<end]))
                offset = end
                size = size % 60 + 7
            }
            try await connection.close()
        }
        let result = try await Self.collect(server)
        #expect(result.error == nil)
        #expect(result.events.count == 20)
        #expect(result.events.map(\.event) == Array(repeating: "contentBlockDelta", count: 20))
        #expect(result.events[7].data.contains(#""w7 ""#))
        #expect(result.info?.requestId == "req-es-1")
        let request = try #require(requests.withLockedValue { $0.first }?.lowercased())
        #expect(request.contains("accept: application/vnd.amazon.eventstream"))
        #expect(request.contains("authorization: aws4-hmac-sha256 credential=akidtest/"))
        #expect(request.contains("/us-east-1/bedrock/aws4_request"))
        #expect(!request.contains("es-secret-value"))
    }

    @Test func anExceptionFrameBeforeTheContentIsRetriedInPlace() async throws {
        let connections = NIOLockedValueBox(0)
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            let first = connections.withLockedValue { count in
                count += 1
                return count == 1
            }
            try await connection.head(Self.head)
            if first {
                try await connection.write(
                    Data(Self.frame("throttlingException", #"{"message":"Too many requests"}"#, exception: true)))
            } else {
                try await connection.write(Data(Self.frames[0]))
            }
            try await connection.close()
        }
        let result = try await Self.collect(server)
        #expect(result.error == nil)
        #expect(result.info?.attempts == 2)
        #expect(result.events.count == 1)
    }

    @Test func aJSONBodyWhereAStreamWasExpectedIsTheErrorItCarries() async throws {
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.json(
                status: 200, #"{"message":"The provided model identifier is invalid."}"#,
                [("x-amzn-errortype", "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/")])
        }
        let result = try await Self.collect(server)
        #expect(result.error?.code == .invalidRequest)
        #expect(result.error?.providerMessage == "The provided model identifier is invalid.")
        #expect(result.error?.message.contains("CRC") == false)
    }

    @Test func aCorruptFrameAfterTheContentEndsTheStreamAsDecoding() async throws {
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.head(Self.head)
            var corrupt = Self.frames[1]
            corrupt[corrupt.count - 6] ^= 0x20
            try await connection.write(Data(Self.frames[0] + corrupt + Self.frames[2]))
            try await connection.close()
        }
        let result = try await Self.collect(server)
        #expect(result.events.count == 1)
        #expect(result.error?.code == .streamInterrupted)
        #expect(result.error?.providerCode == "decoding")
        #expect(result.error?.message.contains("message CRC does not match") == true)
    }

    @Test func aStreamCutInsideAFrameIsInterrupted() async throws {
        let server = HostileServer { connection in
            _ = try await connection.readRequest()
            try await connection.head(Self.head)
            try await connection.write(Data(Self.frames[0] + Self.frames[1].prefix(10)))
            try await connection.close()
        }
        let result = try await Self.collect(server)
        #expect(result.events.count == 1)
        #expect(result.error?.code == .streamInterrupted)
        #expect(result.error?.message.contains("inside a frame") == true)
    }
}
