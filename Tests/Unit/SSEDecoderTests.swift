import Connectors
import Testing

@Suite struct SSEDecoderTests {
    /// Feeds `bytes` split at `offset` (and, separately, byte by byte) and returns the events.
    static func decode(_ bytes: [UInt8], splitAt offset: Int) -> [ServerSentEvent] {
        var decoder = SSEDecoder()
        return decoder.feed(bytes[..<offset]) + decoder.feed(bytes[offset...])
    }

    static let fixtures: [(name: String, text: String, expected: [ServerSentEvent])] = [
        ("LF", "data: a\n\ndata: b\n\n", [ServerSentEvent(data: "a"), ServerSentEvent(data: "b")]),
        ("CRLF", "data: a\r\n\r\ndata: b\r\n\r\n", [ServerSentEvent(data: "a"), ServerSentEvent(data: "b")]),
        ("CR", "data: a\r\rdata: b\r\r", [ServerSentEvent(data: "a"), ServerSentEvent(data: "b")]),
        ("multi-line data", "data: one\ndata: two\ndata\n\n", [ServerSentEvent(data: "one\ntwo\n")]),
        ("comments", ": keep-alive\ndata: x\n: another\n\n", [ServerSentEvent(data: "x")]),
        (
            "event, id and retry", "event: update\nid: 7\nretry: 3000\ndata: {\"a\":1}\n\n",
            [ServerSentEvent(event: "update", data: "{\"a\":1}", id: "7", retry: 3000)]
        ),
        ("no space after colon", "data:tight\n\n", [ServerSentEvent(data: "tight")]),
        ("UTF-8", "data: héllo 日本 🎉\n\n", [ServerSentEvent(data: "héllo 日本 🎉")]),
        ("BOM", "\u{FEFF}data: after bom\n\n", [ServerSentEvent(data: "after bom")]),
        (
            "DONE", "data: {\"x\":1}\n\ndata: [DONE]\n\n",
            [ServerSentEvent(data: "{\"x\":1}"), ServerSentEvent(data: "[DONE]")]
        ),
        ("no data no event", "event: ping\n\n\n\ndata: y\n\n", [ServerSentEvent(data: "y")]),
        ("unterminated last event is dropped", "data: a\n\ndata: partial", [ServerSentEvent(data: "a")]),
    ]

    @Test(arguments: fixtures.indices)
    func fixtureDecodesIdenticallyAtEverySplit(index: Int) {
        let fixture = Self.fixtures[index]
        let bytes = Array(fixture.text.utf8)
        for offset in 0...bytes.count {
            #expect(Self.decode(bytes, splitAt: offset) == fixture.expected, "\(fixture.name) split at \(offset)")
        }
        var decoder = SSEDecoder()
        let oneByOne = bytes.flatMap { decoder.feed([$0]) }
        #expect(oneByOne == fixture.expected, "\(fixture.name) byte by byte")
    }

    @Test(arguments: fixtures.indices)
    func oneEventAtATimeMatchesFeed(index: Int) {
        let fixture = Self.fixtures[index]
        let bytes = Array(fixture.text.utf8)
        for offset in 0...bytes.count {
            var decoder = SSEDecoder()
            var events: [ServerSentEvent] = []
            for piece in [bytes[..<offset], bytes[offset...]] {
                let piece = Array(piece)
                var start = 0
                while start < piece.count {
                    let (event, consumed) = piece.withUnsafeBufferPointer {
                        decoder.next(in: UnsafeBufferPointer(rebasing: $0[start...]))
                    }
                    #expect(consumed > 0)
                    start += consumed
                    if let event { events.append(event) }
                }
            }
            #expect(events == fixture.expected, "\(fixture.name) split at \(offset)")
        }
    }

    @Test func partialEventIsReported() {
        var decoder = SSEDecoder()
        _ = decoder.feed(Array("data: half".utf8))
        #expect(decoder.hasPartialEvent)
        _ = decoder.feed(Array("\n\n".utf8))
        #expect(!decoder.hasPartialEvent)
    }

    /// A line without its newline, or an event of many lines, stops growing at the limit: the
    /// decoder says so and holds no more.
    @Test func aLineOrAnEventOverTheLimitStopsTheDecoder() {
        var long = SSEDecoder(maxEventBytes: 64)
        #expect(long.feed(Array("data: \(String(repeating: "x", count: 40))".utf8)).isEmpty)
        #expect(!long.limitExceeded)
        #expect(long.feed(Array(String(repeating: "y", count: 40).utf8)).isEmpty)
        #expect(long.limitExceeded)
        #expect(long.feed(Array("\n\ndata: after\n\n".utf8)).isEmpty)

        var many = SSEDecoder(maxEventBytes: 64)
        let lines = String(repeating: "data: 0123456789\n", count: 10)
        #expect(many.feed(Array(lines.utf8)).isEmpty)
        #expect(many.limitExceeded)

        var fits = SSEDecoder(maxEventBytes: 64)
        #expect(fits.feed(Array("data: \(String(repeating: "z", count: 50))\n\n".utf8)).count == 1)
        #expect(!fits.limitExceeded)
    }
}
