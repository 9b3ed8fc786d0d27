public import LLMCore

/// An incremental decoder of AWS event streams (`application/vnd.amazon.eventstream`, the framing
/// of Bedrock's ConverseStream, Transcribe, Kinesis...).
///
/// Feed it network buffers as they arrive; a frame may be split across buffers at any byte. A
/// frame that lies whole in a buffer is decoded where it lies; only a split one is copied. Both
/// checksums are verified: the prelude's before the decoder waits for the rest of a frame (so a
/// corrupt length is caught at once), the message's before the frame is returned. A checksum
/// mismatch, a length outside `16...maxMessageBytes`, a header that runs past its section or an
/// unknown header type is a `decoding` error, after which the decoder reads nothing more.
public struct EventStreamDecoder: Sendable {
    /// The largest frame accepted, in bytes.
    public let maxMessageBytes: Int
    /// Set when a frame was larger than ``maxMessageBytes``.
    public private(set) var limitExceeded = false
    private var pending: [UInt8] = []
    private var failed = false

    /// The smallest frame: the 12-byte prelude and the 4-byte message CRC.
    static let minimumLength = 16

    /// The default ``maxMessageBytes``: 16 MB.
    public static let defaultMaxMessageBytes = 16 * 1024 * 1024

    /// Creates a decoder at the start of a stream.
    public init(maxMessageBytes: Int = EventStreamDecoder.defaultMaxMessageBytes) {
        self.maxMessageBytes = max(Self.minimumLength, maxMessageBytes)
    }

    /// Whether bytes of an unfinished frame are held (a stream that ends now was cut).
    public var hasPartialMessage: Bool { !pending.isEmpty }

    /// Decodes every frame in `bytes` (for tests and tools).
    /// - Throws: ``LLMCore/LLMError`` (`decoding`) for a corrupt frame.
    public mutating func feed(_ bytes: [UInt8]) throws(LLMError) -> [EventStreamMessage] {
        try all(in: bytes) { decoder, buffer throws(LLMError) in try decoder.next(in: buffer) }
    }

    /// Decodes every frame in `bytes` into its event, as ``nextEvent(in:)`` does (for tests and
    /// tools).
    /// - Throws: ``LLMCore/LLMError`` (`decoding`) for a corrupt frame.
    public mutating func feedEvents(_ bytes: [UInt8]) throws(LLMError) -> [ServerSentEvent] {
        try all(in: bytes) { decoder, buffer throws(LLMError) in try decoder.nextEvent(in: buffer) }
    }

    /// Every value `step` decodes from `bytes`, one step after another.
    private mutating func all<Decoded>(
        in bytes: [UInt8],
        _ step: (inout EventStreamDecoder, UnsafeBufferPointer<UInt8>) throws(LLMError) -> (Decoded?, Int)
    ) throws(LLMError) -> [Decoded] {
        try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(LLMError) in
                var decoded: [Decoded] = []
                var offset = 0
                while offset < buffer.count {
                    let (value, consumed) = try step(&self, UnsafeBufferPointer(rebasing: buffer[offset...]))
                    offset += consumed
                    if let value { decoded.append(value) }
                }
                return decoded
            }
        }.get()
    }

    /// Decodes from the start of `buffer` until one frame completes, and returns it with the number
    /// of bytes read; without a complete frame it keeps the bytes it read.
    /// - Throws: ``LLMCore/LLMError`` (`decoding`) for a corrupt or oversized frame.
    public mutating func next(in buffer: UnsafeBufferPointer<UInt8>) throws(LLMError) -> (
        message: EventStreamMessage?, consumed: Int
    ) {
        try step(in: buffer, Self.frame)
    }

    /// Like ``next(in:)``, but returns the frame as the event the connector hands on
    /// (``EventStreamMessage/serverSentEvent``), making strings only of the headers that name it
    /// (every header is still checked) and of the payload, once.
    /// - Throws: ``LLMCore/LLMError`` (`decoding`) for a corrupt or oversized frame.
    public mutating func nextEvent(in buffer: UnsafeBufferPointer<UInt8>) throws(LLMError) -> (
        event: ServerSentEvent?, consumed: Int
    ) {
        try step(in: buffer, Self.event)
    }

    /// One step of decoding: the frame at the start of `buffer` (or completing the pending one),
    /// decoded in place by `decode` when it lies whole in `buffer`.
    private mutating func step<Decoded>(
        in buffer: UnsafeBufferPointer<UInt8>, _ decode: (UnsafeRawBufferPointer) -> Result<Decoded, Corrupt>
    ) throws(LLMError) -> (Decoded?, Int) {
        guard !failed else { throw Self.error("the event stream already failed") }
        if pending.isEmpty {
            guard buffer.count >= 12 else {
                pending.append(contentsOf: buffer)
                return (nil, buffer.count)
            }
            let total = try checked(Self.prelude(UnsafeRawBufferPointer(buffer), maxMessageBytes: maxMessageBytes))
            guard buffer.count >= total else {
                pending.reserveCapacity(total)
                pending.append(contentsOf: buffer)
                return (nil, buffer.count)
            }
            return (try checked(decode(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[..<total])))), total)
        }
        var taken = 0
        if pending.count < 12 {
            taken = min(12 - pending.count, buffer.count)
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<taken]))
            guard pending.count == 12 else { return (nil, taken) }
        }
        let prelude = pending.withUnsafeBytes { Self.prelude($0, maxMessageBytes: maxMessageBytes) }
        let total = try checked(prelude)
        let more = min(total - pending.count, buffer.count - taken)
        pending.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[taken..<(taken + more)]))
        taken += more
        guard pending.count == total else { return (nil, taken) }
        let frame = pending
        pending.removeAll(keepingCapacity: false)
        return (try checked(frame.withUnsafeBytes { decode($0) }), taken)
    }

    /// What a step of decoding found wrong.
    private struct Corrupt: Error {
        var message: String
        var tooLarge = false
    }

    /// The value, or the decoder failed for good.
    private mutating func checked<T>(_ result: Result<T, Corrupt>) throws(LLMError) -> T {
        switch result {
        case .success(let value): return value
        case .failure(let corrupt):
            if corrupt.tooLarge { limitExceeded = true }
            throw fail(corrupt.message)
        }
    }

    /// The frame length the prelude at the start of `bytes` (at least 12) gives, once its CRC and
    /// lengths are checked.
    private static func prelude(_ bytes: UnsafeRawBufferPointer, maxMessageBytes: Int) -> Result<Int, Corrupt> {
        let total = Int(uint32(bytes, at: 0))
        let headers = Int(uint32(bytes, at: 4))
        guard CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<8])) == uint32(bytes, at: 8) else {
            return .failure(
                Corrupt(message: "an event-stream frame's prelude CRC does not match (the stream is corrupt)"))
        }
        guard total >= minimumLength, headers <= total - minimumLength else {
            return .failure(
                Corrupt(message: "an event-stream frame's lengths are impossible (total \(total), headers \(headers))"))
        }
        guard total <= maxMessageBytes else {
            return .failure(
                Corrupt(
                    message: "an event-stream frame of \(total) bytes is over the limit of \(maxMessageBytes) bytes",
                    tooLarge: true))
        }
        return .success(total)
    }

    /// Whether the message CRC of a frame whose prelude was checked matches, and where its headers
    /// and payload lie.
    private static func sections(_ frame: UnsafeRawBufferPointer) -> Result<(headersEnd: Int, end: Int), Corrupt> {
        let end = frame.count - 4
        guard CRC32.checksum(UnsafeRawBufferPointer(rebasing: frame[0..<end])) == uint32(frame, at: end) else {
            return .failure(
                Corrupt(message: "an event-stream frame's message CRC does not match (the stream is corrupt)"))
        }
        return .success((12 + Int(uint32(frame, at: 4)), end))
    }

    private static func malformedHeader(at offset: Int) -> Corrupt {
        Corrupt(message: "an event-stream frame has a malformed header at byte \(offset)")
    }

    /// One whole frame whose prelude was checked, once its message CRC is.
    private static func frame(_ frame: UnsafeRawBufferPointer) -> Result<EventStreamMessage, Corrupt> {
        sections(frame).flatMap { headersEnd, end in
            var headers: [(name: String, value: EventStreamMessage.Value)] = []
            var offset = 12
            while offset < headersEnd {
                guard let header = span(frame, at: &offset, end: headersEnd) else {
                    return .failure(malformedHeader(at: offset))
                }
                headers.append(
                    (String(decoding: frame[header.name], as: UTF8.self), value(frame, header.type, header.value)))
            }
            return .success(EventStreamMessage(headers: headers, payload: Array(frame[headersEnd..<end])))
        }
    }

    /// One whole frame whose prelude was checked, as its event, once its message CRC is.
    private static func event(_ frame: UnsafeRawBufferPointer) -> Result<ServerSentEvent, Corrupt> {
        sections(frame).flatMap { headersEnd, end in
            var names = EventStreamMessage.EventNames()
            var offset = 12
            while offset < headersEnd {
                guard let header = span(frame, at: &offset, end: headersEnd) else {
                    return .failure(malformedHeader(at: offset))
                }
                if header.type == 7 {
                    names.read(
                        name: UnsafeRawBufferPointer(rebasing: frame[header.name]),
                        value: UnsafeRawBufferPointer(rebasing: frame[header.value]))
                }
            }
            return .success(names.event(payload: UnsafeRawBufferPointer(rebasing: frame[headersEnd..<end])))
        }
    }

    /// Where the header at `offset` lies — its name, type and value bytes — moving past it; nil
    /// when it runs past `end` or has an unknown type.
    private static func span(_ frame: UnsafeRawBufferPointer, at offset: inout Int, end: Int) -> (
        name: Range<Int>, type: UInt8, value: Range<Int>
    )? {
        let nameStart = offset + 1
        let typeIndex = nameStart + Int(frame[offset])
        guard typeIndex < end else { return nil }
        let type = frame[typeIndex]
        var start = typeIndex + 1
        let length: Int
        switch type {
        case 0, 1: length = 0
        case 2: length = 1
        case 3: length = 2
        case 4: length = 4
        case 5, 8: length = 8
        case 9: length = 16
        case 6, 7:
            guard start + 2 <= end else { return nil }
            length = Int(frame[start]) << 8 | Int(frame[start + 1])
            start += 2
        default: return nil
        }
        guard start + length <= end else { return nil }
        offset = start + length
        return (nameStart..<typeIndex, type, start..<offset)
    }

    /// The value of a header of `type` whose bytes are `range`.
    private static func value(_ frame: UnsafeRawBufferPointer, _ type: UInt8, _ range: Range<Int>)
        -> EventStreamMessage.Value
    {
        let integer = range.reduce(UInt64(0)) { $0 << 8 | UInt64(frame[$1]) }
        switch type {
        case 0: return .bool(true)
        case 1: return .bool(false)
        case 2: return .byte(Int8(truncatingIfNeeded: integer))
        case 3: return .short(Int16(truncatingIfNeeded: integer))
        case 4: return .int(Int32(truncatingIfNeeded: integer))
        case 5: return .long(Int64(bitPattern: integer))
        case 6: return .bytes(Array(frame[range]))
        case 7: return .string(String(decoding: frame[range], as: UTF8.self))
        case 8: return .timestamp(Int64(bitPattern: integer))
        default: return .uuid(Array(frame[range]))
        }
    }

    private static func uint32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }

    private mutating func fail(_ message: String) -> LLMError {
        failed = true
        pending = []
        return Self.error(message)
    }

    private static func error(_ message: String) -> LLMError {
        LLMError(code: .decoding, message: message, hint: "the answer is incomplete; retry the request")
    }
}
