import Foundation
import LLMMedia
import Testing

@Suite struct MIMESnifferTests {
    static let samples: [(String, [UInt8], MIMEType)] = [
        ("png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00], .png),
        ("jpeg", [0xFF, 0xD8, 0xFF, 0xDB, 0x00], .jpeg),
        ("gif87", Array("GIF87a..".utf8), .gif),
        ("gif89", Array("GIF89a..".utf8), .gif),
        ("webp", Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8), .webp),
        ("wav", Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8), .wav),
        ("mp3 id3", Array("ID3\u{4}\u{0}".utf8), .mp3),
        ("mp3 frame", [0xFF, 0xFB, 0x90, 0x64], .mp3),
        ("flac", Array("fLaC\u{0}".utf8), .flac),
        ("ogg", Array("OggS\u{0}".utf8), .ogg),
        ("mp4", [0, 0, 0, 0x18] + Array("ftypisom".utf8), .mp4),
        ("mov ftyp", [0, 0, 0, 0x14] + Array("ftypqt  ".utf8), .quickTime),
        ("mov moov", [0, 0, 0, 0x14] + Array("moov".utf8), .quickTime),
        ("webm", [0x1A, 0x45, 0xDF, 0xA3, 0x9F], .webm),
    ]

    @Test(arguments: samples.indices)
    func sniffsMagicBytes(index: Int) {
        let (name, bytes, expected) = Self.samples[index]
        #expect(MIMESniffer.sniff(Data(bytes)) == expected, "\(name)")
    }

    @Test func unknownAndShortInputsAreNil() {
        #expect(MIMESniffer.sniff(Data()) == nil)
        #expect(MIMESniffer.sniff(Data("hello world".utf8)) == nil)
        #expect(MIMESniffer.sniff(Data([0x89, 0x50])) == nil)
        #expect(MIMESniffer.sniff(Data("RIFF".utf8)) == nil)
        // A JPEG prefix cut short is not a JPEG.
        #expect(MIMESniffer.sniff(Data([0xFF, 0xD8])) == nil)
    }

    @Test func mimeTypeProperties() {
        #expect(MIMEType(rawValue: "IMAGE/PNG") == .png)
        #expect(MIMEType(rawValue: "image/png; q=1").essence == "image/png")
        #expect(MIMEType.mp3.fileExtension == "mp3")
        #expect(MIMEType.quickTime.mediaType == .video)
        #expect(MIMEType.wav.mediaType == .audio)
        #expect(MIMEType.octetStream.mediaType == nil)
    }
}
