/// An incremental `text/event-stream` decoder (WHATWG HTML, "Server-sent events").
///
/// Feed it network chunks as they arrive; it returns the events completed by each chunk. Lines may
/// end in LF, CR or CRLF (a CRLF split across chunks counts once); an event may span any number of
/// chunks, and a UTF-8 character split across chunks is decoded whole, since bytes are only decoded
/// once their line is complete. A leading BOM is skipped, comment lines (`:`) ignored, `data:` lines
/// joined with `\n`. An unterminated event at the end of the stream is dropped, as the spec says.
///
/// Lines are read where they lie in the caller's buffer; only a line split across chunks is copied.
/// A line or an event's data longer than ``maxEventBytes`` stops the decoder
/// (``limitExceeded``): what a server can make it hold is bounded.
public struct SSEDecoder: Sendable {
    /// The longest line, and the most data one event may carry, in bytes.
    public let maxEventBytes: Int
    /// Set when a line or an event's data grew past ``maxEventBytes``; the decoder then reads
    /// nothing more.
    public private(set) var limitExceeded = false
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var event: String?
    private var id: String?
    private var retry: Int?
    private var lastByteWasCR = false
    private var atStreamStart = true
    private var bomCandidate: [UInt8] = []

    /// The default ``maxEventBytes``: 16 MB (a streamed image's base64 is a few MB).
    public static let defaultMaxEventBytes = 16 * 1024 * 1024

    /// Creates a decoder at the start of a stream.
    public init(maxEventBytes: Int = SSEDecoder.defaultMaxEventBytes) {
        self.maxEventBytes = max(1, maxEventBytes)
    }

    /// Decodes the next chunk of bytes and returns the events it completed.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [ServerSentEvent] where Bytes.Element == UInt8 {
        func all(_ buffer: UnsafeBufferPointer<UInt8>) -> [ServerSentEvent] {
            var events: [ServerSentEvent] = []
            var offset = 0
            while offset < buffer.count {
                let (event, consumed) = next(in: UnsafeBufferPointer(rebasing: buffer[offset...]))
                offset += consumed
                if let event { events.append(event) }
            }
            return events
        }
        return bytes.withContiguousStorageIfAvailable(all) ?? Array(bytes).withUnsafeBufferPointer(all)
    }

    /// Decodes from the start of `buffer` until one event completes, and returns it with the number
    /// of bytes read; without a complete event it reads (and keeps) the whole buffer. Reading one
    /// event at a time lets a stream hold its network buffer instead of every decoded event.
    public mutating func next(in buffer: UnsafeBufferPointer<UInt8>) -> (event: ServerSentEvent?, consumed: Int) {
        guard !limitExceeded else { return (nil, buffer.count) }
        var start = 0
        while atStreamStart && start < buffer.count {
            skipBOM(buffer[start])
            start += 1
        }
        while start < buffer.count {
            if lastByteWasCR {
                lastByteWasCR = false
                if buffer[start] == 0x0A {  // the LF of a CRLF: the line already ended at the CR
                    start += 1
                    continue
                }
            }
            var end = start
            while end < buffer.count, buffer[end] != 0x0A, buffer[end] != 0x0D { end += 1 }
            guard end < buffer.count else {
                guard line.count + (buffer.count - start) <= maxEventBytes else {
                    exceed()
                    return (nil, buffer.count)
                }
                line.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
                return (nil, buffer.count)
            }
            guard line.count + (end - start) <= maxEventBytes else {
                exceed()
                return (nil, buffer.count)
            }
            let event: ServerSentEvent?
            if line.isEmpty {
                event = endLine(UnsafeBufferPointer(rebasing: buffer[start..<end]))
            } else {
                line.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<end]))
                var completed: [UInt8] = []
                swap(&completed, &line)
                event = completed.withUnsafeBufferPointer { endLine($0) }
                completed.removeAll(keepingCapacity: true)
                swap(&completed, &line)
            }
            lastByteWasCR = buffer[end] == 0x0D
            start = end + 1
            if let event { return (event, start) }
        }
        return (nil, buffer.count)
    }

    /// Ends the stream: a partial event without its blank line is discarded, so this returns nothing
    /// but resets the decoder for reuse.
    public mutating func finish() {
        self = SSEDecoder(maxEventBytes: maxEventBytes)
    }

    /// Stops decoding and frees what was held.
    private mutating func exceed() {
        limitExceeded = true
        line = []
        data = []
        hasData = false
    }

    /// Whether bytes of an unfinished event are buffered (the stream stopped mid-event).
    public var hasPartialEvent: Bool {
        !line.isEmpty || hasData || event != nil
    }

    /// Skips a UTF-8 BOM (EF BB BF) at the start of the stream, which may itself arrive split.
    private mutating func skipBOM(_ byte: UInt8) {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        bomCandidate.append(byte)
        if bomCandidate == Array(bom.prefix(bomCandidate.count)) {
            if bomCandidate.count == 3 {
                atStreamStart = false
                bomCandidate = []
            }
            return
        }
        atStreamStart = false
        let pending = bomCandidate
        bomCandidate = []
        // At most three bytes, so they cannot complete an event (that takes at least "data\n\n").
        _ = pending.withUnsafeBufferPointer { next(in: $0) }
    }

    /// Handles one complete line; returns the event a blank line dispatches.
    private mutating func endLine(_ line: UnsafeBufferPointer<UInt8>) -> ServerSentEvent? {
        if line.isEmpty { return dispatch() }
        if line[0] == 0x3A { return nil }  // ':' comment
        let colon = line.firstIndex(of: 0x3A) ?? line.count
        let field = UnsafeBufferPointer(rebasing: line[..<colon])
        var valueStart = min(colon + 1, line.count)
        if valueStart < line.count && line[valueStart] == 0x20 { valueStart += 1 }
        let value = UnsafeBufferPointer(rebasing: line[valueStart...])
        if field.elementsEqual("data".utf8) {
            guard data.count + value.count + 1 <= maxEventBytes else {
                exceed()
                return nil
            }
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        } else if field.elementsEqual("event".utf8) {
            event = String(decoding: value, as: UTF8.self)
        } else if field.elementsEqual("id".utf8) {
            if !value.contains(0) { id = String(decoding: value, as: UTF8.self) }
        } else if field.elementsEqual("retry".utf8) {
            if let number = Int(String(decoding: value, as: UTF8.self)), number >= 0 { retry = number }
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            event = nil
        }
        guard hasData else { return nil }
        return ServerSentEvent(
            event: event.flatMap { $0.isEmpty ? nil : $0 }, data: String(decoding: data, as: UTF8.self), id: id,
            retry: retry)
    }
}
