public import Foundation

/// Tiny valid media files the simulator serves.
public enum SimulatorMedia {
    /// A 1x1 red PNG.
    public static let png = Data(
        base64Encoded:
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")!

    /// 100 ms of 8 kHz, 16-bit mono silence as WAV.
    public static let wav: Data = {
        let samples = 800
        var data = Data()
        func append(_ text: String) { data.append(contentsOf: Array(text.utf8)) }
        func append32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        func append16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        append("RIFF")
        append32(UInt32(36 + samples * 2))
        append("WAVEfmt ")
        append32(16)
        append16(1)  // PCM
        append16(1)  // mono
        append32(8_000)
        append32(16_000)
        append16(2)
        append16(16)
        append("data")
        append32(UInt32(samples * 2))
        data.append(Data(count: samples * 2))
        return data
    }()

    /// An ID3v2 header and one silent MPEG-1 Layer III frame (128 kbit/s, 44.1 kHz).
    public static let mp3: Data = {
        var data = Data([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00])
        data.append(contentsOf: [0xFF, 0xFB, 0x90, 0x64])
        data.append(Data(count: 417 - 4))
        return data
    }()

    /// An MP4 with an `ftyp` box and an empty `mdat` box.
    public static let mp4: Data = {
        var data = Data([0x00, 0x00, 0x00, 0x18])
        data.append(contentsOf: Array("ftypisom".utf8))
        data.append(contentsOf: [0x00, 0x00, 0x02, 0x00])
        data.append(contentsOf: Array("isomiso2".utf8))
        data.append(contentsOf: [0x00, 0x00, 0x00, 0x08])
        data.append(contentsOf: Array("mdat".utf8))
        return data
    }()
}
