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
        try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(LLMError) in
                var messages: [EventStreamMessage] = []
                var offset = 0
                while offset < buffer.count {
                    let (message, consumed) = try next(in: UnsafeBufferPointer(rebasing: buffer[offset...]))
                    offset += consumed
                    if let message { messages.append(message) }
                }
                return messages
            }
        }.get()
    }

    /// Decodes from the start of `buffer` until one frame completes, and returns it with the number
    /// of bytes read; without a complete frame it keeps the bytes it read.
    /// - Throws: ``LLMCore/LLMError`` (`decoding`) for a corrupt or oversized frame.
    public mutating func next(in buffer: UnsafeBufferPointer<UInt8>) throws(LLMError) -> (
        message: EventStreamMessage?, consumed: Int
    ) {
        guard !failed else { throw Self.error("the event stream already failed") }
        if pending.isEmpty {
            guard buffer.count >= 12 else {
                pending.append(contentsOf: buffer)
                return (nil, buffer.count)
            }
            let total = try checkPrelude(UnsafeRawBufferPointer(buffer))
            guard buffer.count >= total else {
                pending.reserveCapacity(total)
                pending.append(contentsOf: buffer)
                return (nil, buffer.count)
            }
            return (try decodeFrame(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[..<total]))), total)
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
        return (try checked(frame.withUnsafeBytes { Self.frame($0) }), taken)
    }

    /// Checks the prelude at the start of `bytes` (at least 12) and returns the frame's length.
    private mutating func checkPrelude(_ bytes: UnsafeRawBufferPointer) throws(LLMError) -> Int {
        try checked(Self.prelude(bytes, maxMessageBytes: maxMessageBytes))
    }

    /// Decodes one whole frame whose prelude was checked.
    private mutating func decodeFrame(_ frame: UnsafeRawBufferPointer) throws(LLMError) -> EventStreamMessage {
        try checked(Self.frame(frame))
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

    /// One whole frame whose prelude was checked, once its message CRC is.
    private static func frame(_ frame: UnsafeRawBufferPointer) -> Result<EventStreamMessage, Corrupt> {
        let end = frame.count - 4
        guard CRC32.checksum(UnsafeRawBufferPointer(rebasing: frame[0..<end])) == uint32(frame, at: end) else {
            return .failure(
                Corrupt(message: "an event-stream frame's message CRC does not match (the stream is corrupt)"))
        }
        let headersEnd = 12 + Int(uint32(frame, at: 4))
        var headers: [(name: String, value: EventStreamMessage.Value)] = []
        var offset = 12
        while offset < headersEnd {
            guard let header = header(frame, at: &offset, end: headersEnd) else {
                return .failure(Corrupt(message: "an event-stream frame has a malformed header at byte \(offset)"))
            }
            headers.append(header)
        }
        return .success(EventStreamMessage(headers: headers, payload: Array(frame[headersEnd..<end])))
    }

    /// The header at `offset`, moving past it; nil when it runs past `end` or has an unknown type.
    private static func header(_ frame: UnsafeRawBufferPointer, at offset: inout Int, end: Int) -> (
        name: String, value: EventStreamMessage.Value
    )? {
        let nameLength = Int(frame[offset])
        guard offset + 1 + nameLength + 1 <= end else { return nil }
        let name = String(decoding: frame[(offset + 1)..<(offset + 1 + nameLength)], as: UTF8.self)
        var cursor = offset + 1 + nameLength
        let type = frame[cursor]
        cursor += 1
        func fixed(_ count: Int) -> UInt64? {
            guard cursor + count <= end else { return nil }
            var value: UInt64 = 0
            for index in cursor..<(cursor + count) { value = value << 8 | UInt64(frame[index]) }
            cursor += count
            return value
        }
        func sized() -> [UInt8]? {
            guard let count = fixed(2).map(Int.init), cursor + count <= end else { return nil }
            defer { cursor += count }
            return Array(frame[cursor..<(cursor + count)])
        }
        let value: EventStreamMessage.Value
        switch type {
        case 0: value = .bool(true)
        case 1: value = .bool(false)
        case 2:
            guard let raw = fixed(1) else { return nil }
            value = .byte(Int8(truncatingIfNeeded: raw))
        case 3:
            guard let raw = fixed(2) else { return nil }
            value = .short(Int16(truncatingIfNeeded: raw))
        case 4:
            guard let raw = fixed(4) else { return nil }
            value = .int(Int32(truncatingIfNeeded: raw))
        case 5:
            guard let raw = fixed(8) else { return nil }
            value = .long(Int64(bitPattern: raw))
        case 6:
            guard let bytes = sized() else { return nil }
            value = .bytes(bytes)
        case 7:
            guard let bytes = sized() else { return nil }
            value = .string(String(decoding: bytes, as: UTF8.self))
        case 8:
            guard let raw = fixed(8) else { return nil }
            value = .timestamp(Int64(bitPattern: raw))
        case 9:
            guard cursor + 16 <= end else { return nil }
            value = .uuid(Array(frame[cursor..<(cursor + 16)]))
            cursor += 16
        default: return nil
        }
        offset = cursor
        return (name, value)
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
