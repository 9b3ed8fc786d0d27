public import Foundation

/// Finds the MIME type of media bytes from their magic numbers, never from a file name.
public enum MIMESniffer {
    /// Returns the MIME type of `data`, or nil when the bytes are none of the known formats:
    /// PNG, JPEG, GIF, WebP, WAV, MP3, FLAC, Ogg, MP4, MOV, WebM and PDF.
    public static func sniff(_ data: Data) -> MIMEType? {
        let bytes = [UInt8](data.prefix(64))
        func has(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }
        func ascii(_ string: String, at offset: Int = 0) -> Bool {
            has(Array(string.utf8), at: offset)
        }
        if has([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if has([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if ascii("GIF87a") || ascii("GIF89a") { return .gif }
        if ascii("RIFF") && ascii("WEBP", at: 8) { return .webp }
        if ascii("RIFF") && ascii("WAVE", at: 8) { return .wav }
        if ascii("ID3") { return .mp3 }
        // An MPEG audio frame header: 11 sync bits, then a layer that is not "reserved".
        if bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0 && bytes[1] & 0x06 != 0 {
            return .mp3
        }
        if ascii("fLaC") { return .flac }
        if ascii("%PDF-") { return .pdf }
        if ascii("OggS") { return .ogg }
        if has([0x1A, 0x45, 0xDF, 0xA3]) { return .webm }
        if ascii("ftyp", at: 4) {
            return ascii("qt  ", at: 8) ? .quickTime : .mp4
        }
        // Old QuickTime files start with a moov/mdat/wide/free atom rather than ftyp.
        if ascii("moov", at: 4) || ascii("mdat", at: 4) || ascii("wide", at: 4) { return .quickTime }
        return nil
    }
}
