/// An incremental `text/event-stream` decoder (WHATWG HTML, "Server-sent events").
///
/// Feed it network chunks as they arrive; it returns the events completed by each chunk. Lines may
/// end in LF, CR or CRLF (a CRLF split across chunks counts once); an event may span any number of
/// chunks, and a UTF-8 character split across chunks is decoded whole, since bytes are only decoded
/// once their line is complete. A leading BOM is skipped, comment lines (`:`) ignored, `data:` lines
/// joined with `\n`. An unterminated event at the end of the stream is dropped, as the spec says.
public struct SSEDecoder: Sendable {
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var event: String?
    private var id: String?
    private var retry: Int?
    private var lastByteWasCR = false
    private var atStreamStart = true
    private var bomCandidate: [UInt8] = []

    /// Creates a decoder at the start of a stream.
    public init() {}

    /// Decodes the next chunk of bytes and returns the events it completed.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [ServerSentEvent] where Bytes.Element == UInt8 {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if atStreamStart {
                // Skip a UTF-8 BOM (EF BB BF), which may itself arrive split.
                bomCandidate.append(byte)
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                if bomCandidate == Array(bom.prefix(bomCandidate.count)) {
                    if bomCandidate.count == 3 {
                        atStreamStart = false
                        bomCandidate = []
                    }
                    continue
                }
                atStreamStart = false
                let pending = bomCandidate
                bomCandidate = []
                for pendingByte in pending { process(pendingByte, into: &events) }
                continue
            }
            process(byte, into: &events)
        }
        return events
    }

    /// Ends the stream: a partial event without its blank line is discarded, so this returns nothing
    /// but resets the decoder for reuse.
    public mutating func finish() {
        self = SSEDecoder()
    }

    /// Whether bytes of an unfinished event are buffered (the stream stopped mid-event).
    public var hasPartialEvent: Bool {
        !line.isEmpty || hasData || event != nil
    }

    private mutating func process(_ byte: UInt8, into events: inout [ServerSentEvent]) {
        switch byte {
        case 0x0A:  // LF
            if lastByteWasCR {
                lastByteWasCR = false  // the LF of a CRLF: the line already ended at the CR
                return
            }
            endLine(into: &events)
        case 0x0D:  // CR
            lastByteWasCR = true
            endLine(into: &events)
        default:
            lastByteWasCR = false
            line.append(byte)
        }
    }

    private mutating func endLine(into events: inout [ServerSentEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            dispatch(into: &events)
            return
        }
        if line[0] == 0x3A { return }  // ':' comment
        let colon = line.firstIndex(of: 0x3A)
        let field = String(decoding: colon.map { line[..<$0] } ?? line[...], as: UTF8.self)
        var valueStart = colon.map { $0 + 1 } ?? line.count
        if valueStart < line.count && line[valueStart] == 0x20 { valueStart += 1 }
        let value = line[valueStart...]
        switch field {
        case "data":
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        case "event":
            event = String(decoding: value, as: UTF8.self)
        case "id":
            if !value.contains(0) { id = String(decoding: value, as: UTF8.self) }
        case "retry":
            if let number = Int(String(decoding: value, as: UTF8.self)), number >= 0 { retry = number }
        default:
            break
        }
    }

    private mutating func dispatch(into events: inout [ServerSentEvent]) {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            event = nil
        }
        guard hasData else { return }
        events.append(
            ServerSentEvent(
                event: event.flatMap { $0.isEmpty ? nil : $0 }, data: String(decoding: data, as: UTF8.self), id: id,
                retry: retry))
    }
}
