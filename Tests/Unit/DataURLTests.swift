import Foundation
import LLMMedia
import Testing

@Suite struct DataURLTests {
    @Test func roundTripsBase64() throws {
        let bytes = Data((0...255).map { UInt8($0) })
        let url = DataURL(mimeType: .png, data: bytes)
        #expect(url.description.hasPrefix("data:image/png;base64,"))
        let parsed = try DataURL(parsing: url.description)
        #expect(parsed == url)
    }

    @Test func parsesPercentEncodedAndDefaultType() throws {
        let parsed = try DataURL(parsing: "data:,Hello%2C%20World")
        #expect(parsed.mimeType == "text/plain")
        #expect(String(decoding: parsed.data, as: UTF8.self) == "Hello, World")
        let typed = try DataURL(parsing: "data:text/plain;charset=utf-8;base64,aGk=")
        #expect(typed.mimeType.essence == "text/plain")
        #expect(typed.data == Data("hi".utf8))
    }

    /// Found by the fuzzer: `base64` as the only parameter used to index an empty list.
    @Test func base64WithoutATypeIsTextPlain() throws {
        let parsed = try DataURL(parsing: "data:base64,aGk=")
        #expect(parsed.mimeType == "text/plain")
        #expect(parsed.data == Data("hi".utf8))
        #expect(try DataURL(parsing: "data:;base64,").data.isEmpty)
    }

    @Test func acceptsUppercaseSchemeAndUnpaddedBase64() throws {
        let parsed = try DataURL(parsing: "DATA:image/png;base64,aGk")
        #expect(parsed.data == Data("hi".utf8))
    }

    @Test(arguments: [
        ("image/png;base64,AAAA", "it does not start with 'data:'"),
        ("data:image/png;base64", "there is no ',' before the payload"),
        ("data:image/png;base64,@@@@", "the payload is not valid base64"),
        ("data:png;base64,AAAA", "'png' is not a MIME type"),
    ])
    func rejectsMalformed(input: String, reason: String) {
        #expect(throws: MediaError.invalidDataURL(reason: reason)) { try DataURL(parsing: input) }
    }
}
