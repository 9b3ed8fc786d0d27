/// `bytes` as lowercase hexadecimal, two digits a byte (a digest's usual spelling: SigV4's hashes
/// and signatures, the response cache's keys).
package func lowercaseHex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    var digits: [UInt8] = []
    digits.reserveCapacity(bytes.underestimatedCount * 2)
    for byte in bytes {
        digits.append(hexDigits[Int(byte >> 4)])
        digits.append(hexDigits[Int(byte & 0x0F)])
    }
    return String(decoding: digits, as: UTF8.self)
}

private let hexDigits = Array("0123456789abcdef".utf8)
