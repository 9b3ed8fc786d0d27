/// One message of an AWS event stream (`application/vnd.amazon.eventstream`): typed headers and a
/// payload. ``EventStreamDecoder`` reads them from the network; ``encoded()`` writes one (for
/// simulators and tests).
///
/// A frame is a prelude (total length and headers length, big-endian `UInt32`s, then the CRC-32
/// of those eight bytes), the headers (a one-byte name length, the name, a type byte, the value),
/// the payload, and the CRC-32 of everything before it.
public struct EventStreamMessage: Sendable, Hashable {
    /// The headers in frame order (`:message-type`, `:event-type`, `:content-type`, ...).
    public var headers: [(name: String, value: Value)]
    /// The payload bytes (JSON for Bedrock's events).
    public var payload: [UInt8]

    /// A header value, by its wire type.
    public enum Value: Sendable, Hashable {
        /// Type 0 (true) or 1 (false).
        case bool(Bool)
        /// Type 2.
        case byte(Int8)
        /// Type 3.
        case short(Int16)
        /// Type 4.
        case int(Int32)
        /// Type 5.
        case long(Int64)
        /// Type 6, at most 65,535 bytes.
        case bytes([UInt8])
        /// Type 7, UTF-8, at most 65,535 bytes.
        case string(String)
        /// Type 8: milliseconds since 1970.
        case timestamp(Int64)
        /// Type 9: 16 bytes.
        case uuid([UInt8])
    }

    /// Creates a message.
    public init(headers: [(name: String, value: Value)], payload: [UInt8]) {
        self.headers = headers
        self.payload = payload
    }

    /// The string value of a header, if it has one of that name and type.
    public func string(_ name: String) -> String? {
        for header in headers where header.name == name {
            if case .string(let value) = header.value { return value }
        }
        return nil
    }

    /// The message as the connector hands it on: for `:message-type` `event`, an event named by
    /// `:event-type`; for `exception`, one named `exception:` and the `:exception-type`; for
    /// `error`, one named `error:` and the `:error-code`, whose data is the `:error-message` when
    /// the payload is empty. The data is the payload as UTF-8.
    public var serverSentEvent: ServerSentEvent {
        var names = EventNames()
        for header in headers {
            guard case .string(let value) = header.value else { continue }
            Array(header.name.utf8).withUnsafeBytes { name in
                Array(value.utf8).withUnsafeBytes { names.read(name: name, value: $0) }
            }
        }
        return names.event(payload: payload)
    }

    /// The string headers that name a message's event, read from a frame's bytes or a message.
    struct EventNames {
        var messageType: String?
        var eventType: String?
        var exceptionType: String?
        var errorCode: String?
        var errorMessage: String?

        /// Keeps the value of a string header if its name is one of these.
        mutating func read(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
            func text() -> String { String(decoding: value, as: UTF8.self) }
            if name.elementsEqual(":event-type".utf8) {
                eventType = text()
            } else if name.elementsEqual(":message-type".utf8) {
                messageType = text()
            } else if name.elementsEqual(":exception-type".utf8) {
                exceptionType = text()
            } else if name.elementsEqual(":error-code".utf8) {
                errorCode = text()
            } else if name.elementsEqual(":error-message".utf8) {
                errorMessage = text()
            }
        }

        /// The event (see ``EventStreamMessage/serverSentEvent``) with `payload` as its data.
        func event<Payload: Collection>(payload: Payload) -> ServerSentEvent where Payload.Element == UInt8 {
            switch messageType ?? "event" {
            case "exception":
                return ServerSentEvent(
                    event: "exception:" + (exceptionType ?? ""), data: String(decoding: payload, as: UTF8.self))
            case "error":
                return ServerSentEvent(
                    event: "error:" + (errorCode ?? ""),
                    data: payload.isEmpty ? (errorMessage ?? "") : String(decoding: payload, as: UTF8.self))
            default: return ServerSentEvent(event: eventType, data: String(decoding: payload, as: UTF8.self))
            }
        }
    }

    /// The frame's bytes.
    public func encoded() -> [UInt8] {
        var headerBytes: [UInt8] = []
        for (name, value) in headers {
            let nameBytes = Array(name.utf8.prefix(255))
            headerBytes.append(UInt8(nameBytes.count))
            headerBytes += nameBytes
            switch value {
            case .bool(let flag): headerBytes.append(flag ? 0 : 1)
            case .byte(let number):
                headerBytes.append(2)
                headerBytes.append(UInt8(bitPattern: number))
            case .short(let number):
                headerBytes.append(3)
                Self.append(UInt64(UInt16(bitPattern: number)), bytes: 2, to: &headerBytes)
            case .int(let number):
                headerBytes.append(4)
                Self.append(UInt64(UInt32(bitPattern: number)), bytes: 4, to: &headerBytes)
            case .long(let number):
                headerBytes.append(5)
                Self.append(UInt64(bitPattern: number), bytes: 8, to: &headerBytes)
            case .bytes(let bytes):
                headerBytes.append(6)
                Self.appendSized(Array(bytes.prefix(65_535)), to: &headerBytes)
            case .string(let text):
                headerBytes.append(7)
                Self.appendSized(Array(text.utf8.prefix(65_535)), to: &headerBytes)
            case .timestamp(let millis):
                headerBytes.append(8)
                Self.append(UInt64(bitPattern: millis), bytes: 8, to: &headerBytes)
            case .uuid(let bytes):
                headerBytes.append(9)
                headerBytes += (bytes + [UInt8](repeating: 0, count: 16)).prefix(16)
            }
        }
        var frame: [UInt8] = []
        let total = 16 + headerBytes.count + payload.count
        frame.reserveCapacity(total)
        Self.append(UInt64(total), bytes: 4, to: &frame)
        Self.append(UInt64(headerBytes.count), bytes: 4, to: &frame)
        Self.append(UInt64(CRC32.checksum(frame)), bytes: 4, to: &frame)
        frame += headerBytes
        frame += payload
        Self.append(UInt64(CRC32.checksum(frame)), bytes: 4, to: &frame)
        return frame
    }

    private static func append(_ value: UInt64, bytes: Int, to out: inout [UInt8]) {
        for shift in stride(from: (bytes - 1) * 8, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }

    private static func appendSized(_ bytes: [UInt8], to out: inout [UInt8]) {
        append(UInt64(bytes.count), bytes: 2, to: &out)
        out += bytes
    }

    /// Headers compare by name and value, in order.
    public static func == (lhs: EventStreamMessage, rhs: EventStreamMessage) -> Bool {
        lhs.payload == rhs.payload && lhs.headers.count == rhs.headers.count
            && zip(lhs.headers, rhs.headers).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    /// Hashes the payload and the header names.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(payload)
        for header in headers { hasher.combine(header.name) }
    }
}
