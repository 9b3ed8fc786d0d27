import Foundation

/// Splits an MCP server's standard output into messages (one per line) in linear time, with a
/// bound on one message, on everything a server may send over its life, and on the bytes of lines
/// that are not JSON-RPC messages: past any bound the connection fails with a typed error instead
/// of growing, or of a quadratic search for the next newline.
struct MCPLineFramer {
    /// What went past a bound.
    enum Overflow: Error, Equatable {
        case message(limit: Int)
        case total(limit: Int)
        case noise(limit: Int)
    }

    let limits: MCPServer.Limits
    private var buffer: [UInt8] = []
    /// How far ``buffer`` is known to hold no newline.
    private var scanned = 0
    private var total = 0
    private var noise = 0

    init(limits: MCPServer.Limits) {
        self.limits = limits
    }

    /// Adds bytes read from the server; returns the messages they completed.
    /// - Throws: ``Overflow`` when a bound was passed.
    mutating func append(_ bytes: some Collection<UInt8>) throws(Overflow) -> [Data] {
        total += bytes.count
        guard total <= limits.maxTotalBytes else { throw .total(limit: limits.maxTotalBytes) }
        buffer.append(contentsOf: bytes)
        var messages: [Data] = []
        var start = 0
        var index = scanned
        while index < buffer.count {
            if buffer[index] == 0x0A {
                var end = index
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                if end > start { try take(start..<end, into: &messages) }
                start = index + 1
            }
            index += 1
        }
        if start > 0 { buffer.removeFirst(start) }
        scanned = buffer.count
        guard buffer.count <= limits.maxMessageBytes else { throw .message(limit: limits.maxMessageBytes) }
        return messages
    }

    /// Keeps a line that may be a JSON-RPC message (its first byte past white space opens an
    /// object or an array); counts any other against the noise bound.
    private mutating func take(_ range: Range<Int>, into messages: inout [Data]) throws(Overflow) {
        guard range.count <= limits.maxMessageBytes else { throw .message(limit: limits.maxMessageBytes) }
        let first = buffer[range].first { $0 != 0x20 && $0 != 0x09 }
        guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            noise += range.count
            guard noise <= limits.maxNoiseBytes else { throw .noise(limit: limits.maxNoiseBytes) }
            return
        }
        messages.append(Data(buffer[range]))
    }
}
