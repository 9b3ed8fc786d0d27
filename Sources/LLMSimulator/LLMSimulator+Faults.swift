import Foundation

extension LLMSimulator {
    /// The faults every route shows the same way: a dropped connection, a redirect, a huge body,
    /// late headers. Returns whether to keep the connection open when the fault answered the
    /// request, nil when the route goes on (after the delay of `delayHeaders`).
    func transportFault(_ fault: SimulatorFault?, writer: ResponseWriter, standardHeaders: Bool) async throws
        -> Bool?
    {
        switch fault {
        case .dropConnection?:
            return false
        case .refuseStream?:
            HTTP2StreamControl.refuse(writer.channel)
            return false
        case .goAway?:
            try await HTTP2StreamControl.goAway(writer.channel)
            return false
        case .redirect(let location)?:
            try await writer.json(307, Data(), extra: [("location", location)], standardHeaders: standardHeaders)
            return true
        case .hugeBody(let bytes)?:
            try await writer.json(200, Data(repeating: 0x20, count: bytes), standardHeaders: standardHeaders)
            return true
        case .delayHeaders(let delay)?:
            try await Task.sleep(for: delay)
            return nil
        default:
            return nil
        }
    }

    /// Writes a stream's events (`event:` name, data) with the stream faults: a drop after some
    /// events, a delay between events. Returns false when the connection was dropped; otherwise
    /// the caller ends the stream.
    func writeEvents(_ events: [(name: String?, data: Data)], fault: SimulatorFault?, writer: ResponseWriter)
        async throws -> Bool
    {
        try await writeStream(count: events.count, fault: fault) { index in
            try await writer.event(events[index].data, name: events[index].name)
        }
    }

    /// Writes the `count` parts of a stream with `write` and the stream faults (see
    /// ``writeEvents(_:fault:writer:)``); false when the connection was dropped.
    func writeStream(count: Int, fault: SimulatorFault?, write: (Int) async throws -> Void) async throws -> Bool {
        for index in 0..<count {
            if case .dropMidStream(let after)? = fault, index >= after {
                try await Task.sleep(for: .milliseconds(50))
                return false
            }
            if case .delayChunks(let delay)? = fault, index > 0 { try await Task.sleep(for: delay) }
            try await write(index)
        }
        return true
    }
}
